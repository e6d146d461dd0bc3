import { describe, expect, it } from 'vitest';
import {
  BalanceSums,
  PeriodBalanceSums,
  balanceSumKey,
  splitBalanceSumKey,
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
