import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * The database's data versions (migration 2026-11-24T06-00-data-version): `figures` changes at the
 * commit of every change to what the follow-up shows, `access` at the commit of every change to
 * users, their scopes and their sessions. What is computed from them may be remembered for as long
 * as they stand — by every server that shares the database, each for itself.
 */
export interface DataVersions {
  figures: bigint;
  access: bigint;
}

type Db = Kysely<Database>;

interface Reader {
  /** The read under way. */
  running: Promise<DataVersions | undefined> | undefined;
  /** The read about to begin, shared by everyone who asks before it does. */
  next: Promise<DataVersions | undefined> | undefined;
}

const readers = new WeakMap<Db, Reader>();

async function readVersions(db: Db): Promise<DataVersions | undefined> {
  const result = await sql<{ figures: bigint; access: bigint; writing: boolean }>`
    select figures, access, txid_current_if_assigned() is not null as writing
    from data_version`.execute(db);
  const row = result.rows[0];
  return row === undefined || row.writing
    ? undefined
    : { figures: row.figures, access: row.access };
}

function begin(db: Db, reader: Reader): Promise<DataVersions | undefined> {
  const read = readVersions(db);
  reader.running = read;
  const done = () => {
    if (reader.running === read) reader.running = undefined;
  };
  void read.then(done, done);
  return read;
}

/** The reads of a request that only reads (see readOnce), per database handle. */
const oneRead = new AsyncLocalStorage<Map<Db, Promise<DataVersions | undefined>>>();

/**
 * Runs `work` — a request that changes nothing — with one read of the versions for everything it
 * asks: its answers are as of one moment, and it costs one query, not one per question.
 */
export function readOnce<T>(work: () => Promise<T>): Promise<T> {
  return oneRead.run(new Map(), work);
}

/**
 * The versions as they stand now: read after this call, so every change committed before it
 * counts (within readOnce: after the first call of the request). Calls share a read that has not
 * yet begun, never one under way (it began before them, so cannot be theirs): under load, many
 * requests cost one query. Undefined inside a transaction that has written, whose changes count
 * only once it commits.
 */
export function currentVersions(db: Db): Promise<DataVersions | undefined> {
  const reads = oneRead.getStore();
  if (reads === undefined) return sharedRead(db);
  let read = reads.get(db);
  if (read === undefined) {
    read = sharedRead(db);
    reads.set(db, read);
  }
  return read;
}

function sharedRead(db: Db): Promise<DataVersions | undefined> {
  let reader = readers.get(db);
  if (reader === undefined) {
    reader = { running: undefined, next: undefined };
    readers.set(db, reader);
  }
  const waiting = reader;
  // The next read begins when the one under way has ended and this turn of the event loop is
  // over: the requests that came in the same turn share it (on PGlite, whose queries run on this
  // thread, a read under way never has company).
  waiting.next ??= (waiting.running ?? Promise.resolve(undefined))
    .catch(() => undefined)
    .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
    .then(() => {
      waiting.next = undefined;
      return begin(db, waiting);
    });
  return waiting.next;
}
