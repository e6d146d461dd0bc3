import { createReadStream, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyError, openDatabase, type BalansDb } from '../db/database.ts';
import { client, signInController } from '../../test/api.ts';
import { SAMPLES } from '../../test/sie-fixtures.ts';
import { createPostgresDatabase, ENGINES, openTestDb } from '../../test/test-db.ts';
import { buildDemo } from '../demo/demo.service.ts';
import { createApp } from '../server/app.ts';
import { suspendIndexes } from './ledger.repository.ts';
import { importSie } from './sie-import.service.ts';

const BULK_TABLES: [string, ...string[]] = [
  'voucher_row',
  'voucher',
  'ledger_balance',
  'ledger_balance_verksamhet',
  'ledger_balance_year_verksamhet',
];

/** Every index of the bulk tables, primary keys included, as the SQL that would build it. */
async function indexes(db: BalansDb['db']): Promise<string[]> {
  const rows = await sql<{ definition: string }>`
    select pg_get_indexdef(i.indexrelid) || coalesce(' / ' || con.conname, '') as definition
      from pg_index i
      join pg_class t on t.oid = i.indrelid
      left join pg_constraint con on con.conindid = i.indexrelid
     where t.relname in (${sql.join(BULK_TABLES)})
     order by 1`.execute(db);
  return rows.rows.map((r) => r.definition);
}

const FILE = 'SIE_test_av_KST_projekt_Testbolaget_e - kopia ny.SE';

describe.each(ENGINES)('indexes of the bulk tables on %s', (engine) => {
  let handle: BalansDb;
  let before: string[];
  beforeAll(async () => {
    handle = await openTestDb(engine);
    before = await indexes(handle.db);
  });
  afterAll(async () => {
    await handle.close();
  });

  it('are whole after a first import, a reload and a refused import', async () => {
    expect(before.some((d) => d.includes('voucher_row_drilldown'))).toBe(true);
    expect(before.some((d) => d.includes('ledger_balance_pk'))).toBe(true);
    const load = (bytes: AsyncIterable<Buffer>, fileName = FILE) =>
      handle.transaction((tx) =>
        importSie(tx, { fileName, bytes, size: statSync(join(SAMPLES, FILE)).size }),
      );
    await load(createReadStream(join(SAMPLES, FILE)));
    expect(await indexes(handle.db)).toEqual(before);
    await load(createReadStream(join(SAMPLES, FILE)));
    expect(await indexes(handle.db)).toEqual(before);
    // Refused after its vouchers were loaded (a voucher outside every declared year at the end).
    const text = `${readFileSync(join(SAMPLES, FILE), 'latin1')}\r\n#VER "A" "999" 19000101 ""\r\n{\r\n#TRANS 1910 {} 1.00\r\n#TRANS 2010 {} -1.00\r\n}\r\n`;
    await expect(load(Readable.from([Buffer.from(text, 'latin1')]), 'refused.SE')).rejects.toThrow(
      /refused\.SE:\d+/,
    );
    expect(await indexes(handle.db)).toEqual(before);
  });

  it('are dropped for a large load beside what other years hold, and built again as they were', async () => {
    await handle.transaction(async (tx) => {
      const year = await sql<{ id: number }>`select min(id) as id from fiscal_year`.execute(tx.db);
      const suspended = await suspendIndexes(tx, BULK_TABLES, {
        fiscalYearId: year.rows[0]?.id ?? 0,
        expectedRows: 10_000_000,
      });
      expect(await indexes(tx.db)).toEqual([]);
      await suspended.restore();
      expect(await indexes(tx.db)).toEqual(before);
    });
    // Other years (here: every row, of a year that does not exist) hold more than the load.
    await handle.transaction(async (tx) => {
      await suspendIndexes(tx, BULK_TABLES, { fiscalYearId: -1, expectedRows: 1 });
      expect(await indexes(tx.db)).toEqual(before);
    });
  });
});

/**
 * Two connections to a new PostgreSQL database, the reader's with a short lock_timeout, and
 * `holding`: runs `read` while a transaction of the importer holds the bulk tables with their
 * indexes dropped, then lets the transaction build them again and commit.
 */
async function withImporterAndReader(
  work: (db: {
    importing: BalansDb;
    reading: BalansDb;
    holding: <T>(read: () => Promise<T>) => Promise<T>;
  }) => Promise<void>,
): Promise<void> {
  const database = await createPostgresDatabase();
  const importing = await openDatabase({ engine: 'postgres', databaseUrl: database.url });
  const reading = await openDatabase({
    engine: 'postgres',
    databaseUrl: database.url,
    lockTimeoutMs: 200,
  });
  const holding = async <T>(read: () => Promise<T>): Promise<T> => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let suspended!: () => void;
    const dropped = new Promise<void>((resolve) => (suspended = resolve));
    const load = importing.transaction(async (tx) => {
      const indexes = await suspendIndexes(tx, BULK_TABLES, {
        fiscalYearId: 0,
        expectedRows: 100_000_000,
      });
      expect(indexes.suspended).toBe(true);
      suspended();
      await held;
      await indexes.restore();
    });
    await dropped;
    try {
      return await read();
    } finally {
      release();
      await load;
    }
  };
  try {
    await work({ importing, reading, holding });
  } finally {
    await importing.close();
    await reading.close();
    await database.drop();
  }
}

describe.runIf(ENGINES.includes('postgres'))('a reader of a table a large import holds', () => {
  it('waits a while, then is told that an import is running (PostgreSQL)', async () => {
    await withImporterAndReader(async ({ importing, reading, holding }) => {
      const failure = await holding(() =>
        reading.db
          .selectFrom('voucher_row')
          .select('konto')
          .execute()
          .then(
            () => undefined,
            (error: unknown) => error,
          ),
      );
      const busy = busyError(failure);
      expect(busy?.code).toBe('DATABASE_BUSY');
      expect(busy?.message).toMatch(/import pågår/);
      expect(busyError(new Error('något annat'))).toBeUndefined();
      // After the commit the table reads again, with its indexes.
      expect(await reading.db.selectFrom('voucher_row').select('konto').execute()).toEqual([]);
      expect(await indexes(reading.db)).toEqual(await indexes(importing.db));
    });
  });

  it('answers a request to the web app 503 with Retry-After while the import holds the tables', async () => {
    await withImporterAndReader(async ({ importing, reading, holding }) => {
      await buildDemo(importing);
      const app = createApp(reading);
      const controller = client(app, await signInController(app));
      // Asked first while the tables are held (an answer once given is kept for its data version).
      const drill = '/api/drilldown/vouchers?year=2024&ansvar=1010&konto=5011&limit=5';
      const busy = await holding(async () => controller.get(drill));
      expect(busy.status).toBe(503);
      expect(busy.headers.get('retry-after')).toBe('10');
      const body = (await busy.json()) as { code: string; message: string };
      expect(body.code).toBe('DATABASE_BUSY');
      expect(body.message).toMatch(/import pågår/);
      expect((await controller.get(drill)).status).toBe(200);
    });
  });
});
