import { describe, expect, it } from 'vitest';
import { roundTied, roundToUnit } from './rounding.ts';

describe('rounding to tkr and mnkr', () => {
  it('rounds half away from zero, each cell on its own', () => {
    expect(roundToUnit(150_000n, 'tkr')).toBe(2n);
    expect(roundToUnit(-150_000n, 'tkr')).toBe(-2n);
    expect(roundToUnit(149_999n, 'tkr')).toBe(1n);
    expect(roundToUnit(-13_078_600_00n, 'mnkr')).toBe(-13n);
    expect(roundToUnit(25_161_240_000n, 'tkr')).toBe(251_612n);
  });

  it('gives parts that tie to their rounded total with largest remainders', () => {
    const parts = [40_000n, 40_000n, 40_000n]; // 0,4 tkr each; total 1,2 → 1
    expect(parts.map((p) => roundToUnit(p, 'tkr'))).toEqual([0n, 0n, 0n]);
    expect(roundTied(parts, 'tkr')).toEqual([1n, 0n, 0n]);
    expect(roundTied([160_000n, 160_000n, -10_000n], 'tkr')).toEqual([2n, 1n, 0n]);
    const negative = roundTied([-60_000n, -60_000n], 'tkr');
    expect(negative.reduce((a, b) => a + b, 0n)).toBe(roundToUnit(-120_000n, 'tkr'));
  });
});

describe('tying to a parent', () => {
  it('ties children to the figure their parent was given, not to their own rounding', () => {
    // Three tops of 0,4 tkr tie to 1 + 0 + 0; the first one's children (0,2 + 0,2) must then give 1.
    const tops = roundTied([40_000n, 40_000n, 40_000n], 'tkr', 1n);
    expect(tops).toEqual([1n, 0n, 0n]);
    expect(roundTied([20_000n, 20_000n], 'tkr', tops[0])).toEqual([1n, 0n]);
    expect(roundTied([160_000n, 160_000n], 'tkr', 2n)).toEqual([1n, 1n]);
  });
});
