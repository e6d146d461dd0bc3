import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BalanceSums,
  PeriodBalanceSums,
  balanceSumKey,
  compareCodeUnits,
  orderBy,
  splitBalanceSumKey,
  type RollUp,
} from './ledger.repository.ts';

describe('BalanceSums', () => {
  it('sums exactly across 2^53 and back, and beyond a double', () => {
    const sums = new BalanceSums();
    const edge = 2n ** 53n;
    sums.add('a', edge - 1n);
    sums.add('a', 1n); // leaves the safe range: goes on in bigint
    sums.add('a', 1n);
    sums.add('a', -(edge + 1n) + 5n);
    sums.add('b', 10n ** 15n);
    for (let i = 0; i < 10_000; i++) sums.add('b', 10n ** 15n); // 1.0001e19 öre, far beyond 2^53
    sums.add('c', -3n);
    sums.add('c', 3n);
    sums.add('d', 2n ** 70n); // an amount no double holds exactly
    sums.add('d', 1n);
    expect(new Map(sums.entries())).toEqual(
      new Map([
        ['a', 5n],
        ['b', 10_001n * 10n ** 15n],
        ['c', 0n],
        ['d', 2n ** 70n + 1n],
      ]),
    );
    expect(sums.size).toBe(4);
    expect(new Map(sums.texts()).get('d')).toBe((2n ** 70n + 1n).toString());
    expect([...sums.large().keys()].sort()).toEqual(['a', 'b', 'd']);
  });

  it('rolls sums up under other keys, exactly', () => {
    const sums = new BalanceSums();
    sums.add('1\tx', 2n ** 53n - 1n);
    sums.add('2\tx', 2n ** 53n - 1n);
    sums.add('0\tx', 7n);
    const rollup = new BalanceSums();
    rollup.addFrom(sums, (key) => (key.startsWith('0\t') ? undefined : key.slice(2)));
    expect([...rollup.entries()]).toEqual([['x', 2n * (2n ** 53n - 1n)]]);
  });

  it('keys hold the values in COPY form and give them back', () => {
    const columns = { ansvar: 'a\tb', verksamhet: 'c\\d', projekt: 'e\nf', objekt: '1=2;3=4\r' };
    const key = balanceSumKey(202401, '5010', columns);
    expect(key.split('\t')).toHaveLength(6);
    expect(splitBalanceSumKey(key)).toEqual({ period: 202401, konto: '5010', ...columns });
  });

  it('by period, konto and objects: the same sums and keys as by string', () => {
    const period = new PeriodBalanceSums();
    const byString = new BalanceSums();
    let seed = 7;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const amounts = [1n, -250_000n, 10n ** 15n, -(10n ** 15n), 2n ** 60n, 0n];
    // Enough keys to grow the table several times; 40 periods (past the packed 32) and some
    // sums far beyond 2^53.
    for (let i = 0; i < 100_000; i++) {
      const p = 202400 + next(40);
      const konto = String(3000 + next(400));
      const objects = `${next(50)}\t${next(7)}\t\t`;
      const amount =
        i % 1000 === 0
          ? (amounts[next(amounts.length)] ?? 0n)
          : BigInt(next(2_000_001) - 1_000_000);
      period.add(p, konto, objects, amount);
      byString.add(`${p}\t${konto}\t${objects}`, amount);
    }
    const expected = new Map(byString.entries());
    expect(period.size).toBe(expected.size);
    expect(new Map(period.entries())).toEqual(expected);
    expect(new Map(period.texts())).toEqual(
      new Map([...expected].map(([key, amount]) => [key, amount.toString()])),
    );
    expect(new Map(period.large())).toEqual(new Map(byString.large()));
    expect(period.large().size).toBeGreaterThan(0);

    // Rolled up to (period, ansvar, two first digits of konto), periods after 202430 left out:
    // the same sums from the numbered table as from the string keys, and as summed by hand.
    const rule = {
      konto: (konto: string) => konto.slice(0, 2),
      objects: (objects: string) => objects.split('\t')[0] ?? '',
      key: (p: string, grupp: string, ansvar: string) =>
        Number(p) > 202430 ? undefined : `${p}\t${ansvar}\t${grupp}`,
    };
    const byHand = new Map<string, bigint>();
    for (const [key, amount] of expected) {
      const [p = '', konto = '', ansvar = ''] = key.split('\t');
      if (Number(p) > 202430) continue;
      const to = `${p}\t${ansvar}\t${konto.slice(0, 2)}`;
      byHand.set(to, (byHand.get(to) ?? 0n) + amount);
    }
    const rolled = new Map(period.rollUp(rule).entries());
    expect(rolled).toEqual(byHand);
    expect(new Map(byString.rollUp(rule).entries())).toEqual(byHand);
    expect([...rolled.values()].some((a) => a > 2n ** 53n)).toBe(true);
  });
});

