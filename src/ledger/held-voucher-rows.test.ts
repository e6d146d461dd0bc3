import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BalansDb, DbTransaction } from '../db/database.ts';
import { ENGINES, openTestDb } from '../../test/test-db.ts';
import { compareCodeUnits, copyValue, HeldVoucherRows } from './ledger.repository.ts';

interface Row {
  voucherNo: number;
  year: number;
  konto: string;
  ansvar: string;
  text: string;
}

/**
 * Rows in a scrambled order, codes that are prefixes of one another, and escaped characters; the
 * first half in ASCII only, the second with letters and symbols beyond it (encoded differently).
 */
function rows(count: number): Row[] {
  const kontos = ['3000', '30', '4010', '300', '7'];
  const ansvar = ['', '10', '1', '2'];
  const texts = ['Hyra', 'tab\there', 'snedstreck \\ n'];
  const beyond = ['Lön för maj – Åsa', 'Kaffe ☕ och 🥐'];
  return Array.from({ length: count }, (_, i) => {
    const ascii = i < count / 2;
    const pick = (list: string[], other: string, step: number) =>
      ascii || (i * step) % 5 !== 0 ? (list[(i * step) % list.length] ?? '') : other;
    return {
      voucherNo: i + 1,
      year: (i * 7) % 3 === 0 ? 2 : 1,
      konto: pick(kontos, 'Ä1', 3),
      ansvar: pick(ansvar, 'ö', 7),
      text: `${ascii ? texts[i % texts.length] : beyond[i % beyond.length]} ${i}`,
    };
  });
}

function line(row: Row): string {
  const v = copyValue;
  return [
    1, row.voucherNo, 1, row.year, 'T', 1, v(row.konto), v(row.ansvar), '', '', '',
    row.voucherNo * 100, '2024-01-31', v(row.text), '\\N', '\\N', row.voucherNo,
  ].join('\t'); // prettier-ignore
}

const byIndex = (a: Row, b: Row) =>
  a.year - b.year || compareCodeUnits(a.konto, b.konto) || compareCodeUnits(a.ansvar, b.ansvar);

describe.each(ENGINES)('voucher rows held for an ordered load on %s', (engine) => {
  let handle: BalansDb;
  beforeAll(async () => {
    handle = await openTestDb(engine);
  });
  afterAll(async () => {
    await handle.close();
  });

  it('reach the table whole, each run sent in the order of the drill-down index', async () => {
    const all = rows(3_000);
    // A small limit: the rows go in several runs, each loaded when `add` says so.
    const runs: Row[][] = [[]];
    // The voucher numbers in the order their lines were sent to the database.
    const sent: number[] = [];
    await handle.transaction(async (tx) => {
      const recorded: DbTransaction = {
        ...tx,
        async copyInto(table, columns, data) {
          const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
          for (const l of text.split('\n')) if (l !== '') sent.push(Number(l.split('\t')[1]));
          await tx.copyInto(table, columns, data);
        },
      };
      const held = new HeldVoucherRows(40_000);
      for (const row of all) {
        runs.at(-1)?.push(row);
        if (held.add(line(row), row.year, copyValue(row.konto), copyValue(row.ansvar))) {
          await held.load(recorded);
          runs.push([]);
        }
      }
      await held.load(recorded);
    });
    expect(runs.length).toBeGreaterThan(3);
    expect(sent).toEqual(runs.flatMap((run) => [...run].sort(byIndex)).map((r) => r.voucherNo));
    const stored = await sql<{
      voucher_no: number;
      fiscal_year_id: number;
      konto: string;
      ansvar: string;
      text: string;
      amount_ore: bigint;
    }>`select voucher_no, fiscal_year_id, konto, ansvar, text, amount_ore
         from voucher_row order by voucher_no`.execute(handle.db);
    expect(
      stored.rows.map((r) => ({
        voucherNo: r.voucher_no,
        year: r.fiscal_year_id,
        konto: r.konto,
        ansvar: r.ansvar,
        text: r.text,
      })),
    ).toEqual(all);
    expect(stored.rows.every((r) => r.amount_ore === BigInt(r.voucher_no * 100))).toBe(true);
  });
});
