import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { get, query, type DrillBy, type Drilldown as DrillData } from '../api.ts';
import { ErrorMessage, Loading } from '../components/DataState.tsx';
import { ColumnHeaders } from '../components/ColumnHeaders.tsx';
import { Amount } from '../components/Figures.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { MonthSelect, YearSelect } from '../components/Selectors.tsx';
import { useLanguage } from '../i18n.tsx';
import { useSelectedYear } from '../years.ts';

const FILTERS = ['omrade', 'verksamhet', 'ansvar', 'kontogrupp', 'konto'] as const;
type FilterKey = (typeof FILTERS)[number];

/** What a row of a level opens: the next level down, given what is already chosen. */
function nextLevel(
  by: DrillBy,
  hasChildren: boolean,
  filter: Partial<Record<FilterKey, string>>,
): DrillBy | 'vouchers' {
  if (by === 'verksamhet' && hasChildren) return 'verksamhet';
  const order: DrillBy[] = ['verksamhet', 'ansvar', 'kontogrupp', 'konto'];
  const chosen = new Set<string>(
    Object.keys(filter).filter((k) => filter[k as FilterKey] !== undefined),
  );
  chosen.add(by);
  return (
    order.find((level) => !chosen.has(level) && !(level === 'kontogrupp' && chosen.has('konto'))) ??
    'vouchers'
  );
}

export function Drilldown() {
  const { t } = useLanguage();
  const [params, setParams] = useSearchParams();
  const selected = useSelectedYear();
  const year = selected.year;
  const from = Number(params.get('from') ?? 1);
  const to = Number(params.get('to') ?? year?.lastMonthWithOutcome ?? 12) || (year?.months ?? 12);
  const by = (params.get('by') ?? 'verksamhet') as DrillBy;
  const filter: Partial<Record<FilterKey, string>> = {};
  for (const key of FILTERS) {
    const value = params.get(key);
    if (value) filter[key] = value;
  }
  const byId = useId();
  const drill = useQuery({
    queryKey: ['drilldown', year?.year, from, to, by, filter],
    queryFn: () =>
      get<DrillData>(`/api/drilldown${query({ year: year?.year, from, to, by, ...filter })}`),
    enabled: year !== undefined,
  });
  const link = (changes: Record<string, string | number | undefined>, path = '/utfall') =>
    `${path}${query({ year: year?.year, from, to, by, ...filter, ...changes })}`;
  const set = (changes: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(
      query({ year: year?.year, from, to, by, ...filter, ...changes }),
    );
    setParams(next);
  };

  if (selected.isPending) return <Loading />;
  if (selected.error) return <ErrorMessage error={selected.error} />;
  if (!year) return <p>{t.overview.noYears}</p>;
  const data = drill.data;
  const levels = (['verksamhet', 'ansvar', 'kontogrupp', 'konto'] as DrillBy[]).filter(
    (level) => filter[level as FilterKey] === undefined || level === 'verksamhet',
  );
  return (
    <>
      <PageTitle title={t.drilldown.title} />
      <h1>{t.drilldown.title}</h1>
      <p>{t.drilldown.intro}</p>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <YearSelect
          years={selected.years}
          value={year.year}
          onChange={(y) => {
            set({ year: y });
          }}
        />
        <MonthSelect
          label={t.fromMonth}
          year={year}
          value={from}
          onChange={(m) => {
            set({ from: m ?? 1, to: Math.max(to, m ?? 1) });
          }}
        />
        <MonthSelect
          label={t.toMonth}
          year={year}
          value={to}
          onChange={(m) => {
            set({ to: m ?? year.months, from: Math.min(from, m ?? year.months) });
          }}
        />
        <div className="field inline">
          <label htmlFor={byId}>{t.drilldown.by}</label>
          <select
            id={byId}
            value={by}
            onChange={(e) => {
              set({ by: e.target.value });
            }}
          >
            {levels.map((level) => (
              <option key={level} value={level}>
                {t.drilldown.byOption[level]}
              </option>
            ))}
          </select>
        </div>
      </form>
      <nav aria-label={t.drilldown.path} className="breadcrumbs">
        <ol>
          <li>
            <Link to={`/utfall${query({ year: year.year, from, to })}`}>{t.drilldown.start}</Link>
          </li>
          {data?.path.map((step, i) => {
            const keep: Record<string, string | undefined> = {};
            for (const earlier of data.path.slice(0, i + 1)) keep[earlier.by] = earlier.code;
            const isLast = i === data.path.length - 1;
            return (
              <li key={`${step.by}:${step.code}`}>
                {isLast ? (
                  <span aria-current="page">
                    {t.drilldown.byOption[step.by]} {step.code} {step.name}
                  </span>
                ) : (
                  <Link
                    to={`/utfall${query({ year: year.year, from, to, ...keep, by: data.path[i + 1]?.by })}`}
                  >
                    {t.drilldown.byOption[step.by]} {step.code} {step.name}
                  </Link>
                )}
              </li>
            );
          })}
        </ol>
      </nav>
      {drill.isPending && <Loading />}
      {drill.isError && <ErrorMessage error={drill.error} />}
      {data && (
        <>
          <table>
            <caption>
              {t.drilldown.byOption[data.by]} · {t.drilldown.amountsIn}
            </caption>
            <ColumnHeaders
              cells={[t.drilldown.byOption[data.by], t.budget, t.utfall, t.avvikelse]}
            />
            <tbody>
              {data.rows.length === 0 && (
                <tr>
                  <td colSpan={4}>{t.drilldown.noRows}</td>
                </tr>
              )}
              {data.rows.map((row) => {
                const next = nextLevel(data.by, row.hasChildren, filter);
                const target =
                  next === 'vouchers'
                    ? link({ [data.by]: row.code, by: undefined }, '/utfall/verifikationer')
                    : link({ [data.by]: row.code, by: next });
                const label =
                  next === 'vouchers' ? t.drilldown.showVouchers : t.drilldown.byOption[next];
                return (
                  <tr key={row.code}>
                    <th scope="row">
                      <Link to={target}>
                        {row.code} {row.name}
                      </Link>
                    </th>
                    <Amount value={row.budget} ore />
                    <Amount value={row.utfall} ore to={target} label={label} />
                    <Amount value={row.avvikelse} ore />
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t.total}</th>
                <Amount value={data.total.budget} ore />
                <Amount
                  value={data.total.utfall}
                  ore
                  to={link({ by: undefined }, '/utfall/verifikationer')}
                  label={t.drilldown.showVouchers}
                />
                <Amount value={data.total.avvikelse} ore />
              </tr>
            </tfoot>
          </table>
          <p>
            <Link to={link({ by: undefined }, '/utfall/verifikationer')}>
              {t.drilldown.showVouchers}
            </Link>
          </p>
        </>
      )}
    </>
  );
}
