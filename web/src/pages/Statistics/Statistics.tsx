import { YearSelect } from '../../components/Selectors.tsx';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { get } from '../../api.ts';
import { ErrorMessage, Loading } from '../../components/DataState.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { formatDecimal } from '../../format.ts';
import { useLanguage } from '../../i18n.tsx';
import { administers, useSession } from '../../session.tsx';
import { useGoalYears, useYearChoice } from '../Goals/GoalYears.tsx';
import type { Statistics as StatisticsAnswer } from '../Goals/goals-api.ts';
import { SeriesValueForm } from './SeriesValueForm.tsx';

/** Statistik: the verksamhetsstatistik tables, the year and the two before. */
export function Statistics() {
  const { t } = useLanguage();
  const s = t.statistics;
  const { user } = useSession();
  const [entering, setEntering] = useState(false);
  const years = useGoalYears();
  const [year, setYear] = useYearChoice(years.data?.statisticsYears ?? []);
  const statistics = useQuery({
    queryKey: ['statistics', year],
    queryFn: () => get<StatisticsAnswer>(`/api/statistics/${String(year)}`),
    enabled: year !== undefined,
  });
  return (
    <>
      <PageTitle title={s.title} />
      <h1>{s.title}</h1>
      <p>{s.intro}</p>
      {years.isPending && <Loading />}
      {years.isError && <ErrorMessage error={years.error} />}
      {years.data && year === undefined && <p>{s.noStatistics}</p>}
      {year !== undefined && (
        <div className="toolbar">
          <YearSelect years={years.data?.statisticsYears ?? []} value={year} onChange={setYear} />
        </div>
      )}
      {statistics.data &&
        administers(user) &&
        (entering ? (
          <SeriesValueForm
            series={statistics.data.tables.flatMap((table) => table.rows)}
            year={year ?? new Date().getFullYear()}
            onDone={() => {
              setEntering(false);
            }}
          />
        ) : (
          <button
            type="button"
            onClick={() => {
              setEntering(true);
            }}
          >
            {s.enter}
          </button>
        ))}
      {statistics.isPending && year !== undefined && <Loading />}
      {statistics.isError && <ErrorMessage error={statistics.error} />}
      {statistics.data?.tables.map((table) => (
        <table key={table.title} className="statistics">
          <caption>{s.caption(table.title, statistics.data.years[0] ?? 0)}</caption>
          <thead>
            <tr>
              <th scope="col">{s.measure}</th>
              <th scope="col">{s.unit}</th>
              {statistics.data.years.map((y) => (
                <th key={y} scope="col" className="num">
                  {y}
                </th>
              ))}
              <th scope="col">{s.note}</th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={row.code}>
                <th scope="row">
                  {row.name}
                  {row.aggregation && <span className="comment">{row.aggregation}</span>}
                </th>
                <td>{row.unit}</td>
                {statistics.data.years.map((y) => {
                  const value = row.values[String(y)] ?? null;
                  return (
                    <td key={y} className="num">
                      {value === null ? t.none : formatDecimal(value)}
                    </td>
                  );
                })}
                <td>{row.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </>
  );
}
