import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useSearchParams } from 'react-router';
import { get, query, type Figures, type Overview as OverviewData } from '../api.ts';
import { ErrorMessage, Loading } from '../components/DataState.tsx';
import { ColumnHeaders } from '../components/ColumnHeaders.tsx';
import { Amount, KeyFigure } from '../components/Figures.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { MonthSelect, YearSelect } from '../components/Selectors.tsx';
import { monthName } from '../format.ts';
import { useLanguage } from '../i18n.tsx';
import { useSession } from '../session.tsx';
import { calendarMonth, useSelectedYear } from '../years.ts';

const CumulativeChart = lazy(() =>
  import('../components/CumulativeChart.tsx').then((m) => ({ default: m.CumulativeChart })),
);

/** A link into the drill-down: the figure's year, months and filter. */
function drill(
  year: number,
  to: number,
  filter: Record<string, string | undefined>,
  from = 1,
): string {
  return `/utfall${query({ year, from, to, ...filter })}`;
}

function FigureCells({ row, link }: { row: Figures; link: string }) {
  const { t } = useLanguage();
  return (
    <>
      <Amount value={row.budgetYear} />
      <Amount value={row.budget} />
      <Amount value={row.utfall} to={link} label={t.overview.show(t.utfall.toLowerCase())} />
      <Amount value={row.avvikelse} to={link} label={t.overview.show(t.avvikelse.toLowerCase())} />
    </>
  );
}

function FigureHeaders({ first }: { first: string }) {
  const { t } = useLanguage();
  return (
    <ColumnHeaders cells={[first, t.budgetYear, t.budgetToDate, t.utfallToDate, t.avvikelse]} />
  );
}

