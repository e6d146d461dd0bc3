import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir } from './data-dir-lock.ts';

/**
 * Finding D5 of issue 9: the data folder's lock. Real processes race for it, since a lock is only
 * as good as what another process sees.
 */

const MODULE = pathToFileURL(join(import.meta.dirname, 'data-dir-lock.ts')).href;

/**
 * A process that, for each folder written to its stdin, tries to lock it and answers "held" or
 * "refused", and on "release" lets its lock go.
 */
const WORKER = `
const { lockDataDir } = await import(process.argv[1]);
const { createInterface } = await import('node:readline');
let lock;
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'release') { lock?.release(); lock = undefined; console.log('released'); continue; }
  try { lock = lockDataDir(line); console.log('held'); }
  catch (error) { console.log(error.code === 'DATA_DIR_LOCKED' ? 'refused' : 'error ' + error.message); }
}
`;

function worker() {
  const child = spawn(process.execPath, ['--input-type=module', '-e', WORKER, MODULE], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    child,
    send: (line: string) => {
      child.stdin.write(`${line}\n`);
    },
    answer: async () => {
      const next = await lines.next();
      if (next.done === true) throw new Error('the worker ended');
      return next.value;
    },
  };
}

async function ended(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => child.on('exit', resolve));
}

/** A lock file as an earlier Balans left it, naming a process that is not the holder. */
function staleOwner(dir: string, owner: { pid: number; host: string }): void {
  writeFileSync(
    join(dir, 'balans.lock'),
    JSON.stringify({ ...owner, since: '2026-01-01T00:00:00.000Z' }),
  );
}

/** The PID of a process that has ended. */
function deadPid(): number {
  const ended = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], {
    encoding: 'utf8',
  });
  return Number(ended.stdout.trim());
}

describe('the data folder lock', () => {
  const dirs: string[] = [];
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'balans-lock-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('D5: gives a stale lock to exactly one of several processes trying at once, round after round', async () => {
    // Processes that stay up and try at the same moment, many rounds: starting a process per round
    // would spread them out over its start-up time and hide the race.
    const workers = Array.from({ length: 4 }, () => worker());
    const rounds = 200;
    const holders: Record<number, number> = {};
    try {
      const dead = deadPid();
      for (let round = 0; round < rounds; round++) {
        const dir = folder();
        staleOwner(dir, { pid: dead, host: hostname() });
        for (const w of workers) w.send(dir);
        const answers = await Promise.all(workers.map((w) => w.answer()));
        expect(answers.filter((a) => a !== 'held' && a !== 'refused')).toEqual([]);
        const held = answers.filter((a) => a === 'held').length;
        holders[held] = (holders[held] ?? 0) + 1;
        for (const w of workers) w.send('release');
        await Promise.all(workers.map((w) => w.answer()));
      }
    } finally {
      for (const w of workers) w.child.stdin.end();
      await Promise.all(workers.map((w) => ended(w.child)));
    }
    expect(holders).toEqual({ 1: rounds });
  }, 120_000);

  it('D5: takes over a lock whose PID is alive but another process (a container run as PID 1), or from another host', () => {
    for (const owner of [
      { pid: 1, host: hostname() },
      { pid: process.pid, host: hostname() },
      { pid: process.ppid, host: 'a-container-that-is-gone' },
    ]) {
      const dir = folder();
      staleOwner(dir, owner);
      const lock = lockDataDir(dir);
      lock.release();
    }
  });

  it('refuses the folder while a live process holds it, naming it, and frees it when that process is killed', async () => {
    const dir = folder();
    const holder = worker();
    try {
      holder.send(dir);
      expect(await holder.answer()).toBe('held');
      expect(() => lockDataDir(dir)).toThrow(
        new RegExp(`används av process ${holder.child.pid} på ${hostname()}`),
      );
      holder.child.kill('SIGKILL');
      await ended(holder.child);
      lockDataDir(dir).release();
    } finally {
      holder.child.kill('SIGKILL');
    }
  }, 30_000);

  it('refuses a second lock on the same folder within one process, until the first is released', () => {
    const dir = folder();
    const first = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(/används av process/);
    first.release();
    lockDataDir(dir).release();
  });
});
