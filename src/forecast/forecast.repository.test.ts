import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { chunks, HEADER, sieFile } from '../../test/sie-fixtures.ts';
import { ENGINES, openTestDb } from '../../test/test-db.ts';
import { importSie } from '../ledger/sie-import.service.ts';
import { monthSums, splitByKontogrupp } from './forecast.repository.ts';

describe('splitByKontogrupp', () => {
  it('reads a kontogrupp whole only when every booked account of it is asked for', () => {
    const booked = ['3010', '3011', '4010', '4011', '5011', '7'];
    expect(splitByKontogrupp(['3010', '3011', '4010', '9999', '7'], booked)).toEqual({
      whole: ['30', '7'],
      single: ['4010'],
    });
    expect(splitByKontogrupp([], booked)).toEqual({ whole: [], single: [] });
    expect(splitByKontogrupp(['5011'], [])).toEqual({ whole: [], single: [] });
  });
});

const GROUPS = ['30', '31', '40', '45', '50', '51', '64', '70', '79'];
const ACCOUNTS = GROUPS.flatMap((g) => [`${g}10`, `${g}11`, `${g}20`]);

/** A year of outcome on 27 accounts in 9 kontogrupper, two ansvar and two verksamheter. */
function ledger(): Buffer {
  const lines = [...HEADER, ...ACCOUNTS.map((k) => `#KONTO ${k} "Konto ${k}"`)];
  let n = 0;
  for (let month = 1; month <= 12; month += 1) {
    ACCOUNTS.forEach((konto, i) => {
      n += 1;
      const ansvar = i % 2 === 0 ? '100' : '200';
      const verksamhet = (i + month) % 3 === 0 ? '5101' : '5102';
      const amount = `${(i + 1) * 100 + month}.${String((i * month) % 100).padStart(2, '0')}`;
      const sign = konto.startsWith('3') ? '-' : '';
      lines.push(
        `#VER A ${n} 2024${String(month).padStart(2, '0')}15`,
        '{',
        `#TRANS ${konto} {1 "${ansvar}" 2 "${verksamhet}"} ${sign}${amount}`,
        `#TRANS 1930 {} ${sign === '-' ? '' : '-'}${amount}`,
        '}',
      );
    });
  }
  return sieFile(lines);
}

describe.each(ENGINES)('month sums per ansvar on %s', (engine) => {
  it('equal the sums of ledger_balance for any list of accounts, whole kontogrupper or not', async () => {
    const handle = await openTestDb(engine);
    try {
      await handle.transaction((tx) =>
        importSie(tx, { fileName: 'grupper.se', bytes: chunks(ledger(), 4096) }),
      );
      // The year with the most accounts booked.
      const years = await sql<{ id: number; periods: number[] }>`
        select fiscal_year_id as id, array_agg(distinct period order by period) as periods
        from ledger_balance where period > 0 group by fiscal_year_id
        order by count(distinct konto) desc`.execute(handle.db);
      const year = years.rows[0];
      expect(year).toBeDefined();
      if (!year) return;
      const kontos = (
        await sql<{ konto: string }>`
          select distinct konto from ledger_balance where fiscal_year_id = ${year.id} and period > 0 order by 1`.execute(
          handle.db,
        )
      ).rows.map((r) => r.konto);
      expect(kontos).toEqual(['1930', ...ACCOUNTS]);
      const direct = async (list: readonly string[]) =>
        (
          await sql<{ period: number; ansvar: string; amount: bigint }>`
            select period, ansvar, sum(amount_ore)::bigint as amount from ledger_balance
            where fiscal_year_id = ${year.id} and period > 0 and konto = any(${[...list]}::text[])
            group by period, ansvar`.execute(handle.db)
        ).rows;
      const byKey = (rows: { period: number; ansvar: string; amount: bigint }[]) =>
        rows
          .map((r) => `${r.period}|${r.ansvar}|${r.amount}`)
          .sort()
          .join('\n');
      const lists = [
        kontos,
        kontos.filter((k) => k >= '3' && k < '9'),
        kontos.filter((_, i) => i % 3 !== 0),
        kontos.filter((k) => k.startsWith('1') || k === kontos[kontos.length - 1]),
        [...kontos.slice(0, 1), '0000'],
      ];
      for (const list of lists) {
        const split = splitByKontogrupp(list, kontos);
        const fromRollup = await monthSums(handle.db, {
          fiscalYearId: year.id,
          fromPeriod: year.periods[0] ?? 0,
          toPeriod: year.periods[year.periods.length - 1] ?? 0,
          kontos: list,
        });
        expect(byKey(fromRollup)).toEqual(byKey(await direct(list)));
        expect(fromRollup.length).toBeGreaterThan(0);
        // The lists try both paths: whole kontogrupper, and single accounts.
        expect(split.whole.length + split.single.length).toBeGreaterThan(0);
      }
      expect(splitByKontogrupp(lists[0] ?? [], kontos).single).toEqual([]);
      expect(splitByKontogrupp(lists[2] ?? [], kontos).single.length).toBeGreaterThan(0);
    } finally {
      await handle.close();
    }
  });
});
