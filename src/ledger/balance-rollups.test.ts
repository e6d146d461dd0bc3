import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BalansDb } from '../db/database.ts';
import { SAMPLES } from '../../test/sie-fixtures.ts';
import { ENGINES, openTestDb } from '../../test/test-db.ts';
import { ledgerBalances } from './ledger.service.ts';
import { importSie } from './sie-import.service.ts';

async function importFile(handle: BalansDb, file: string) {
  return handle.transaction((trx) =>
    importSie(trx, { fileName: file, bytes: createReadStream(join(SAMPLES, file)) }),
  );
}

/** Each roll-up next to the same sums computed from `ledger_balance` itself. */
async function rollupsAndTheirSource(handle: BalansDb) {
  const read = async (table: string, column: string, from: string) =>
    (
      await sql<Record<string, unknown>>`
        select fiscal_year_id, period, konto, ${sql.ref(column)} as code, sum(amount_ore)::bigint as amount
        from ${sql.table(from)}
        group by fiscal_year_id, period, konto, ${sql.ref(column)}
        having sum(amount_ore) <> 0
        order by 1, 2, 3, 4`.execute(handle.db)
    ).rows;
  const out: Record<string, { rollup: unknown[]; source: unknown[] }> = {};
  for (const [table, column] of [['ledger_balance_verksamhet', 'verksamhet']] as const) {
    out[table] = {
      rollup: await read(table, column, table),
      source: await read(table, column, 'ledger_balance'),
    };
  }
  const year = async (from: string) =>
    (
      await sql<Record<string, unknown>>`
        select fiscal_year_id, konto, verksamhet, sum(amount_ore)::bigint as amount
        from ${sql.table(from)}
        where ${from === 'ledger_balance' ? sql`period > 0` : sql`true`}
        group by fiscal_year_id, konto, verksamhet
        having sum(amount_ore) <> 0
        order by 1, 2, 3`.execute(handle.db)
    ).rows;
  const byAnsvar = async (from: string) =>
    (
      await sql<Record<string, unknown>>`
        select fiscal_year_id, period, ansvar,
          ${from === 'ledger_balance' ? sql`left(konto, 2)` : sql.ref('kontogrupp')} as grupp,
          sum(amount_ore)::bigint as amount
        from ${sql.table(from)}
        group by 1, 2, 3, 4
        having sum(amount_ore) <> 0
        order by 1, 2, 3, 4`.execute(handle.db)
    ).rows;
  out['ledger_balance_ansvar'] = {
    rollup: await byAnsvar('ledger_balance_ansvar'),
    source: await byAnsvar('ledger_balance'),
  };
  out['ledger_balance_year_verksamhet'] = {
    rollup: await year('ledger_balance_year_verksamhet'),
    source: await year('ledger_balance'),
  };
  return out;
}

describe.each(ENGINES)('balance roll-ups on %s', (engine) => {
  let handle: BalansDb;
  beforeAll(async () => {
    handle = await openTestDb(engine);
  });
  afterAll(async () => {
    await handle.close();
  });

  it('agree with ledger_balance after every kind of import: vouchers, added vouchers (.SI), period and year balances, a reload', async () => {
    // Files of one company in a row; each group starts from an empty ledger.
    const groups = [
      ['SIE_test_av_KST_projekt_Testbolaget_e - kopia ny.SE'],
      ['BLBLOV_SIE4_UTF_8_1.SE', 'BLBLOV_SIE1_copy.SE', 'BLBLOV_SIE4_UTF_8_1.SE'],
      ['BLBLOV_SIE4_UTF_8.SI'],
      ['BLBLOV_SIE2.SE'],
    ];
    for (const files of groups) {
      await sql`truncate voucher_row, voucher, ledger_balance, ledger_balance_verksamhet, ledger_balance_year_verksamhet, ledger_balance_ansvar, budget_balance, budget_version, account_sru, account, dimension_object, dimension, fiscal_year, import_batch, organisation restart identity cascade`.execute(
        handle.db,
      );
      for (const file of files) {
        await importFile(handle, file);
        const sums = await rollupsAndTheirSource(handle);
        for (const { rollup, source } of Object.values(sums)) expect(rollup).toEqual(source);
      }
    }
    const rows = await sql<{
      n: bigint;
    }>`select count(*) as n from ledger_balance_verksamhet`.execute(handle.db);
    expect(Number(rows.rows[0]?.n)).toBeGreaterThan(0);
  });

  it('answer balances by verksamhet as ledger_balance does', async () => {
    await sql`truncate voucher_row, voucher, ledger_balance, ledger_balance_verksamhet, ledger_balance_year_verksamhet, ledger_balance_ansvar, budget_balance, budget_version, account_sru, account, dimension_object, dimension, fiscal_year, import_batch, organisation restart identity cascade`.execute(
      handle.db,
    );
    const summary = await importFile(handle, 'SIE_test_av_KST_projekt_Testbolaget_e - kopia ny.SE');
    const year = Number(
      summary.fiscalYears.find((y) => y.outcome === 'vouchers')?.start.slice(0, 4),
    );
    for (const by of [
      ['verksamhet', 'konto'],
      ['verksamhet', 'konto', 'period'],
      ['konto'],
    ] as const) {
      const fromRollups = await ledgerBalances(handle.db, { year, by });
      // The same question with projekt added, which only ledger_balance can answer, summed back.
      const fine = await ledgerBalances(handle.db, { year, by: [...by, 'projekt'] });
      const summed = new Map<string, bigint>();
      for (const line of fine) {
        const key = by.map((g) => line.keys[g]).join('|');
        summed.set(key, (summed.get(key) ?? 0n) + line.amount);
      }
      const byKey = ([a]: [string, bigint], [b]: [string, bigint]) => (a < b ? -1 : 1);
      expect(
        fromRollups
          .map((l): [string, bigint] => [by.map((g) => l.keys[g]).join('|'), l.amount])
          .sort(byKey),
      ).toEqual([...summed].filter(([, amount]) => amount !== 0n).sort(byKey));
      expect(fromRollups.length).toBeGreaterThan(0);
    }
  });
});
