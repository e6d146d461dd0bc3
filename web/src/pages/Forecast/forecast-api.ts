import { useSearchParams } from 'react-router';
import { query, type FiscalYear } from '../../api.ts';
import { monthName } from '../../format.ts';
import { calendarMonth, useSelectedYear } from '../../years.ts';

/**
 * The forecast API's answers as the pages read them (docs/forecast.md, API). Amounts are öre,
 * ledger signs: a net cost is positive, income negative. Timestamps arrive as ISO text.
 */
export const FORECAST_METHODS = [
  'budget',
  'utfall-plus-budget',
  'linjar',
  'fjolarsprofil',
  'atgarder',
] as const;
export type ForecastMethod = (typeof FORECAST_METHODS)[number];
export const FORECAST_PARTS = ['intakter', 'personal', 'ovriga'] as const;
export type ForecastPart = (typeof FORECAST_PARTS)[number];
export type ForecastStatus = 'utkast' | 'inlamnad' | 'godkand' | 'aterskickad';

export interface Proposal {
  method: ForecastMethod;
  amount: number;
  arithmetic: string;
  fallback?: { to: ForecastMethod; reason: string };
}

export interface PeriodState {
  status: 'open' | 'closed';
  closedAt: string | null;
  closedBy: string | null;
  rowVersion: number;
}

export interface StoredForecast {
  status: ForecastStatus;
  method: string;
  parts: Record<ForecastPart, number>;
  total: number;
  reason: string | null;
  comment: string;
  updatedBy: string;
  updatedAt: string;
  submittedBy: string | null;
  submittedAt: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewComment: string;
  rowVersion: number;
}

export interface Threshold {
  amount: number;
  /** Per cent of the budget as an exact decimal ("1", "0.5"). */
  percent: string;
}

export interface ForecastForm {
  year: number;
  month: number;
  months: number;
  ansvar: { code: string; name: string };
  period: PeriodState;
  parts: {
    part: ForecastPart;
    label: string;
    budget: number;
    outcomeToDate: number;
    proposals: Proposal[];
  }[];
  total: { budget: number; outcomeToDate: number; proposals: Proposal[] };
  forecast: StoredForecast | null;
  previous: (StoredForecast & { month: number }) | null;
  threshold: Threshold;
  reasons: { code: string; label: string }[];
}

export interface OverviewRow {
  code: string;
  name: string;
  area: string;
  budget: number;
  outcomeToDate: number;
  forecast: number | null;
  deviation: number | null;
  status: ForecastStatus | null;
  reason: string | null;
  comment: string;
  submittedBy: string | null;
  reviewedBy: string | null;
  explanationRequired: boolean;
  changedSinceClose: number | null;
}

export interface ForecastOverview {
  year: number;
  month: number;
  period: PeriodState;
  events: { month: number; action: 'close' | 'reopen'; reason: string; at: string; by: string }[];
  units: OverviewRow[];
  areas: {
    code: string;
    name: string;
    budget: number;
    forecast: number;
    deviation: number;
    missing: number;
    explanationRequired: boolean;
  }[];
  total: {
    budget: number;
    forecast: number;
    deviation: number;
    submitted: number;
    approved: number;
    units: number;
  };
}

export interface PeriodChange {
  year: number;
  month: number;
  status: 'open' | 'closed';
  missing: string[];
}

export interface AccuracyRow {
  month: number;
  code: string;
  name: string;
  forecast: number;
  bokslut: number;
  difference: number;
  percent: string | null;
  linjar: number;
  linjarDifference: number;
  linjarPercent: string | null;
}

export interface ForecastAccuracy {
  year: number;
  months: number;
  rows: AccuracyRow[];
  total: AccuracyRow[];
}

const ORE_PER_TKR = 100_000n;

/** Öre as whole tkr, half away from zero: 123_450_000 → 1235n (1 234,5 tkr). */
export function oreToTkr(ore: number | bigint): bigint {
  const value = BigInt(ore);
  const abs = value < 0n ? -value : value;
  const tkr = (abs + ORE_PER_TKR / 2n) / ORE_PER_TKR;
  return value < 0n ? -tkr : tkr;
}

const integer = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });

/** Öre shown in whole tkr, Swedish format: 123_450_000 → "1 235". */
export function formatTkr(ore: number | bigint): string {
  return integer.format(oreToTkr(ore));
}

/**
 * Öre as the tkr text a field holds, to the krona (the API takes at most three decimals of tkr):
 * 275_012_345 → "2 750,123"; -6_750_000 → "-67,5".
 */
