/** A calendar date as ISO text "YYYY-MM-DD"; compared as strings. */
export type IsoDate = string;

/** A calendar month as an integer YYYYMM (the SIE period form): 202403. */
export type Period = number;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return day <= days;
}

export interface ParsedDate {
  date: IsoDate;
  /** true when written "YYYY-MM-DD" instead of the SIE form YYYYMMDD. */
  isIsoForm: boolean;
}

let lastText = '';
let lastParsed: ParsedDate | undefined;

/** Parses SIE's ÅÅÅÅMMDD (and, leniently, ISO YYYY-MM-DD); undefined when not a real date. */
export function parseSieDate(text: string): ParsedDate | undefined {
  // Consecutive rows mostly share a date: remember the last one.
  if (text === lastText) return lastParsed;
  lastParsed = parseDate(text);
  lastText = text;
  return lastParsed;
}

function parseDate(text: string): ParsedDate | undefined {
  const match = /^(\d{4})(-?)(\d{2})\2(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [, y = '', dash = '', m = '', d = ''] = match;
  if (!isValidDate(Number(y), Number(m), Number(d))) return undefined;
  return { date: `${y}-${m}-${d}`, isIsoForm: dash === '-' };
}

/** Parses an SIE period ÅÅÅÅMM; undefined when not a real month. */
export function parseSiePeriod(text: string): Period | undefined {
  const match = /^(\d{4})(\d{2})$/.exec(text);
  if (!match) return undefined;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  return Number(text);
}

export function periodOf(date: IsoDate): Period {
  return Number(date.slice(0, 4) + date.slice(5, 7));
}

export function periodYear(period: Period): number {
  return Math.floor(period / 100);
}

export function periodMonth(period: Period): number {
  return period % 100;
}

/** The months from start to end inclusive: 202401 … 202412. */
export function periodsBetween(start: IsoDate, end: IsoDate): Period[] {
  const result: Period[] = [];
  let year = Number(start.slice(0, 4));
  let month = Number(start.slice(5, 7));
  const last = periodOf(end);
  for (;;) {
    const period = year * 100 + month;
    if (period > last) break;
    result.push(period);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return result;
}

/** Shifts an ISO date by whole years (29 Feb becomes 28 Feb in a common year). */
export function addYears(date: IsoDate, years: number): IsoDate {
  const y = Number(date.slice(0, 4)) + years;
  const m = Number(date.slice(5, 7));
  let d = Number(date.slice(8, 10));
  while (!isValidDate(y, m, d)) d -= 1;
  return `${String(y).padStart(4, '0')}-${date.slice(5, 7)}-${String(d).padStart(2, '0')}`;
}

/** The Swedish month names, lower case as written mid-sentence: MONTH_NAMES[0] is "januari". */
export const MONTH_NAMES: readonly string[] = [
  'januari',
  'februari',
  'mars',
  'april',
  'maj',
  'juni',
  'juli',
  'augusti',
  'september',
  'oktober',
  'november',
  'december',
];

/** A month's Swedish name: 8 → "augusti"; undefined when not 1–12. */
export function monthName(month: number): string | undefined {
  return MONTH_NAMES[month - 1];
}

/** "2024-08-31" → "31 augusti 2024" (a time after the date is dropped); anything else as it stands. */
export function swedishDate(iso: IsoDate): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (match === null) return iso;
  const month = monthName(Number(match[2]));
  return month === undefined ? iso : `${Number(match[3])} ${month} ${match[1]}`;
}

/** The last day of a month: (2024, 2) → "2024-02-29". */
export function monthEndDate(year: number, month: number): IsoDate {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
