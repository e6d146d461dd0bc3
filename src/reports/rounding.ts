import type { Ore } from '../shared/money.ts';

/** Reports show thousands (tkr) or millions (mnkr) of kronor. */
export type Unit = 'tkr' | 'mnkr';

const ORE_PER_UNIT: Record<Unit, bigint> = { tkr: 100_000n, mnkr: 100_000_000n };

/**
 * Rounds an amount to whole units, half away from zero as Excel's ROUND does:
 * 1 500,00 kr → 2 tkr, -1 500,00 kr → -2 tkr, 1 499,99 kr → 1 tkr.
 */
export function roundToUnit(ore: Ore, unit: Unit): bigint {
  const size = ORE_PER_UNIT[unit];
  const negative = ore < 0n;
  const abs = negative ? -ore : ore;
  const rounded = (abs + size / 2n) / size;
  return negative ? -rounded : rounded;
}

/**
 * Rounds parts so that they add up to a given whole number of units (by default their own rounded
 * total), by largest remainder: each part is truncated toward minus infinity, then the units still
 * missing go to the parts with the largest remainders (or, when there are too many, are taken from
 * the smallest). Parts 0,4 + 0,4 + 0,4 tkr (total 1,2 → 1) become 1 + 0 + 0.
 */
export function roundTied(parts: readonly Ore[], unit: Unit, target?: bigint): bigint[] {
  const size = ORE_PER_UNIT[unit];
  const total =
    target ??
    roundToUnit(
      parts.reduce((a, b) => a + b, 0n),
      unit,
    );
  const floors = parts.map((p) => (p >= 0n ? p / size : -((-p + size - 1n) / size)));
  const remainders = parts.map((p, i) => p - (floors[i] ?? 0n) * size);
  const byRemainder = parts
    .map((_, i) => i)
    .sort((a, b) => {
      const d = (remainders[b] ?? 0n) - (remainders[a] ?? 0n);
      return d > 0n ? 1 : d < 0n ? -1 : a - b;
    });
  const result = [...floors];
  let missing = total - floors.reduce((a, b) => a + b, 0n);
  for (let k = 0; missing !== 0n && parts.length > 0; k++) {
    const up = missing > 0n;
    const i = up
      ? byRemainder[k % parts.length]
      : byRemainder[parts.length - 1 - (k % parts.length)];
    if (i === undefined) break;
    result[i] = (result[i] ?? 0n) + (up ? 1n : -1n);
    missing += up ? -1n : 1n;
  }
  return result;
}
