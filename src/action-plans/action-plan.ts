import { ORE_PER_TKR, type Ore } from '../shared/money.ts';

/**
 * Action plans (åtgärdsplaner), as pure rules. An activity (or ansvar) has a savings requirement
 * (åtgärdskrav) for a year; measures (åtgärder) have a full-year effect (helårseffekt) and an
 * effect this year (effekt innevarande år) that follows from the month they start, unless someone
 * overrides it with a reason. Amounts are öre; the plan speaks tkr.
 */
export const ATGARD_STATUSES = [
  'planerad',
  'pågående',
  'genomförd',
  'ej genomförbar',
  'uppskjuten',
] as const;
export type AtgardStatus = (typeof ATGARD_STATUSES)[number];

export function isAtgardStatus(text: string): text is AtgardStatus {
  return (ATGARD_STATUSES as readonly string[]).includes(text);
}

/** Reads a status as people write it: "Pågående", "pagaende", "ej_genomforbar". */
export function parseStatus(text: string): AtgardStatus | undefined {
  const plain = (s: string) =>
    s
      .trim()
      .toLowerCase()
      .replace(/[åä]/g, 'a')
      .replace(/ö/g, 'o')
      .replace(/[\s_-]+/g, ' ');
  return ATGARD_STATUSES.find((status) => plain(status) === plain(text));
}

/** A measure that is judged not feasible still shows in the plan but covers nothing of the requirement. */
export function countsInTotals(status: AtgardStatus): boolean {
  return status !== 'ej genomförbar';
}

/** A month as YYYYMM (202310 = October 2023). */
export type Period = number;

/**
 * The months of `year` in which a measure starting in `start` has effect: from its start month
 * through December (October → 3; a start before the year → 12; after it → 0).
 */
export function monthsOfEffect(start: Period, year: number): number {
  const startYear = Math.floor(start / 100);
  if (startYear < year) return 12;
  if (startYear > year) return 0;
  return 12 - (start % 100) + 1;
}

/**
 * The effect this year by default: the full-year effect pro rata from the start month, in whole
 * tkr. A move saving 270 tkr a year from October gives 270 × 3/12 = 67,5 → 68; two posts (943) from
 * May 943 × 8/12 = 628,7 → 629; more assistance hours decided for July 443 × 6/12 = 221,5 → 222.
 */
export function proRataEffect(helarseffekt: Ore, start: Period, year: number): Ore {
  const months = BigInt(monthsOfEffect(start, year));
  // Round half away from zero on the exact fraction helarseffekt × months / 12, in tkr.
  const numerator = helarseffekt * months;
  const denominator = 12n * ORE_PER_TKR;
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const tkr = (2n * abs + denominator) / (2n * denominator);
  return (negative ? -tkr : tkr) * ORE_PER_TKR;
}

export interface AtgardEffect {
  helarseffekt: Ore;
  start: Period;
  /** Set when someone wrote the effect this year by hand. */
  override?: { effektAr: Ore; reason: string };
}

/** The effect this year: the override where there is one, else the pro-rata default. */
export function effektAr(
  atgard: AtgardEffect,
  year: number,
): { effektAr: Ore; isOverride: boolean } {
  if (atgard.override) return { effektAr: atgard.override.effektAr, isOverride: true };
  return { effektAr: proRataEffect(atgard.helarseffekt, atgard.start, year), isOverride: false };
}

export interface PlanTotals {
  effektAr: Ore;
  helarseffekt: Ore;
}

/** Sums of the measures that count (every status but "ej genomförbar"). */
export function planTotals(
  atgarder: readonly { effektAr: Ore; helarseffekt: Ore; status: AtgardStatus }[],
): PlanTotals {
  let effekt = 0n;
  let helar = 0n;
  for (const a of atgarder) {
    if (!countsInTotals(a.status)) continue;
    effekt += a.effektAr;
    helar += a.helarseffekt;
  }
  return { effektAr: effekt, helarseffekt: helar };
}

/** What the measures leave uncovered: requirement − planned effect (hemtjänst 4 200 − 2 750 = 1 450). */
export function gap(atgardskrav: Ore, totals: PlanTotals): PlanTotals {
  return {
    effektAr: atgardskrav - totals.effektAr,
    helarseffekt: atgardskrav - totals.helarseffekt,
  };
}

/**
 * The part of this year's effect that should have shown by the end of `through` (a month of the
 * year): the effect spread evenly over its months of effect. Zero before the start.
 */
export function plannedToDate(effekt: Ore, start: Period, year: number, through: Period): Ore {
  const months = monthsOfEffect(start, year);
  if (months === 0) return 0n;
  const firstMonth = Math.floor(start / 100) < year ? 1 : start % 100;
  const throughMonth =
    Math.floor(through / 100) > year ? 12 : Math.floor(through / 100) < year ? 0 : through % 100;
  const elapsed = Math.max(0, Math.min(months, throughMonth - firstMonth + 1));
  return (effekt * BigInt(elapsed)) / BigInt(months);
}

/** One measure as a follow-up keeps it: every field that can change between two dates. */
export interface AtgardState {
  id: number;
  atgardskravId: number;
  title: string;
  description: string;
  ownerUnit: string | null;
  start: Period;
  helarseffekt: Ore;
  effektAr: Ore;
  isOverride: boolean;
  overrideReason: string | null;
  status: AtgardStatus;
  statustext: string;
}

export type AtgardChange =
  | { kind: 'added'; id: number; title: string; after: AtgardState }
  | { kind: 'removed'; id: number; title: string; before: AtgardState }
  | {
      kind: 'changed';
      id: number;
      title: string;
      fields: { field: keyof AtgardState; before: unknown; after: unknown }[];
    };

const COMPARED: (keyof AtgardState)[] = [
  'title',
  'description',
  'ownerUnit',
  'start',
  'helarseffekt',
  'effektAr',
  'isOverride',
  'overrideReason',
  'status',
  'statustext',
];

/** What changed in the measures between two follow-ups (earlier → later). */
export function changesBetween(
  earlier: readonly AtgardState[],
  later: readonly AtgardState[],
): AtgardChange[] {
  const before = new Map(earlier.map((a) => [a.id, a]));
  const after = new Map(later.map((a) => [a.id, a]));
  const changes: AtgardChange[] = [];
  for (const a of later) {
    const old = before.get(a.id);
    if (!old) {
      changes.push({ kind: 'added', id: a.id, title: a.title, after: a });
      continue;
    }
    const fields = COMPARED.filter((f) => old[f] !== a[f]).map((f) => ({
      field: f,
      before: old[f],
      after: a[f],
    }));
    if (fields.length > 0) changes.push({ kind: 'changed', id: a.id, title: a.title, fields });
  }
  for (const a of earlier)
    if (!after.has(a.id)) changes.push({ kind: 'removed', id: a.id, title: a.title, before: a });
  return changes;
}
