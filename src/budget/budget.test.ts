import { describe, expect, it } from 'vitest';
import { parseBudgetAmount, spreadYearly, weightsFrom } from './budget.ts';

describe('budget amounts and periodisation', () => {
  it('reads amounts as templates write them', () => {
    expect(parseBudgetAmount('1 234,50')).toBe(123450n);
    expect(parseBudgetAmount('-1234.5')).toBe(-123450n);
    expect(parseBudgetAmount('12\u00a0000')).toBe(1200000n);
    expect(parseBudgetAmount(2500.1)).toBe(250010n);
    for (const bad of ['tolv', '1.2.3', '', '1,234', 83.333, Number.NaN])
      expect(parseBudgetAmount(bad)).toBeUndefined();
  });

  it('spreads a yearly amount by twelfths exactly, to the öre', () => {
    const months = spreadYearly(10000n, Array(12).fill(1) as number[]);
    expect(months).toEqual([
      834n,
      834n,
      834n,
      834n,
      833n,
      833n,
      833n,
      833n,
      833n,
      833n,
      833n,
      833n,
    ]);
    expect(spreadYearly(-10000n, Array(12).fill(1) as number[]).reduce((a, b) => a + b, 0n)).toBe(
      -10000n,
    );
  });

  it('spreads by a profile, e.g. the summer of personnel costs', () => {
    const personal = [80, 78, 82, 80, 82, 90, 105, 90, 80, 82, 80, 71];
    const months = spreadYearly(1_200_000_00n, personal);
    expect(months[6]).toBe(12_600_000n); // July: 105 ‰ of 1,2 mnkr
    expect(months.reduce((a, b) => a + b, 0n)).toBe(1_200_000_00n);
  });

  it("takes last year's monthly pattern as weights", () => {
    const weights = weightsFrom([100n, 100n, 200n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 100n]);
    expect(spreadYearly(500n, weights ?? [])).toEqual([
      100n,
      100n,
      200n,
      0n,
      0n,
      0n,
      0n,
      0n,
      0n,
      0n,
      0n,
      100n,
    ]);
    expect(weightsFrom(Array(12).fill(0n) as bigint[])).toBeUndefined();
  });
});
