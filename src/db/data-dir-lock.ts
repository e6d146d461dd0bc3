import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type * as NodeSqlite from 'node:sqlite';
import { AppError } from '../shared/app-error.ts';

/**
 * PGlite neither locks its folder nor fsyncs: two processes on one folder lose writes. Balans
 * therefore holds an exclusive lock on the data folder for as long as it has it open.
 *
 * The lock is the operating system's: an exclusive SQLite transaction on `balans.lock.sqlite`
 * (node:sqlite, built into Node, no native build), which is an fcntl lock on an open file. Taking it
 * is atomic, and the kernel lets it go when the holder ends, however it ends (kill -9 included), so
 * there is no stale lock to judge: no PID that may be reused (a container's PID 1), no host name that
 * changes with every container. `balans.lock` beside it only names the holder for the message.
 */
export interface DataDirLock {
  release(): void;
}

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

const LOCK_FILE = 'balans.lock.sqlite';
const OWNER_FILE = 'balans.lock';
const SQLITE_BUSY = 5;

let sqlite: typeof NodeSqlite | undefined;

/** node:sqlite, loaded when first needed. Node 22 calls it experimental on loading: no news to users. */
function loadSqlite(): typeof NodeSqlite {
  if (sqlite) return sqlite;
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = (warning: string | Error, ...rest: unknown[]) => {
    if (!String(warning).includes('SQLite')) emitWarning(warning, ...(rest as [string]));
  };
  try {
    sqlite = createRequire(import.meta.url)('node:sqlite') as typeof NodeSqlite;
  } finally {
    process.emitWarning = emitWarning;
  }
  return sqlite;
}

function isBusy(error: unknown): boolean {
  return (error as { errcode?: unknown }).errcode === SQLITE_BUSY;
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string'
      ? { pid: owner.pid, host: owner.host, since: owner.since ?? '' }
      : undefined;
  } catch {
    return undefined; // not yet written by the holder, or from an older Balans
  }
}

function lockedError(dataDir: string, holder: LockOwner | undefined): AppError {
  const who = holder
    ? `process ${holder.pid} på ${holder.host} (sedan ${holder.since})`
    : 'en annan process';
  return new AppError(
    'DATA_DIR_LOCKED',
    `datamappen ${dataDir} används av ${who}; ` +
      'den inbyggda databasen kan bara användas av en process i taget: stoppa den processen, eller använd PostgreSQL (DATABASE_URL) för flera',
  );
}

export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const { DatabaseSync } = loadSqlite();
  // A folder in use is refused after a short wait, never waited for long. The wait is not for the
  // holder: when several processes start at once, one may hold SQLite's PENDING lock and wait for
  // another's SHARED lock to go, which it does when that one gives up; without any wait both give
  // up and neither gets the folder (1 round in 200 of the race test).
  const lock = new DatabaseSync(join(dataDir, LOCK_FILE), { timeout: 50 });
  try {
    lock.exec('begin exclusive');
  } catch (error) {
    lock.close();
    if (isBusy(error)) throw lockedError(dataDir, readOwner(join(dataDir, OWNER_FILE)));
    throw new AppError(
      'DATA_DIR_LOCKED',
      `kunde inte låsa datamappen ${dataDir}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  // Held: say who holds it (written aside and renamed, so a reader never sees half of it).
  const ownerPath = join(dataDir, OWNER_FILE);
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const written = `${ownerPath}.${process.pid}.tmp`;
  try {
    writeFileSync(written, JSON.stringify(owner));
    renameSync(written, ownerPath);
  } catch (error) {
    lock.close();
    throw error;
  }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      rmSync(ownerPath, { force: true });
      lock.close(); // ends the transaction and lets the lock go
    },
  };
}
