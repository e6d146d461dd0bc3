import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { get, query } from '../../api.ts';
import { ErrorMessage, Loading } from '../../components/DataState.tsx';
import { monthName } from '../../format.ts';
import { useLanguage } from '../../i18n.tsx';
import { calendarMonth } from '../../years.ts';
import {
  formatPercentText,
  formatTkr,
  monthLabel,
  oreToTkr,
  useForecastMonth,
  type AccuracyRow,
  type ForecastAccuracy,
} from './forecast-api.ts';
import { ForecastHeading, MonthToolbar, WithoutYear } from './ForecastLayout.tsx';

const AccuracyChart = lazy(() =>
  import('./AccuracyChart.tsx').then((m) => ({ default: m.AccuracyChart })),
);

// No deficit colour: a difference either way is a miss, and the sign says which way.
function Tkr({ ore }: { ore: number }) {
  return <td className="num">{formatTkr(ore)}</td>;
}

function Figures({ row }: { row: AccuracyRow }) {
  return (
    <>
      <Tkr ore={row.forecast} />
      <Tkr ore={row.bokslut} />
      <Tkr ore={row.difference} />
      <td className="num">{formatPercentText(row.percent)}</td>
      <Tkr ore={row.linjar} />
      <Tkr ore={row.linjarDifference} />
      <td className="num">{formatPercentText(row.linjarPercent)}</td>
    </>
  );
}

/** The column headings of Figures. */
function FigureHeaders() {
  const { t } = useLanguage();
  const f = t.forecast;
  const headers = [
    f.title,
    f.bokslut,
    f.difference,
    f.differencePercent,
    f.linjar,
    f.linjarDifference,
    f.linjarPercent,
  ];
  return (
    <>
      {headers.map((h) => (
        <th key={h} scope="col" className="num">
          {h}
        </th>
      ))}
    </>
  );
}

/** Prognossäkerhet: each month's submitted forecasts against the bokslut, beside linjar. */
export function ForecastAccuracyPage() {
  const { t, language } = useLanguage();
  const f = t.forecast;
  const choice = useForecastMonth();
  const year = choice.year;
  const accuracy = useQuery({
    queryKey: ['forecast-accuracy', year?.year],
    queryFn: () => get<ForecastAccuracy>(`/api/forecasts/accuracy${query({ year: year?.year })}`),
    enabled: year !== undefined,
  });
  if (choice.isPending || choice.error || !year)
    return <WithoutYear choice={choice} title={f.accuracyTitle} />;
  const data = accuracy.data;
  return (
    <>
      <ForecastHeading
        title={f.accuracyTitle}
        search={query({ year: year.year, month: choice.month })}
        intro={f.accuracyIntro}
      />
      <MonthToolbar choice={choice} year={year} hasMonth={false} />
      {accuracy.isPending && <Loading />}
      {accuracy.isError && <ErrorMessage error={accuracy.error} />}
      {data && data.total.length === 0 && <p>{f.noAccuracy}</p>}
      {data && data.total.length > 0 && (
        <>
          <Suspense fallback={<Loading />}>
            <AccuracyChart
              series={Array.from({ length: data.months }, (_, i) => {
                const row = data.total.find((r) => r.month === i + 1);
                return {
                  label: monthName(calendarMonth(year, i + 1), language),
                  forecast: row ? Number(oreToTkr(row.difference)) : null,
                  linjar: row ? Number(oreToTkr(row.linjarDifference)) : null,
                };
              })}
              description={f.chartDescription(data.year)}
              forecastLabel={f.forecastDifference}
              linjarLabel={f.linjarDifference}
            />
          </Suspense>
          <table>
            <caption>{f.accuracyCaption(data.year)}</caption>
            <thead>
              <tr>
                <th scope="col">{f.month}</th>
                <FigureHeaders />
              </tr>
            </thead>
            <tbody>
              {data.total.map((row) => (
                <tr key={row.month}>
                  <th scope="row">{monthLabel(year, row.month, language)}</th>
                  <Figures row={row} />
                </tr>
              ))}
            </tbody>
          </table>
          <details>
            <summary>{f.perUnit}</summary>
            <table>
              <caption>{f.accuracyUnitsCaption(data.year)}</caption>
              <thead>
                <tr>
                  <th scope="col">{f.ansvar}</th>
                  <th scope="col">{f.month}</th>
                  <FigureHeaders />
                </tr>
              </thead>
              <tbody>
                {[...data.rows]
                  .sort((a, b) => a.code.localeCompare(b.code, 'sv') || a.month - b.month)
                  .map((row) => (
                    <tr key={`${row.code}-${String(row.month)}`}>
                      <th scope="row">{`${row.code} ${row.name}`}</th>
                      <td>{monthLabel(year, row.month, language)}</td>
                      <Figures row={row} />
                    </tr>
                  ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </>
  );
}
