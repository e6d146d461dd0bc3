import type { ReactNode } from 'react';
import { ErrorMessage, Loading } from '../../components/DataState.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { MonthSelect, YearSelect } from '../../components/Selectors.tsx';
import { useLanguage } from '../../i18n.tsx';
import type { useForecastMonth } from './forecast-api.ts';
import { ForecastNav } from './ForecastNav.tsx';

type ForecastMonth = ReturnType<typeof useForecastMonth>;

/** A forecast page's title and heading, then (once a year is known) the pages' menu and intro. */
export function ForecastHeading({
  title,
  search,
  intro,
}: {
  title: string;
  search?: string;
  intro?: string;
}) {
  return (
    <>
      <PageTitle title={title} />
      <h1>{title}</h1>
      {search !== undefined && <ForecastNav search={search} />}
      {intro !== undefined && <p>{intro}</p>}
    </>
  );
}

/** What a forecast page shows while it has no year: the years loading, their error, or none. */
export function WithoutYear({ choice, title }: { choice: ForecastMonth; title: string }) {
  const { t } = useLanguage();
  if (choice.isPending) return <Loading />;
  if (choice.error) return <ErrorMessage error={choice.error} />;
  return (
    <>
      <ForecastHeading title={title} />
      <p>{t.forecast.noYears}</p>
    </>
  );
}

/** The year and (unless `hasMonth` is false) month chosen, and what else the page chooses by. */
export function MonthToolbar({
  choice,
  year,
  hasMonth = true,
  children,
}: {
  choice: ForecastMonth;
  year: NonNullable<ForecastMonth['year']>;
  hasMonth?: boolean;
  children?: ReactNode;
}) {
  const { t } = useLanguage();
  return (
    <div className="toolbar">
      <YearSelect
        years={choice.years}
        value={year.year}
        onChange={(y) => {
          choice.choose({ year: y });
        }}
      />
      {hasMonth && (
        <MonthSelect
          label={t.forecast.month}
          year={year}
          value={choice.month}
          onChange={(m) => {
            if (m !== undefined) choice.choose({ month: m });
          }}
        />
      )}
      {children}
    </div>
  );
}
