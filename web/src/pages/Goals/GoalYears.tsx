import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useSearchParams } from 'react-router';
import { get } from '../../api.ts';
import { useLanguage } from '../../i18n.tsx';
import type { GoalYears } from './goals-api.ts';

/** The years with goals and statistics, for both pages' year choice. */
export function useGoalYears() {
  return useQuery({ queryKey: ['goals', 'years'], queryFn: () => get<GoalYears>('/api/goals') });
}

/** The year in the address (?year=) when offered, else the newest. */
export function useYearChoice(years: number[]): [number | undefined, (year: number) => void] {
  const [params, setParams] = useSearchParams();
  const wanted = Number(params.get('year'));
  const year = years.includes(wanted) ? wanted : years[0];
  return [
    year,
    (next) => {
      setParams({ year: String(next) });
    },
  ];
}

export function YearChoice({
  years,
  value,
  onChange,
}: {
  years: number[];
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
        {years.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </select>
    </div>
  );
}
