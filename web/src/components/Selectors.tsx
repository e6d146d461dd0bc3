import { useId } from 'react';
import type { FiscalYear } from '../api.ts';
import { monthName } from '../format.ts';
import { useLanguage } from '../i18n.tsx';
import { calendarMonth } from '../years.ts';

/** The year choice of every page: fiscal years (shown by their dates when not calendar years) or plain years. */
export function YearSelect({
  years,
  value,
  onChange,
}: {
  years: readonly (FiscalYear | number)[];
  value: number;
  onChange: (year: number) => void;
}) {
  const { t } = useLanguage();
  const id = useId();
  return (
    <div className="field inline">
      <label htmlFor={id}>{t.year}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => {
          onChange(Number(e.target.value));
        }}
      >
        {years.map((y) =>
          typeof y === 'number' ? (
            <option key={y} value={y}>
              {y}
            </option>
          ) : (
            <option key={y.year} value={y.year}>
              {y.start.slice(5) === '01-01' ? y.year : `${y.start} – ${y.end}`}
            </option>
          ),
        )}
      </select>
    </div>
  );
}

/** A month of the fiscal year (1..months), shown by its calendar name. */
export function MonthSelect({
  label,
  year,
  value,
  onChange,
  emptyLabel,
}: {
  label: string;
  year: FiscalYear;
  value: number | undefined;
  onChange: (month: number | undefined) => void;
  /** Offer "no month" (e.g. the whole year) with this label. */
  emptyLabel?: string;
}) {
  const { language } = useLanguage();
  const id = useId();
  return (
    <div className="field inline">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value ?? ''}
        onChange={(e) => {
          onChange(e.target.value === '' ? undefined : Number(e.target.value));
        }}
      >
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {Array.from({ length: year.months }, (_, i) => i + 1).map((m) => (
          <option key={m} value={m}>
            {monthName(calendarMonth(year, m), language, 'long')}
          </option>
        ))}
      </select>
    </div>
  );
}