export function tkrText(ore: number | bigint): string {
  const value = BigInt(ore);
  const abs = value < 0n ? -value : value;
  const kronor = (abs + 50n) / 100n;
  const whole = integer.format(kronor / 1000n);
  const fraction = (kronor % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
  const text = fraction === '' ? whole : `${whole},${fraction}`;
  return value < 0n && kronor !== 0n ? `-${text}` : text;
}

/** A field's tkr text as öre, as the server reads it ("2 750", "-67,5"); undefined if it is none. */
export function parseTkr(text: string): bigint | undefined {
  const clean = text
    .replace(/[\s\u00a0]/g, '')
    .replace(/^[−–]/, '-')
    .replace(/tkr$/i, '');
  const match = /^(-?)(\d+)(?:[.,](\d{1,3}))?$/.exec(clean);
  if (!match) return undefined;
  const [, sign, whole = '0', fraction = ''] = match;
  const ore = BigInt(whole) * ORE_PER_TKR + BigInt(fraction.padEnd(3, '0')) * 100n;
  return sign === '-' ? -ore : ore;
}

/**
 * Whether a deviation must be explained, as the server decides it (docs/forecast.md): |forecast −
 * budget| at or above the amount, or at or above the per cent of |budget|.
 */
export function needsExplanation(forecast: bigint, budget: bigint, threshold: Threshold): boolean {
  const deviation = forecast > budget ? forecast - budget : budget - forecast;
  if (deviation === 0n) return false;
  if (deviation >= BigInt(threshold.amount)) return true;
  const base = budget < 0n ? -budget : budget;
  if (base === 0n) return false;
  const match = /^(\d+)(?:\.(\d+))?$/.exec(threshold.percent.trim());
  if (!match) return false;
  const decimals = match[2] ?? '';
  const numerator = BigInt((match[1] ?? '0') + decimals);
  const denominator = 10n ** BigInt(decimals.length);
  // deviation / base ≥ percent / 100  ⇔  deviation × 100 × denominator ≥ numerator × base
  return deviation * 100n * denominator >= numerator * base;
}

/** A per cent as exact text from the API ("-2.5") in Swedish format: "−2,5 %". */
export function formatPercentText(text: string | null): string {
  if (text === null) return '—';
  return `${text.replace(/^-/, '−').replace('.', ',')} %`;
}

/** The month in the address (?month=), else the year's last month with outcome, else its first. */
export function useForecastMonth(): {
  year: FiscalYear | undefined;
  years: FiscalYear[];
  month: number;
  ansvar: string | undefined;
  isPending: boolean;
  error: unknown;
  choose: (change: { year?: number; month?: number; ansvar?: string }) => void;
} {
  const selected = useSelectedYear();
  const [params, setParams] = useSearchParams();
  const year = selected.year;
  const wanted = Number(params.get('month'));
  const month =
    year && Number.isInteger(wanted) && wanted >= 1 && wanted <= year.months
      ? wanted
      : Math.max(1, year?.lastMonthWithOutcome ?? 1);
  return {
    year,
    years: selected.years,
    month,
    ansvar: params.get('ansvar') ?? undefined,
    isPending: selected.isPending,
    error: selected.error,
    choose: (change) => {
      const next = {
        year: change.year ?? year?.year,
        // A new year starts at its own last month with outcome.
        month: change.year !== undefined ? undefined : (change.month ?? month),
        ansvar: change.ansvar ?? params.get('ansvar') ?? undefined,
      };
      setParams(new URLSearchParams(query(next).slice(1)), { replace: true });
    },
  };
}

/** The address of a forecast page with the month (and ansvar) chosen. */
export function forecastLink(
  path: string,
  choice: { year: number; month?: number; ansvar?: string },
): string {
  return `${path}${query(choice)}`;
}

/** A month of a fiscal year for people: "juni 2024". */
export function monthLabel(year: FiscalYear, month: number, language: 'sv' | 'en'): string {
  const calendar = calendarMonth(year, month);
  const startMonth = Number(year.start.slice(5, 7));
  const calendarYear = year.year + (startMonth - 1 + month - 1 >= 12 ? 1 : 0);
  return `${monthName(calendar, language, 'long')} ${calendarYear}`;
}

/** A method's label, or the code itself for a method this version does not know. */
export function methodLabel(labels: Record<ForecastMethod | 'egen', string>, method: string) {
  return Object.hasOwn(labels, method) ? labels[method as ForecastMethod | 'egen'] : method;
}
