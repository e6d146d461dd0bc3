import { roundToUnit } from '../reports/rounding.ts';
import { formatWhole, type Ore } from '../shared/money.ts';

/**
 * Helårsprognos proposals as pure rules. Every proposal is the full-year net of one unit over the
 * accounts the driftredovisning counts, in öre, signed as in the ledger (debit positive: a net
 * cost is positive). Month M is the last month with outcome the proposal uses (1 = the fiscal
 * year's first month); N is the number of months of the fiscal year (12 for a calendar year).
 * Divisions round half away from zero to the öre; nothing passes through a float.
 */
export const FORECAST_METHODS = [
  'budget',
  'utfall-plus-budget',
  'linjar',
  'fjolarsprofil',
  'atgarder',
] as const;
export type ForecastMethod = (typeof FORECAST_METHODS)[number];

export function isForecastMethod(text: string): text is ForecastMethod {
  return (FORECAST_METHODS as readonly string[]).includes(text);
}

/** What the proposals of one unit are computed from: month by month, index 0 = the first month. */
export interface UnitFigures {
  /** Outcome per month of this year (N entries; months without outcome are 0). */
  outcome: readonly Ore[];
  /** Budget per month of this year (N entries). */
  budget: readonly Ore[];
  /** Outcome per month of last year, or null when last year is not in the ledger. */
  lastYear: readonly Ore[] | null;
  /**
   * The action plans' effects on this unit still to come after month M, as savings (positive = the
   * net cost falls by this much).
   */
  remainingEffects: Ore;
}

export interface Proposal {
  method: ForecastMethod;
  amount: Ore;
  /** The arithmetic, in Swedish, with the figures used (kronor). */
  arithmetic: string;
  /** Set when the method could not be used and another one gave the figure. */
  fallback?: { to: ForecastMethod; reason: string };
}

/** numerator / denominator rounded half away from zero (denominator ≠ 0). */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (2n * n + d) / (2n * d);
  return negative ? -quotient : quotient;
}

/** The sum of months from…to (0-based, `to` excluded) of a month-by-month series. */
export function sum(values: readonly Ore[], from = 0, to = values.length): Ore {
  let total = 0n;
  for (let i = from; i < to; i++) total += values[i] ?? 0n;
  return total;
}

