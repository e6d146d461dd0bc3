import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { get, type FiscalYear } from './api.ts';

/** The loaded fiscal years, newest first. */
export function useYears() {
  return useQuery({
    queryKey: ['years'],
    queryFn: async () => (await get<{ years: FiscalYear[] }>('/api/years')).years,
  });
}

/** The year in the address (?year=), else the newest year with outcome, else the newest. */
export function useSelectedYear(): {
  year: FiscalYear | undefined;
  years: FiscalYear[];
  isPending: boolean;
  error: unknown;
} {
  const years = useYears();
  const [params] = useSearchParams();
  const list = years.data ?? [];
  const wanted = Number(params.get('year'));
  const year =
    list.find((y) => y.year === wanted) ?? list.find((y) => y.outcomeSource !== null) ?? list[0];
  return { year, years: list, isPending: years.isPending, error: years.error };
}

/** The calendar month (1–12) of a fiscal year's month number (1 = the first month of the year). */
export function calendarMonth(year: FiscalYear, month: number): number {
  const startMonth = Number(year.start.slice(5, 7));
  return ((startMonth - 1 + month - 1) % 12) + 1;
}
