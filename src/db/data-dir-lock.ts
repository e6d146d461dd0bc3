import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../shared/app-error.ts';

/**
 * PGlite neither locks its folder nor fsyncs: two processes on one folder lose writes. Balans
 * therefore holds an exclusive lock file in the data folder for as long as it has it open.
 */
export interface DataDirLock {
  release(): void;
}

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'balans.lock');
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(owner));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder: LockOwner | undefined;
      try {
        holder = JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
      } catch {
        holder = undefined; // half-written or unreadable: treat as stale
      }
      if (holder && (holder.host !== owner.host || isAlive(holder.pid))) {
        throw new AppError(
          'DATA_DIR_LOCKED',
          `datamappen ${dataDir} används av process ${holder.pid} på ${holder.host} (sedan ${holder.since}); ` +
            'den inbyggda databasen kan bara användas av en process i taget: stoppa den processen, eller använd PostgreSQL (DATABASE_URL) för flera',
        );
      }
      rmSync(path, { force: true }); // left by a process that has ended
    }
  }
  throw new AppError('DATA_DIR_LOCKED', `kunde inte låsa datamappen ${dataDir}`);
}