/** Kronor with öre for the arithmetic text: 123456n → "1 234,56". */
function kr(ore: Ore): string {
  const negative = ore < 0n;
  const abs = negative ? -ore : ore;
  const kronor = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${negative ? '−' : ''}${kronor},${(abs % 100n).toString().padStart(2, '0')}`;
}

function checkMonth(month: number, months: number): void {
  if (!Number.isInteger(month) || month < 1 || month > months)
    throw new RangeError(`month ${month} is outside 1–${months}`);
}

function utfallPlusBudget(figures: UnitFigures, month: number): Proposal {
  const toDate = sum(figures.outcome, 0, month);
  const rest = sum(figures.budget, month);
  return {
    method: 'utfall-plus-budget',
    amount: toDate + rest,
    arithmetic: `utfall månad 1–${month} ${kr(toDate)} + budget månad ${month + 1}–${figures.budget.length} ${kr(rest)}`,
  };
}

/** One method's proposal for a unit, through month `month` of a year of `figures.budget.length` months. */
export function propose(method: ForecastMethod, figures: UnitFigures, month: number): Proposal {
  const months = figures.budget.length;
  checkMonth(month, months);
  switch (method) {
    case 'budget': {
      const amount = sum(figures.budget);
      return { method, amount, arithmetic: `årsbudget ${kr(amount)}` };
    }
    case 'utfall-plus-budget':
      return utfallPlusBudget(figures, month);
    case 'linjar': {
      const toDate = sum(figures.outcome, 0, month);
      return {
        method,
        amount: linjar(toDate, month, months),
        arithmetic: `utfall månad 1–${month} ${kr(toDate)} × ${months} / ${month}`,
      };
    }
    case 'fjolarsprofil': {
      const toDate = sum(figures.outcome, 0, month);
      const last = figures.lastYear;
      const lastToDate = last === null ? 0n : sum(last, 0, month);
      const lastFull = last === null ? 0n : sum(last);
      const reason =
        last === null
          ? 'förra året finns inte i huvudboken'
          : lastFull === 0n
            ? 'förra årets utfall för helåret är 0'
            : lastToDate === 0n
              ? `förra årets utfall månad 1–${month} är 0`
              : undefined;
      if (reason !== undefined) {
        const fallback = utfallPlusBudget(figures, month);
        return {
          method,
          amount: fallback.amount,
          arithmetic: `${fallback.arithmetic} (${reason}, därför utfall plus budget)`,
          fallback: { to: 'utfall-plus-budget', reason },
        };
      }
      // toDate ÷ (lastToDate / lastFull) = toDate × lastFull / lastToDate, one rounding at the end.
      return {
        method,
        amount: divideRounded(toDate * lastFull, lastToDate),
        arithmetic: `utfall månad 1–${month} ${kr(toDate)} / (förra årets månad 1–${month} ${kr(lastToDate)} / förra årets helår ${kr(lastFull)})`,
      };
    }
    case 'atgarder': {
      const base = utfallPlusBudget(figures, month);
      return {
        method,
        amount: base.amount - figures.remainingEffects,
        arithmetic: `${base.arithmetic} − återstående effekt av åtgärder ${kr(figures.remainingEffects)}`,
      };
    }
  }
}

/** Every method's proposal side by side, in the order of FORECAST_METHODS. */
export function proposals(figures: UnitFigures, month: number): Proposal[] {
  return FORECAST_METHODS.map((method) => propose(method, figures, month));
}

/**
 * The part of a measure's effect this year that falls after month `month` (1-based) of the year:
 * the effect spread evenly over its months of effect `firstMonth`…12, exact in öre (the months
 * already passed take the floor, the rest takes the remainder, so the parts add up).
 */
export function remainingEffect(effect: Ore, firstMonth: number, month: number, months = 12): Ore {
  if (firstMonth > months) return 0n;
  const first = Math.max(1, firstMonth);
  const ofEffect = months - first + 1;
  const passed = Math.max(0, Math.min(ofEffect, month - first + 1));
  return effect - (effect * BigInt(passed)) / BigInt(ofEffect);
}

/**
 * Splits an amount over `parts` units exactly: equal shares, the öre left over going one each to
 * the first units (a measure linked to several ansvar).
 */
export function splitEvenly(amount: Ore, parts: number): Ore[] {
  if (parts <= 0) return [];
  const n = BigInt(parts);
  const base = amount / n; // truncates toward zero
  let rest = amount - base * n;
  const step = rest < 0n ? -1n : 1n;
  return Array.from({ length: parts }, () => {
    if (rest === 0n) return base;
    rest -= step;
    return base + step;
  });
}

/** The parts a forecast is made in: the classification's income, staff costs and other costs. */
export const FORECAST_PARTS = ['intakter', 'personal', 'ovriga'] as const;
export type ForecastPart = (typeof FORECAST_PARTS)[number];

export const PART_LABELS: Record<ForecastPart, string> = {
  intakter: 'Intäkter',
  personal: 'Personalkostnader',
  ovriga: 'Övriga kostnader',
};

/**
 * The part an account of the operating result belongs to: its main report line `intakter`, or a
 * cost line with the "varav" `personalkostnader`, or else the other costs.
 */
export function partOf(mainLine: string, varav: readonly string[]): ForecastPart {
  if (mainLine === 'intakter') return 'intakter';
  if (varav.includes('personalkostnader')) return 'personal';
  return 'ovriga';
}

export const FORECAST_STATUSES = ['utkast', 'inlamnad', 'godkand', 'aterskickad'] as const;
export type ForecastStatus = (typeof FORECAST_STATUSES)[number];

export const STATUS_LABELS: Record<ForecastStatus, string> = {
  utkast: 'utkast',
  inlamnad: 'inlämnad',
  godkand: 'godkänd',
  aterskickad: 'återskickad',
};

/** A manager may change (and submit) a forecast that is a draft or has been sent back. */
export function isEditable(status: ForecastStatus | undefined): boolean {
  return status === undefined || status === 'utkast' || status === 'aterskickad';
}

export interface Threshold {
  amount: Ore;
  /** Per cent of the budget as an exact decimal ("1", "0.5"). */
  percent: string;
}

/** Where no threshold is kept for a level: 100 tkr or 1 %. */
export const DEFAULT_THRESHOLD: Threshold = { amount: 10_000_000n, percent: '1' };

/** The linjar projection of an outcome to date: toDate × months / month, half away from zero. */
export function linjar(toDate: Ore, month: number, months: number): Ore {
  return divideRounded(toDate * BigInt(months), BigInt(month));
}

/** An exact decimal "1.25" as numerator/denominator: 125/100. */
function fraction(decimal: string): { numerator: bigint; denominator: bigint } {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!match) throw new RangeError(`"${decimal}" is not a non-negative decimal`);
  const decimals = match[2] ?? '';
  return {
    numerator: BigInt((match[1] ?? '0') + decimals),
    denominator: 10n ** BigInt(decimals.length),
  };
}

/**
 * Whether a deviation must be explained: |prognos − budget| at or above the threshold's amount, or
 * at or above its per cent of |budget| (a zero budget has no per cent: only the amount counts).
 */
export function explanationRequired(forecast: Ore, budget: Ore, threshold: Threshold): boolean {
  const deviation = forecast > budget ? forecast - budget : budget - forecast;
  if (deviation === 0n) return false;
  if (deviation >= threshold.amount) return true;
  const base = budget < 0n ? -budget : budget;
  if (base === 0n) return false;
  const { numerator, denominator } = fraction(threshold.percent);
  // deviation / base ≥ percent / 100  ⇔  deviation × 100 × denominator ≥ numerator × base
  return deviation * 100n * denominator >= numerator * base;
}

/**
 * A difference as a per cent of a base, one decimal, rounded half away from zero, as exact text
 * ("-2.5"); null for a zero base.
 */
export function percentOf(difference: Ore, base: Ore): string | null {
  if (base === 0n) return null;
  const abs = base < 0n ? -base : base;
  const tenths = divideRounded(difference * 1000n, abs);
  const negative = tenths < 0n;
  const a = negative ? -tenths : tenths;
  return `${negative ? '-' : ''}${a / 10n}.${a % 10n}`;
}

/** Whole tkr with Swedish thousands, rounded as the reports round each cell: 1 234 567 öre → "12". */
export function tkrText(ore: Ore): string {
  return formatWhole(roundToUnit(ore, 'tkr'));
}
