import { useQuery } from '@tanstack/react-query';
import { useId, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { get, query, type DriftRow, type Report, type ReportName } from '../api.ts';
import { ErrorMessage, Loading } from '../components/DataState.tsx';
import { ColumnHeaders } from '../components/ColumnHeaders.tsx';
import { Amount } from '../components/Figures.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { MonthSelect, YearSelect } from '../components/Selectors.tsx';
import { useLanguage, type Dictionary } from '../i18n.tsx';
import { useSelectedYear } from '../years.ts';

const NAMES: ReportName[] = [
  'driftredovisning',
  'driftresultat',
  'verksamhetsanalys',
  'investeringsredovisning',
];

function driftRows(rows: DriftRow[], depth = 1): ReactNode[] {
  return rows.flatMap((row) => [
    <tr key={`${depth}:${row.code}`} className={`level-${depth}`}>
      <th scope="row">
        {row.code} {row.name}
      </th>
      <Amount value={row.utfall} />
      <Amount value={row.budget} />
      <Amount value={row.avvikelse} />
    </tr>,
    ...driftRows(row.children, depth + 1),
  ]);
}

function ReportTable({ report, t, caption }: { report: Report; t: Dictionary; caption: string }) {
  switch (report.report) {
    case 'driftredovisning':
      return (
        <table>
          <caption>{caption}</caption>
          <ColumnHeaders cells={[t.reports.verksamhet, t.utfall, t.budget, t.avvikelse]} />
          <tbody>{driftRows(report.rows)}</tbody>
          <tfoot>
            <tr>
              <th scope="row">{t.total}</th>
              <Amount value={report.total.utfall} />
              <Amount value={report.total.budget} />
              <Amount value={report.total.avvikelse} />
            </tr>
          </tfoot>
        </table>
      );
    case 'driftresultat':
      return (
        <table>
          <caption>{caption}</caption>
          <ColumnHeaders
            cells={[
              '',
              t.reports.bokslutForegaende(report.year - 1),
              t.reports.bokslut(report.year),
              `${t.budget} ${report.year}`,
              t.avvikelse,
            ]}
          />
          <tbody>
            {report.rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                <Amount value={row.bokslutForegaende} />
                <Amount value={row.bokslut} />
                <Amount value={row.budget} />
                <Amount value={row.avvikelse} />
              </tr>
            ))}
          </tbody>
        </table>
      );
    case 'verksamhetsanalys':
      return (
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                {t.reports.verksamhet}
              </th>
              <th scope="colgroup" colSpan={2} className="num">
                {t.reports.intakt}
              </th>
              <th scope="colgroup" colSpan={2} className="num">
                {t.reports.kostnad}
              </th>
              <th scope="col" rowSpan={2} className="num">
                {t.reports.nettoavvikelse}
              </th>
            </tr>
            <tr>
              <th scope="col" className="num">
                {t.utfall}
              </th>
              <th scope="col" className="num">
                {t.budget}
              </th>
              <th scope="col" className="num">
                {t.utfall}
              </th>
              <th scope="col" className="num">
                {t.budget}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((row) => (
              <tr key={row.code}>
                <th scope="row">
                  {row.code} {row.name}
                </th>
                <Amount value={row.intakt.utfall} />
                <Amount value={row.intakt.budget} />
                <Amount value={row.kostnad.utfall} />
                <Amount value={row.kostnad.budget} />
                <Amount value={row.nettoavvikelse} />
              </tr>
            ))}
          </tbody>
        </table>
      );
    case 'investeringsredovisning':
      return (
        <table>
          <caption>{caption}</caption>
          <ColumnHeaders
            cells={[
              t.reports.projekt,
              t.reports.bokslut(report.year),
              t.budget,
              t.avvikelse,
              t.reports.ombudgetering,
            ]}
          />
          <tbody>
            {report.rows.map((row) => (
              <tr key={row.code}>
                <th scope="row">
                  {row.code} {row.name}
                  {row.comment && <span className="comment">{row.comment}</span>}
                </th>
                <Amount value={row.bokslut} />
                <Amount value={row.budget} />
                <Amount value={row.avvikelse} />
                <Amount value={row.ombudgetering} />
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t.total}</th>
              <Amount value={report.total.bokslut} />
              <Amount value={report.total.budget} />
              <Amount value={report.total.avvikelse} />
              <Amount value={report.total.ombudgetering} />
            </tr>
          </tfoot>
        </table>
      );
  }
}

