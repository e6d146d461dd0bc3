import { afterAll, beforeAll } from 'vitest';
import type { BalansDb, Engine } from '../src/db/database.ts';
import { buildDemo } from '../src/demo/demo.service.ts';
import { openTestDb } from './test-db.ts';

/** A fresh database holding the demo municipality for the tests of one describe block. */
export function useDemoDatabase(engine: Engine): () => BalansDb {
  let handle: BalansDb | undefined;
  beforeAll(async () => {
    handle = await openTestDb(engine);
    await buildDemo(handle);
  });
  afterAll(async () => {
    await handle?.close();
  });
  return () => {
    if (!handle) throw new Error('the demo database is not open yet');
    return handle;
  };
}

/** A CSV file's bytes from its lines. */
export function csvFile(lines: readonly string[]): Buffer {
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}
