import { describe, expect, it } from 'vitest';
import {
  divideRounded,
  propose,
  proposals,
  remainingEffect,
  splitEvenly,
  type UnitFigures,
} from './forecast.ts';
import { remainingEffectsByAnsvar } from './forecast.service.ts';
import { allocateForecast } from './manadsrapport.service.ts';

const kr = (value: number) => BigInt(Math.round(value * 100));
const months = (values: number[]) => values.map(kr);

/** Outcome 1 000 kr in January and 500 in February, nothing since; a budget of 1 200 kr a month. */
const FIGURES: UnitFigures = {
  outcome: months([1000, 500, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
  budget: months(Array.from({ length: 12 }, () => 1200)),
  lastYear: months([1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000]),
  remainingEffects: kr(900),
};

describe('forecast proposals', () => {
  it('rounds divisions half away from zero, to the öre', () => {
    expect(divideRounded(5n, 2n)).toBe(3n);
    expect(divideRounded(-5n, 2n)).toBe(-3n);
    expect(divideRounded(5n, -2n)).toBe(-3n);
    expect(divideRounded(7n, 3n)).toBe(2n);
    expect(divideRounded(8n, 3n)).toBe(3n);
    expect(divideRounded(-8n, 3n)).toBe(-3n);
    expect(() => divideRounded(1n, 0n)).toThrow(RangeError);
  });

  it('computes every method with its arithmetic', () => {
    const byMethod = Object.fromEntries(proposals(FIGURES, 3).map((p) => [p.method, p]));
    expect(byMethod['budget']?.amount).toBe(kr(14_400));
    // 1 500 to date + 9 months × 1 200
    expect(byMethod['utfall-plus-budget']?.amount).toBe(kr(12_300));
    expect(byMethod['utfall-plus-budget']?.arithmetic).toBe(
      'utfall månad 1–3 1\u00a0500,00 + budget månad 4–12 10\u00a0800,00',
    );
    // 1 500 × 12 / 3
    expect(byMethod['linjar']?.amount).toBe(kr(6_000));
    // 1 500 / (3 000 / 12 000)
    expect(byMethod['fjolarsprofil']?.amount).toBe(kr(6_000));
    expect(byMethod['fjolarsprofil']?.fallback).toBeUndefined();
    // utfall plus budget less the savings still to come
    expect(byMethod['atgarder']?.amount).toBe(kr(11_400));
  });

  it('rounds linjar and fjolarsprofil once, at the end', () => {
    const figures: UnitFigures = {
      ...FIGURES,
      outcome: [10_001n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n],
      lastYear: [3n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 4n],
    };
    // 10 001 öre × 12 / 7 = 17 144,57… → 17 145
    expect(propose('linjar', figures, 7).amount).toBe(17_145n);
    // 10 001 / (3 / 7) = 23 335,66… → 23 336
    expect(propose('fjolarsprofil', figures, 7).amount).toBe(23_336n);
    // a net income: −10 001 × 12 / 8 = −15 001,5 → −15 002 (half away from zero)
    expect(
      propose('linjar', { ...figures, outcome: figures.outcome.map((v) => -v) }, 8).amount,
    ).toBe(-15_002n);
  });

  it('falls back to utfall plus budget, saying why, where last year gives no profile', () => {
    const none = propose('fjolarsprofil', { ...FIGURES, lastYear: null }, 3);
    expect(none.amount).toBe(kr(12_300));
    expect(none.fallback).toEqual({
      to: 'utfall-plus-budget',
      reason: 'förra året finns inte i huvudboken',
    });
    const zeroShare = propose(
      'fjolarsprofil',
      { ...FIGURES, lastYear: months([0, 0, 0, 500, 0, 0, 0, 0, 0, 0, 0, 0]) },
      3,
    );
    expect(zeroShare.amount).toBe(kr(12_300));
    expect(zeroShare.fallback?.reason).toBe('förra årets utfall månad 1–3 är 0');
    expect(zeroShare.arithmetic).toMatch(/därför utfall plus budget\)$/);
    const zeroYear = propose(
      'fjolarsprofil',
      { ...FIGURES, lastYear: months(Array.from({ length: 12 }, () => 0)) },
      3,
    );
    expect(zeroYear.fallback?.reason).toBe('förra årets utfall för helåret är 0');
  });

  it('refuses a month outside the year', () => {
    expect(() => propose('linjar', FIGURES, 0)).toThrow(RangeError);
    expect(() => propose('linjar', FIGURES, 13)).toThrow(RangeError);
    expect(propose('linjar', FIGURES, 12).amount).toBe(kr(1_500));
  });

  it("keeps the part of a measure's effect still to come, the parts adding up to the whole", () => {
    // 68 tkr from October: nothing passed through September, a third a month after.
    expect(remainingEffect(6_800_000n, 10, 9)).toBe(6_800_000n);
    expect(remainingEffect(6_800_000n, 10, 10)).toBe(6_800_000n - 2_266_666n);
    expect(remainingEffect(6_800_000n, 10, 12)).toBe(0n);
    expect(remainingEffect(6_800_000n, 1, 0)).toBe(6_800_000n);
    expect(remainingEffect(6_800_000n, 13, 3)).toBe(0n);
    for (let month = 1; month <= 12; month++)
      expect(
        remainingEffect(100n, 5, month) + (100n * BigInt(Math.max(0, Math.min(8, month - 4)))) / 8n,
      ).toBe(100n);
  });

  it('splits an amount exactly over several units', () => {
    expect(splitEvenly(100n, 3)).toEqual([34n, 33n, 33n]);
    expect(splitEvenly(-100n, 3)).toEqual([-34n, -33n, -33n]);
    expect(splitEvenly(7n, 0)).toEqual([]);
  });

  it("gives each ansvar the measures' remaining effects: by link, else by requirement; not feasible ones not at all", () => {
    const measure = {
      start: 202405,
      helarseffekt: 94_300_000n,
      override: null,
      status: 'planerad',
      linkedAnsvar: [] as string[],
      kravAnsvar: '',
    };
    const effects = remainingEffectsByAnsvar(
      [
        // 943 tkr a year from May: 629 tkr this year, 8 months; after June 6 of them remain.
        { ...measure, id: 1, kravAnsvar: '1101' },
        {
          ...measure,
          id: 2,
          linkedAnsvar: ['1101', '1102'],
          kravAnsvar: '1103',
          override: 20_000_000n,
        },
        { ...measure, id: 3, kravAnsvar: '1104', status: 'ej genomförbar' },
        { ...measure, id: 4 },
        { ...measure, id: 5, kravAnsvar: '1105', start: 202301 },
      ],
      2024,
      6,
    );
    const first = 62_900_000n - (62_900_000n * 2n) / 8n;
    const second = 20_000_000n - (20_000_000n * 2n) / 8n;
    expect(Object.fromEntries(effects)).toEqual({
      '1101': first + second / 2n,
      '1102': second / 2n,
      // Started before the year: the whole year's effect, half of it still to come.
      '1105': 94_300_000n - (94_300_000n * 6n) / 12n,
    });
  });

  it("spreads an ansvar's forecast over its verksamheter by budget, exactly", () => {
    const allocated = allocateForecast(1_000n, [
      { code: 'a', budgetYear: 300n, outcomeToDate: 0n },
      { code: 'b', budgetYear: 600n, outcomeToDate: 0n },
    ]);
    // 100 öre over budget: a third to a, the rest to b.
    expect(Object.fromEntries(allocated)).toEqual({ a: 333n, b: 667n });
    const noBudget = allocateForecast(90n, [
      { code: 'a', budgetYear: 0n, outcomeToDate: 10n },
      { code: 'b', budgetYear: 0n, outcomeToDate: 20n },
    ]);
    expect(Object.fromEntries(noBudget)).toEqual({ a: 30n, b: 60n });
    expect(
      Object.fromEntries(
        allocateForecast(5n, [
          { code: 'a', budgetYear: 0n, outcomeToDate: 0n },
          { code: 'b', budgetYear: 0n, outcomeToDate: 0n },
        ]),
      ),
    ).toEqual({ a: 5n, b: 0n });
  });
});