export function Reports() {
  const { t } = useLanguage();
  const [params, setParams] = useSearchParams();
  const selected = useSelectedYear();
  const year = selected.year;
  const name = NAMES.find((n) => n === params.get('report')) ?? 'driftredovisning';
  const throughMonth = params.get('throughMonth') ? Number(params.get('throughMonth')) : undefined;
  const unit = params.get('unit') === 'mnkr' ? 'mnkr' : 'tkr';
  const by = params.get('by') ?? 'verksamhet';
  const ids = { report: useId(), unit: useId(), by: useId() };
  const search = {
    year: year?.year,
    throughMonth: name === 'investeringsredovisning' ? undefined : throughMonth,
    unit,
    by: name === 'driftredovisning' ? by : undefined,
  };
  const report = useQuery({
    queryKey: ['report', name, search],
    queryFn: () => get<Report>(`/api/reports/${name}${query(search)}`),
    enabled: year !== undefined,
  });
  const set = (changes: Record<string, string | number | undefined>) => {
    setParams(
      new URLSearchParams(
        query({ report: name, year: year?.year, throughMonth, unit, by, ...changes }),
      ),
    );
  };
  if (selected.isPending) return <Loading />;
  if (selected.error) return <ErrorMessage error={selected.error} />;
  if (!year) return <p>{t.overview.noYears}</p>;
  const title = t.reports.names[name];
  return (
    <>
      <PageTitle title={`${t.reports.title}: ${title}`} />
      <h1>{t.reports.title}</h1>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <div className="field inline">
          <label htmlFor={ids.report}>{t.reports.report}</label>
          <select
            id={ids.report}
            value={name}
            onChange={(e) => {
              set({ report: e.target.value });
            }}
          >
            {NAMES.map((n) => (
              <option key={n} value={n}>
                {t.reports.names[n]}
              </option>
            ))}
          </select>
        </div>
        <YearSelect
          years={selected.years}
          value={year.year}
          onChange={(y) => {
            set({ year: y });
          }}
        />
        {name !== 'investeringsredovisning' && (
          <MonthSelect
            label={t.throughMonth}
            year={year}
            value={throughMonth}
            emptyLabel={t.reports.wholeYear}
            onChange={(m) => {
              set({ throughMonth: m });
            }}
          />
        )}
        <div className="field inline">
          <label htmlFor={ids.unit}>{t.unit}</label>
          <select
            id={ids.unit}
            value={unit}
            onChange={(e) => {
              set({ unit: e.target.value });
            }}
          >
            <option value="tkr">{t.units.tkr}</option>
            <option value="mnkr">{t.units.mnkr}</option>
          </select>
        </div>
        {name === 'driftredovisning' && (
          <div className="field inline">
            <label htmlFor={ids.by}>{t.reports.by}</label>
            <select
              id={ids.by}
              value={by}
              onChange={(e) => {
                set({ by: e.target.value });
              }}
            >
              {(['verksamhet', 'ansvar', 'verksamhetsomrade'] as const).map((b) => (
                <option key={b} value={b}>
                  {t.reports.byOption[b]}
                </option>
              ))}
            </select>
          </div>
        )}
      </form>
      <p className="downloads">
        {t.reports.download}:{' '}
        <a href={`/api/reports/${name}${query({ ...search, format: 'xlsx' })}`} download>
          {t.reports.downloadXlsx}
        </a>{' '}
        ·{' '}
        <a href={`/api/reports/${name}${query({ ...search, format: 'csv' })}`} download>
          {t.reports.downloadCsv}
        </a>
      </p>
      {report.isPending && <Loading />}
      {report.isError && <ErrorMessage error={report.error} />}
      {report.data && (
        <>
          <h2>{title}</h2>
          <ReportTable
            report={report.data}
            t={t}
            caption={t.reports.caption(title, report.data.year, t.units[unit])}
          />
          {report.data.warnings.length > 0 && (
            <section aria-labelledby="warnings-title">
              <h3 id="warnings-title">{t.reports.warnings}</h3>
              <ul className="warnings">
                {report.data.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </>
  );
}
