import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { get, query } from '../../api.ts';
import { ErrorMessage, Loading } from '../../components/DataState.tsx';
import { useLanguage } from '../../i18n.tsx';
import { ForecastEditor } from './ForecastEditor.tsx';
import {
  monthLabel,
  useForecastMonth,
  type ForecastForm,
  type ForecastOverview,
} from './forecast-api.ts';
import { ForecastHeading, MonthToolbar, WithoutYear } from './ForecastLayout.tsx';

/** The month's overview: which ansvar the user may forecast (the server lists their units only). */
export function useForecastOverview(year: number | undefined, month: number) {
  return useQuery({
    queryKey: ['forecast-overview', year, month],
    queryFn: () => get<ForecastOverview>(`/api/forecasts/overview${query({ year, month })}`),
    enabled: year !== undefined,
  });
}

/** Prognos: one ansvar's full-year forecast for a month, from the proposals or by hand. */
export function ForecastPage() {
  const { t, language } = useLanguage();
  const f = t.forecast;
  const choice = useForecastMonth();
  const ansvarId = useId();
  // Bumped by "Läs in igen": the editor starts again from what the server holds now.
  const [generation, setGeneration] = useState(0);
  const year = choice.year;
  const overview = useForecastOverview(year?.year, choice.month);
  const units = overview.data?.units ?? [];
  const ansvar =
    units.find((u) => u.code === choice.ansvar)?.code ?? choice.ansvar ?? units[0]?.code;
  const form = useQuery({
    queryKey: ['forecast-form', year?.year, choice.month, ansvar],
    queryFn: () =>
      get<ForecastForm>(
        `/api/forecasts/form${query({ year: year?.year, month: choice.month, ansvar })}`,
      ),
    enabled: year !== undefined && ansvar !== undefined,
  });

  if (choice.isPending || choice.error || !year)
    return <WithoutYear choice={choice} title={f.title} />;
  const search = query({ year: year.year, month: choice.month, ansvar });
  return (
    <>
      <ForecastHeading title={f.title} search={search} intro={f.intro} />
      <MonthToolbar choice={choice} year={year}>
        {units.length > 0 && (
          <div className="field inline">
            <label htmlFor={ansvarId}>{f.ansvar}</label>
            <select
              id={ansvarId}
              value={ansvar}
              onChange={(e) => {
                choice.choose({ ansvar: e.target.value });
              }}
            >
              {units.map((u) => (
                <option key={u.code} value={u.code}>
                  {u.code === '' ? u.name : `${u.code} ${u.name}`}
                </option>
              ))}
            </select>
          </div>
        )}
      </MonthToolbar>
      {overview.isPending && <Loading />}
      {overview.isError && <ErrorMessage error={overview.error} />}
      {overview.data && units.length === 0 && <p>{f.noUnits}</p>}
      {form.isPending && ansvar !== undefined && <Loading />}
      {form.isError && <ErrorMessage error={form.error} />}
      {form.data && (
        <ForecastEditor
          key={`${form.data.year}-${form.data.month}-${form.data.ansvar.code}-${generation}`}
          form={form.data}
          monthText={monthLabel(year, form.data.month, language)}
          previousMonthText={
            form.data.previous ? monthLabel(year, form.data.previous.month, language) : ''
          }
          onReload={async () => {
            await form.refetch();
            setGeneration((g) => g + 1);
          }}
        />
      )}
    </>
  );
}
