import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { get, query, type VoucherRows } from '../api.ts';
import { ErrorMessage, Loading } from '../components/DataState.tsx';
import { Amount } from '../components/Figures.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { formatOre } from '../format.ts';
import { useLanguage } from '../i18n.tsx';

const PAGE = 100;
const KEYS = [
  'year',
  'from',
  'to',
  'omrade',
  'verksamhet',
  'ansvar',
  'kontogrupp',
  'konto',
] as const;

/** The voucher rows behind a figure of the drill-down (date, voucher number, text, amount). */
export function Vouchers() {
  const { t } = useLanguage();
  const [params, setParams] = useSearchParams();
  const offset = Number(params.get('offset') ?? 0);
  const filter: Record<string, string> = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value) filter[key] = value;
  }
  const rows = useQuery({
    queryKey: ['vouchers', filter, offset],
    queryFn: () =>
      get<VoucherRows>(`/api/drilldown/vouchers${query({ ...filter, limit: PAGE, offset })}`),
  });
  const back = `/utfall${query({ ...filter, by: filter['konto'] ? 'konto' : undefined })}`;
  const describe = ['verksamhet', 'ansvar', 'kontogrupp', 'konto']
    .filter((key) => filter[key])
    .map((key) => `${t.drilldown.byOption[key as 'konto']} ${filter[key] ?? ''}`)
    .join(' · ');
  const page = (nextOffset: number) => {
    const next = new URLSearchParams(params);
    next.set('offset', String(nextOffset));
    setParams(next);
  };
  return (
    <>
      <PageTitle title={t.drilldown.vouchers} />
      <h1>{t.drilldown.vouchers}</h1>
      <p>
        <Link to={back}>← {t.drilldown.title}</Link>
      </p>
      {rows.isPending && <Loading />}
      {rows.isError && <ErrorMessage error={rows.error} />}
      {rows.data && rows.data.source !== 'vouchers' && (
        <p className="notice">{t.drilldown.fromPeriods(rows.data.source)}</p>
      )}
      {rows.data && rows.data.source === 'vouchers' && (
        <>
          <p>
            {t.drilldown.rowsOf(rows.data.rows.length, rows.data.count)} {t.drilldown.sumOfAll}:{' '}
            <strong>{formatOre(rows.data.sum, 2)}</strong> {t.units.kr}.
          </p>
          <table>
            <caption>
              {t.drilldown.vouchers}
              {describe ? ` · ${describe}` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t.drilldown.date}</th>
                <th scope="col">{t.drilldown.voucher}</th>
                <th scope="col">{t.drilldown.text}</th>
                <th scope="col">{t.drilldown.konto}</th>
                <th scope="col">{t.drilldown.ansvar}</th>
                <th scope="col">{t.drilldown.verksamhet}</th>
                <th scope="col" className="num">
                  {t.drilldown.amount}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.data.rows.map((row, i) => (
                <tr key={`${row.series}${row.number}:${i + offset}`}>
                  <td>{row.date}</td>
                  <td>
                    {row.series} {row.number}
                  </td>
                  <td>{row.rowText ? `${row.text} – ${row.rowText}` : row.text}</td>
                  <td>{row.konto}</td>
                  <td>{row.ansvar}</td>
                  <td>{row.verksamhet}</td>
                  <Amount value={row.amount} ore="exact" />
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            {offset > 0 && (
              <button
                type="button"
                onClick={() => {
                  page(Math.max(0, offset - PAGE));
                }}
              >
                {t.drilldown.previous}
              </button>
            )}
            {offset + PAGE < rows.data.count && (
              <button
                type="button"
                onClick={() => {
                  page(offset + PAGE);
                }}
              >
                {t.drilldown.next}
              </button>
            )}
          </div>
        </>
      )}
    </>
  );
}
