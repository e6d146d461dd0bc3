import { describe, expect, it } from 'vitest';
import { assignRoles, chooseBreakdown, NO_OBJECTS, toObjectColumns } from './ledger.ts';

const roles = new Map([
  ['ansvar', 1],
  ['verksamhet', 2],
] as const);

describe('dimension roles', () => {
  it('defaults to dim 1 ansvar, dim 6 projekt and a dimension named verksamhet', () => {
    const assigned = assignRoles(
      [
        { number: 1, name: 'Ansvar' },
        { number: 21, name: 'Verksamhet' },
      ],
      new Map(),
      {},
    );
    expect(Object.fromEntries(assigned)).toEqual({ verksamhet: 21, ansvar: 1, projekt: 6 });
  });

  it('lets --dim win over what the database holds, and that over the defaults', () => {
    const assigned = assignRoles(
      [{ number: 3, name: 'Verksamhetskod' }],
      new Map([['ansvar', 4]]),
      { verksamhet: 5 },
    );
    expect(Object.fromEntries(assigned)).toEqual({ verksamhet: 5, ansvar: 4, projekt: 6 });
  });

  it('puts objects of other dimensions into one canonical column, and notes a repeated dimension', () => {
    const mapped = toObjectColumns(
      [
        { dimension: 7, code: '23' },
        { dimension: 1, code: '100' },
        { dimension: 1, code: '200' },
        { dimension: 3, code: 'x' },
      ],
      roles,
    );
    expect(mapped).toEqual({
      columns: { ansvar: '100', verksamhet: '', projekt: '', objekt: '3=x;7=23' },
      repeatedDimension: 1,
    });
  });
});

describe('chooseBreakdown (SIE type 3 balances)', () => {
  it('keeps the breakdown naming the most dimensions, plus the rest of the account total', () => {
    const parts = chooseBreakdown(
      [
        { objects: [], amount: 1000n },
        { objects: [{ dimension: 1, code: 'A' }], amount: 600n },
        { objects: [{ dimension: 1, code: 'B' }], amount: 400n },
        {
          objects: [
            { dimension: 1, code: 'A' },
            { dimension: 2, code: 'X' },
          ],
          amount: 500n,
        },
        {
          objects: [
            { dimension: 1, code: 'B' },
            { dimension: 2, code: 'Y' },
          ],
          amount: 300n,
        },
      ],
      roles,
    );
    expect(parts).toEqual([
      { columns: { ...NO_OBJECTS, ansvar: 'A', verksamhet: 'X' }, amount: 500n },
      { columns: { ...NO_OBJECTS, ansvar: 'B', verksamhet: 'Y' }, amount: 300n },
      { columns: NO_OBJECTS, amount: 200n },
    ]);
    expect(parts.reduce((sum, p) => sum + p.amount, 0n)).toBe(1000n);
  });

  it('uses the total alone when there is no breakdown, and the breakdown alone when there is no total', () => {
    expect(chooseBreakdown([{ objects: [], amount: -70n }], roles)).toEqual([
      { columns: NO_OBJECTS, amount: -70n },
    ]);
    expect(
      chooseBreakdown([{ objects: [{ dimension: 2, code: 'X' }], amount: 5n }], roles),
    ).toEqual([{ columns: { ...NO_OBJECTS, verksamhet: 'X' }, amount: 5n }]);
  });
});
