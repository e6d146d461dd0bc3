/**
 * Kolada (RKA's open database of municipal key figures, API v3) as pure rules: ids, the requests
 * a fetch needs, exact values, and what changed in a KPI's definition. No I/O here.
 */
import { AppError } from '../shared/app-error.ts';

/** The label every Kolada value carries where Balans shows or copies it. */
export const KOLADA_SOURCE = 'Källa: Kolada';
export const DEFAULT_KOLADA_URL = 'https://api.kolada.se/v3';
/** Kolada answers at most 25 ids in one path segment (kpi, municipality or year). */
export const MAX_IDS_PER_SEGMENT = 25;

export const GENDERS = ['T', 'K', 'M'] as const;
/** T = totalt, K = kvinnor, M = män. */
export type Gender = (typeof GENDERS)[number];

export function isGender(text: string): text is Gender {
  return (GENDERS as readonly string[]).includes(text);
}

/** One value as Kolada gives it; `value` is exact decimal text ("31.32959689") or null. */
export interface KoladaValue {
  kpi: string;
  municipality: string;
  year: number;
  gender: Gender;
  value: string | null;
  status: string | null;
  count: number | null;
}

/** A KPI's metadata: title, description (its definition) and the rest of Kolada's fields. */
export interface KoladaKpi {
  id: string;
  title: string;
  description: string;
  fields: Record<string, unknown>;
}

const KPI_ID = /^[A-Z]\d{5}$/;
const MUNICIPALITY_ID = /^\d{4}$/;

/** "N00090,U21468" → ids, each checked: a KPI id is a letter and five digits. */
export function parseKpiIds(text: string): string[] {
  return parseIds(text, KPI_ID, 'nyckeltalet', 'en bokstav och fem siffror, t.ex. N00090');
}

/** "1882,0180" → Kolada municipality ids (four digits, Askersund = 1882). */
export function parseMunicipalityIds(text: string): string[] {
  return parseIds(text, MUNICIPALITY_ID, 'kommunen', 'fyra siffror, t.ex. 1882 för Askersund');
}

function parseIds(text: string, pattern: RegExp, what: string, form: string): string[] {
  const ids = text
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  if (ids.length === 0) throw new AppError('INVALID_ARGUMENT', `ange minst ett id för ${what}`);
  for (const id of ids)
    if (!pattern.test(id))
      throw new AppError('INVALID_ARGUMENT', `${what} "${id}": ett Kolada-id är ${form}`);
  return [...new Set(ids)];
}

