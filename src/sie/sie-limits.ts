/**
 * What Balans stores of an SIE file, bounded so that every value fits the database and its
 * indexes (a B-tree index row holds at most about 2 700 bytes), and every file is read in time
 * and memory bounded by its size. Each bound is far beyond what a real ledger writes; beyond it
 * the file is refused with its line, or a name is shortened with a warning.
 */

/** ±10 000 miljarder kronor in öre: sums of millions of such amounts still fit a bigint. */
export const MAX_AMOUNT_ORE = 10n ** 15n;

/** BAS accounts have 4 digits, sub-accounts up to 6; the account number is a key. */
export const MAX_KONTO_DIGITS = 20;

/** An object code is a key (and part of the ledger's keys). */
export const MAX_OBJECT_CODE_CHARS = 100;

/**
 * All dimension numbers and codes of one object list together: the list becomes the ledger's key
 * columns (ansvar, verksamhet, projekt and "dim=code;…"), which must fit one index row.
 */
export const MAX_OBJECT_LIST_CHARS = 400;

/** Dimension numbers: 1–19 are SIE's reserved ones, 20 and up the file's own. */
export const MAX_DIMENSION = 99_999;

/** Names and texts (not keys) longer than this are shortened, with a warning. */
export const MAX_TEXT_CHARS = 1000;

/** A quantity is stored as an exact decimal; longer ones are skipped with a warning. */
export const MAX_QUANTITY_CHARS = 40;

/** Dates outside these years are refused, as the API refuses such fiscal years. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

/** Year numbers 0, -1 … -99 (#RAR, #IB, …): at most 100 fiscal years in a file. */
export const MIN_YEAR_INDEX = -99;

/** A fiscal year is at most 18 months long (bokföringslagen 3 kap.). */
export const MAX_FISCAL_YEAR_MONTHS = 18;

export function isStorableAmount(amount: bigint): boolean {
  return amount <= MAX_AMOUNT_ORE && amount >= -MAX_AMOUNT_ORE;
}

/** True for an ISO date (YYYY-MM-DD) within MIN_YEAR–MAX_YEAR. */
export function isStorableDate(date: string): boolean {
  const year = Number(date.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR;
}
