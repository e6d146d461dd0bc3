import type { Ore } from '../shared/money.ts';
import type { TableCell } from '../files/table-file.ts';

/** The months' column names of the budget template. */
export const MONTH_COLUMNS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'maj',
  'jun',
  'jul',
  'aug',
  'sep',
  'okt',
  'nov',
  'dec',
] as const;

/** An amount as a budget template writes it: "1 234,50", "-1234.5", "12 000" or a spreadsheet number; undefined when it is not an amount. */
export function parseBudgetAmount(cell: TableCell): Ore | undefined {
  // A spreadsheet number is read through its shortest decimal text (83.3 → "83.3"), so that it
  // follows the same rule as typed text: at most two decimals, never rounded on the way.
  const text = (typeof cell === 'number' ? (Number.isFinite(cell) ? String(cell) : 'x') : cell)
    .replace(/[\s\u00a0]/g, '')
    .replace(/^−/, '-');
  const match = /^(-?)(\d+)(?:[.,](\d{1,2}))?$/.exec(text);
  if (!match) return undefined;
  const [, sign, whole = '0', fraction = ''] = match;
  const ore = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return sign === '-' ? -ore : ore;
}

/**
 * Spreads a yearly amount over twelve months by weights, exactly: each month gets its share
 * rounded down, and the öre left go to the months with the largest remainders. 100 kr by
 * twelfths → 8,34 kr in the first four months and 8,33 kr in the rest.
 */
export function spreadYearly(amount: Ore, weights: readonly number[]): Ore[] {
  if (weights.length !== 12 || weights.some((w) => !Number.isInteger(w) || w < 0)) {
    throw new Error('a profile has twelve whole, non-negative weights');
  }
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0) return spreadYearly(amount, Array(12).fill(1) as number[]);
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const big = weights.map((w) => BigInt(w));
  const sum = BigInt(total);
  const parts = big.map((w) => (abs * w) / sum);
  const remainders = big.map((w, i) => abs * w - (parts[i] ?? 0n) * sum);
  let left = abs - parts.reduce((a, b) => a + b, 0n);
  const order = remainders
    .map((_, i) => i)
    .sort((a, b) => {
      const d = (remainders[b] ?? 0n) - (remainders[a] ?? 0n);
      return d > 0n ? 1 : d < 0n ? -1 : a - b;
    });
  for (const i of order) {
    if (left === 0n) break;
    parts[i] = (parts[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return negative ? parts.map((p) => -p) : parts;
}

/** Twelve whole weights from twelve amounts (last year's pattern), or undefined when all are zero. */
export function weightsFrom(amounts: readonly Ore[]): number[] | undefined {
  const abs = amounts.map((a) => (a < 0n ? -a : a));
  if (abs.every((a) => a === 0n)) return undefined;
  const max = abs.reduce((a, b) => (b > a ? b : a), 0n);
  // Scale to at most 1 000 000 so the weights stay exact integers.
  return abs.map((a) => Number((a * 1_000_000n) / max));
}