/** "2020-2024" → [2020 … 2024]; "2024" → [2024]. */
export function parseYears(text: string): number[] {
  const match = /^\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*$/.exec(text);
  const from = Number(match?.[1]);
  const to = Number(match?.[2] ?? match?.[1]);
  if (!match || from > to || to - from > 100)
    throw new AppError(
      'INVALID_ARGUMENT',
      `åren "${text}": skriv FRÅN-TILL (t.ex. 2020-2024) eller ett år`,
    );
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** [a … z] in pieces of at most `size`. */
export function chunk<T>(items: readonly T[], size = MAX_IDS_PER_SEGMENT): T[][] {
  const pieces: T[][] = [];
  for (let i = 0; i < items.length; i += size) pieces.push(items.slice(i, i + size));
  return pieces;
}

/** The base URL without trailing slashes; refused unless it is http(s). */
export function normaliseBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('INVALID_ARGUMENT', `Kolada-adressen "${text}" är ingen giltig URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new AppError('INVALID_ARGUMENT', `Kolada-adressen "${text}": använd http eller https`);
  return url.toString().replace(/\/+$/, '');
}

/**
 * The data requests of a fetch: every combination of the pieces of ≤ 25 KPIs, municipalities and
 * years, e.g. `…/data/kpi/N00090/municipality/1882,0180/year/2023,2024`.
 */
export function dataUrls(
  baseUrl: string,
  query: { kpis: readonly string[]; municipalities: readonly string[]; years: readonly number[] },
): string[] {
  const urls: string[] = [];
  for (const kpis of chunk(query.kpis))
    for (const municipalities of chunk(query.municipalities))
      for (const years of chunk(query.years))
        urls.push(
          `${baseUrl}/data/kpi/${kpis.join(',')}/municipality/${municipalities.join(',')}/year/${years.join(',')}`,
        );
  return urls;
}

/** The metadata requests for some KPIs: `…/kpi/N00090,U21468` in pieces of ≤ 25. */
export function kpiUrls(baseUrl: string, ids: readonly string[]): string[] {
  return chunk(ids).map((piece) => `${baseUrl}/kpi/${piece.join(',')}`);
}

/**
 * A JSON number's source text as canonical exact decimal text, without a float in between:
 * "31.32959689" → "31.32959689", "10.70" → "10.7", "1.5e-3" → "0.0015", "-0" → "0".
 * Undefined for text that is not a JSON number.
 */
export function decimalFromJsonNumber(source: string): string | undefined {
  const match = /^(-?)(0|[1-9]\d*)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(source.trim());
  if (!match) return undefined;
  const [, sign = '', whole = '0', fraction = '', exponentText = '0'] = match;
  const exponent = Number(exponentText);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 1000) return undefined;
  // digits × 10^(exponent − fraction length), written out with the decimal point moved.
  const digits = whole + fraction;
  const point = whole.length + exponent;
  let intPart: string;
  let fracPart: string;
  if (point <= 0) {
    intPart = '0';
    fracPart = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    intPart = digits + '0'.repeat(point - digits.length);
    fracPart = '';
  } else {
    intPart = digits.slice(0, point);
    fracPart = digits.slice(point);
  }
  intPart = intPart.replace(/^0+(?=\d)/, '');
  fracPart = fracPart.replace(/0+$/, '');
  const body = fracPart ? `${intPart}.${fracPart}` : intPart;
  return sign === '-' && /[1-9]/.test(body) ? `-${body}` : body;
}

/** The fields that define a KPI; publication dates change every year and are left out. */
const DEFINING_FIELDS = [
  'is_divided_by_gender',
  'municipality_type',
  'operating_area',
  'perspective',
  'auspice',
  'auspices',
  'has_ou_data',
] as const;

/** What a KPI's definition hash is computed from: stable text, the same for the same definition. */
export function definitionText(kpi: KoladaKpi): string {
  return JSON.stringify([
    kpi.title,
    kpi.description,
    ...DEFINING_FIELDS.map((f) => (f in kpi.fields ? kpi.fields[f] : null)),
  ]);
}

export interface KpiChange {
  kpi: string;
  field: 'title' | 'description' | 'definition';
  before: string;
  after: string;
  /** When the earlier metadata was fetched. */
  since: Date;
}

/**
 * What changed since the last fetch: the title, the description (Kolada's definition), or another
 * defining field (gender split, municipality type, …) when only the hash tells.
 */
export function kpiChanges(
  before: { title: string; description: string; definitionHash: string; fetchedAt: Date },
  after: { kpi: KoladaKpi; definitionHash: string },
): KpiChange[] {
  const changes: KpiChange[] = [];
  const base = { kpi: after.kpi.id, since: before.fetchedAt };
  if (before.title !== after.kpi.title)
    changes.push({ ...base, field: 'title', before: before.title, after: after.kpi.title });
  if (before.description !== after.kpi.description)
    changes.push({
      ...base,
      field: 'description',
      before: before.description,
      after: after.kpi.description,
    });
  if (changes.length === 0 && before.definitionHash !== after.definitionHash)
    changes.push({ ...base, field: 'definition', before: '', after: '' });
  return changes;
}

/** A change as one Swedish line for the user. */
export function describeChange(change: KpiChange): string {
  const since = change.since.toISOString().slice(0, 10);
  switch (change.field) {
    case 'title':
      return `${change.kpi}: Kolada har ändrat titeln sedan hämtningen ${since}: "${change.before}" → "${change.after}"; kontrollera att nyckeltalet fortfarande mäter det ni följer upp`;
    case 'description':
      return `${change.kpi}: Kolada har ändrat definitionen (beskrivningen) sedan hämtningen ${since}; kontrollera att jämförelsen med tidigare år håller`;
    case 'definition':
      return `${change.kpi}: Kolada har ändrat nyckeltalets uppgifter (t.ex. könsuppdelning eller kommuntyp) sedan hämtningen ${since}`;
  }
}
