import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { get } from '../../api.ts';
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