describe('orderBy', () => {
  it('orders by several keys, the first most significant, and keeps equal ones in their order', () => {
    const row = fc.tuple(fc.nat(3), fc.nat(9), fc.nat(1));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 200 }), (rows) => {
        const key = (i: number) => new Int32Array(rows.map((r) => r[i] ?? 0));
        const order = orderBy(rows.length, [
          { of: key(0), size: 4 },
          { of: key(1), size: 10 },
          { of: key(2), size: 2 },
        ]);
        const expected = rows
          .map((r, n) => ({ r, n }))
          .sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.r[2] - b.r[2] || a.n - b.n)
          .map((x) => x.n);
        expect([...order]).toEqual(expected);
      }),
    );
  });
});

describe('PeriodBalanceSums.texts', () => {
  it("come in the order of ledger_balance's key: period as a number, then konto and objects", () => {
    const sums = new PeriodBalanceSums();
    // Periods whose text order differs from their order as numbers, accounts and codes that are
    // prefixes of one another, a letter outside ASCII, and one sum beyond 2^53 (kept apart, last).
    const periods = [10, 2, 0, 1, 12];
    const kontos = ['3000', '30', '4010', 'Ä1', '300'];
    const objects = ['1\t\t\t', '10\t\t\t', '1\tA\t\t', '\t\t\t', 'ö\t\t\t'];
    let n = 0;
    for (const p of periods)
      for (const k of kontos) for (const o of objects) sums.add(p, k, o, BigInt((n += 7) % 50));
    sums.add(2, '30', '1\t\t\t', 2n ** 60n);
    // Keys in the order of a table's key: the period as a number, then the rest as text.
    const inKeyOrder = (list: string[]) => {
      const split = (key: string) => {
        const tab = key.indexOf('\t');
        return [Number(key.slice(0, tab)), key.slice(tab + 1)] as const;
      };
      return [...list].sort((a, b) => {
        const [pa, ra] = split(a);
        const [pb, rb] = split(b);
        return pa - pb || compareCodeUnits(ra, rb);
      });
    };
    const keys = [...sums.texts()].map(([key]) => key);
    expect(keys.slice(0, -1)).toEqual(inKeyOrder(keys.slice(0, -1)));
    expect(keys.at(-1)).toBe('2\t30\t1\t\t\t');
    expect(keys).toHaveLength(periods.length * kontos.length * objects.length);

    // Roll-ups read in their own key's order when asked, whichever part follows the period; the
    // sum beyond 2^53 comes last again.
    const rolledKeys = (rule: RollUp) => [...sums.rollUp(rule).texts()].map(([key]) => key);
    const first = (objects: string) => objects.split('\t')[0] ?? '';
    const byKonto = rolledKeys({
      konto: (k) => k,
      objects: first,
      key: (p, k, o) => `${p}\t${k}\t${o}`,
      order: 'konto',
    });
    expect(byKonto.slice(0, -1)).toEqual(inKeyOrder(byKonto.slice(0, -1)));
    expect(byKonto.at(-1)).toBe('2\t30\t1');
    const byObjects = rolledKeys({
      konto: (k) => k.slice(0, 2),
      objects: first,
      key: (p, k, o) => `${p}\t${o}\t${k}`,
      order: 'objects',
    });
    expect(byObjects.slice(0, -1)).toEqual(inKeyOrder(byObjects.slice(0, -1)));
    expect(byObjects.at(-1)).toBe('2\t1\t30');
    expect(byObjects).toHaveLength(periods.length * 3 * 4); // 30, 40, Ä1 by 1, 10, ö and none
  });
});