export function Overview() {
  const { t, language } = useLanguage();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const selected = useSelectedYear();
  const year = selected.year;
  const throughParam = params.get('throughMonth');
  const throughMonth = throughParam ? Number(throughParam) : undefined;
  const overview = useQuery({
    queryKey: ['overview', year?.year, throughMonth],
    queryFn: () => get<OverviewData>(`/api/overview${query({ year: year?.year, throughMonth })}`),
    enabled: year !== undefined,
  });

  if (selected.isPending) return <Loading />;
  if (selected.error) return <ErrorMessage error={selected.error} />;
  if (!year)
    return (
      <>
        <PageTitle title={t.overview.title} />
        <h1>{t.overview.title}</h1>
        <p>{t.overview.noYears}</p>
      </>
    );
  const data = overview.data;
  const unit = data ? t.units[data.unit] : t.units.tkr;
  const sees = user.scope.length === 0 ? t.overview.everything : t.overview.yourUnits;
  const to = data?.throughMonth ?? year.months;
  return (
    <>
      <PageTitle title={t.overview.title} />
      <h1>{t.overview.title}</h1>
      <p>{t.overview.intro(sees)}</p>
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
            setParams({ year: String(y) });
          }}
        />
        <MonthSelect
          label={t.throughMonth}
          year={year}
          value={data?.throughMonth ?? throughMonth}
          onChange={(m) => {
            setParams(
              m === undefined
                ? { year: String(year.year) }
                : { year: String(year.year), throughMonth: String(m) },
            );
          }}
        />
      </form>
      {overview.isPending && <Loading />}
      {overview.isError && <ErrorMessage error={overview.error} />}
      {data && (
        <>
          {data.warnings.length > 0 && (
            <ul className="warnings">
              {data.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          <dl className="key-figures">
            <KeyFigure label={t.budgetYear} value={data.total.budgetYear} unit={unit} />
            <KeyFigure label={t.budgetToDate} value={data.total.budget} unit={unit} />
            <KeyFigure
              label={t.utfallToDate}
              value={data.total.utfall}
              unit={unit}
              to={drill(year.year, to, {})}
            />
            <KeyFigure
              label={t.avvikelse}
              value={data.total.avvikelse}
              unit={unit}
              to={drill(year.year, to, {})}
            />
          </dl>
          <p className="hint">{t.avvikelseHint}</p>

          <section aria-labelledby="chart-title">
            <h2 id="chart-title">{t.overview.chartTitle}</h2>
            <Suspense fallback={<Loading />}>
              <CumulativeChart
                series={data.series.map((s) => ({
                  label: monthName(calendarMonth(year, s.month), language),
                  budget: s.budgetCumulative,
                  utfall: s.utfallCumulative,
                }))}
                description={t.overview.chartLabel(unit)}
                budgetLabel={t.overview.budgetCumulative}
                utfallLabel={t.overview.utfallCumulative}
              />
            </Suspense>
            <details>
              <summary>{t.overview.chartTable}</summary>
              <table>
                <caption>
                  {t.overview.chartTitle}, {unit}
                </caption>
                <ColumnHeaders
                  cells={[
                    t.overview.month,
                    t.budget,
                    t.utfall,
                    t.overview.budgetCumulative,
                    t.overview.utfallCumulative,
                  ]}
                />
                <tbody>
                  {data.series.map((s) => (
                    <tr key={s.period}>
                      <th scope="row">
                        {monthName(calendarMonth(year, s.month), language, 'long')}
                      </th>
                      <Amount value={s.budget} />
                      {s.utfall === null ? (
                        <td className="num">{t.none}</td>
                      ) : (
                        <Amount value={s.utfall} to={drill(year.year, s.month, {}, s.month)} />
                      )}
                      <Amount value={s.budgetCumulative} />
                      {s.utfallCumulative === null ? (
                        <td className="num">{t.none}</td>
                      ) : (
                        <Amount value={s.utfallCumulative} to={drill(year.year, s.month, {})} />
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </section>

          <section aria-labelledby="areas-title">
            <h2 id="areas-title">{t.overview.byArea}</h2>
            <table>
              <caption className="visually-hidden">
                {t.overview.byArea}, {unit}
              </caption>
              <FigureHeaders first={t.overview.area} />
              <tbody>
                {data.areas.map((a) => (
                  <tr key={a.code}>
                    <th scope="row">{a.code === '' ? t.overview.outsideOrganisation : a.name}</th>
                    <FigureCells
                      row={a}
                      link={drill(year.year, to, { omrade: a.code || undefined, by: 'ansvar' })}
                    />
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t.total}</th>
                  <FigureCells row={data.total} link={drill(year.year, to, {})} />
                </tr>
              </tfoot>
            </table>
          </section>

          <section aria-labelledby="activities-title">
            <h2 id="activities-title">{t.overview.byActivity}</h2>
            <table>
              <caption className="visually-hidden">
                {t.overview.byActivity}, {unit}
              </caption>
              <FigureHeaders first={t.reports.verksamhet} />
              <tbody>
                {data.activities.flatMap((a) => [
                  <tr key={a.code} className="level-1">
                    <th scope="row">
                      {a.code} {a.name}
                    </th>
                    <FigureCells
                      row={a}
                      link={drill(year.year, to, {
                        verksamhet: a.code,
                        by: a.children.length > 0 ? 'verksamhet' : 'ansvar',
                      })}
                    />
                  </tr>,
                  ...a.children.map((c) => (
                    <tr key={`${a.code}/${c.code}`} className="level-2">
                      <th scope="row">
                        {c.code} {c.name}
                      </th>
                      <FigureCells
                        row={c}
                        link={drill(year.year, to, { verksamhet: c.code, by: 'ansvar' })}
                      />
                    </tr>
                  )),
                ])}
              </tbody>
            </table>
          </section>

          <section aria-labelledby="largest-title">
            <h2 id="largest-title">{t.overview.largest}</h2>
            <table>
              <caption className="visually-hidden">
                {t.overview.largest}, {unit}
              </caption>
              <ColumnHeaders
                cells={[
                  t.overview.ansvar,
                  t.overview.area,
                  t.budgetToDate,
                  t.utfallToDate,
                  t.avvikelse,
                ]}
                textColumns={2}
              />
              <tbody>
                {data.largestDeviations.map((d) => (
                  <tr key={d.ansvar}>
                    <th scope="row">
                      {d.ansvar} {d.name}
                    </th>
                    <td>{data.areas.find((a) => a.code === d.area)?.name ?? d.area}</td>
                    <Amount value={d.budget} />
                    <Amount
                      value={d.utfall}
                      to={drill(year.year, to, { ansvar: d.ansvar, by: 'kontogrupp' })}
                      label={t.overview.show(t.utfall.toLowerCase())}
                    />
                    <Amount
                      value={d.avvikelse}
                      to={drill(year.year, to, { ansvar: d.ansvar, by: 'kontogrupp' })}
                      label={t.overview.show(t.avvikelse.toLowerCase())}
                    />
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </>
  );
}
