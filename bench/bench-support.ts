import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * What the benchmarks share: the machine and code they ran on, how busy the machine was, the
 * PostgreSQL connection for setting up, and Markdown tables for docs/benchmarks.md.
 */
export const ROOT = path.resolve(import.meta.dirname, '..');

export function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
}

/** 1234567 → "1 234 567". */
export const group = (n: number) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

export interface Machine {
  cpu: string;
  cores: number;
  memoryBytes: number;
  node: string;
  os: string;
  pglite: string;
  postgres?: string;
}

export function machine(postgres?: string): Machine {
  const pglite = JSON.parse(
    readFileSync(
      path.join(ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json'),
      'utf8',
    ),
  ) as { version: string };
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryBytes: os.totalmem(),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    pglite: pglite.version,
    ...(postgres ? { postgres } : {}),
  };
}

export function describeMachine(m: Machine): string {
  const lines = [
    `- CPU: ${m.cpu}, ${m.cores} cores; memory ${group(m.memoryBytes / 1024 ** 3)} GiB`,
    `- ${m.os}; Node ${m.node}; PGlite ${m.pglite}`,
  ];
  if (m.postgres) lines.push(`- ${m.postgres}`);
  return lines.join('\n');
}

/** The commit measured, and whether the given folders had uncommitted changes. */
export function codeVersion(folders: readonly string[]): string {
  // A copy of the code without .git (a snapshot measured beside the working tree) names itself.
  const pinned = path.join(ROOT, '.bench-code-version');
  if (existsSync(pinned)) return readFileSync(pinned, 'utf8').trim();
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    const head = git('log', '-1', '--format=%h %s');
    return git('status', '--porcelain', '--', ...folders) === ''
      ? head
      : `${head} (with uncommitted changes in ${folders.map((f) => `${f}/`).join(' or ')})`;
  } catch {
    return 'unknown';
  }
}

/** A hash of every file under src/, to notice edits made while measuring. */
export function srcFingerprint(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(full).update(readFileSync(full));
    }
  };
  walk(path.join(ROOT, 'src'));
  return hash.digest('hex');
}

export function cpuTimes(): { busy: number; total: number } | undefined {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/**
 * Seconds a fixed piece of JavaScript work takes (a million short strings made, kept in a Map and
 * sorted), the same work every time: beside a measurement on a machine whose speed changes from
 * one minute to the next, it says how fast the machine was just then (lower is faster).
 */
export function referenceSeconds(): number {
  const start = performance.now();
  const seen = new Map<string, number>();
  const texts: string[] = [];
  for (let i = 0; i < 1_000_000; i++) {
    const text = String((i * 2_654_435_761) % 1_000_000_007);
    seen.set(text, i);
    texts.push(text);
  }
  texts.sort();
  return (performance.now() - start) / 1000;
}

/** Share of all CPUs busy over one second (0 where /proc/stat is missing). */
export async function busyShare(): Promise<number> {
  const a = cpuTimes();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const b = cpuTimes();
  if (!a || !b || b.total === a.total) return 0;
  return (b.busy - a.busy) / (b.total - a.total);
}

/** Waits until other work leaves the machine quiet (under 15 % busy), at most `maxMs`. */
export async function waitForQuiet(options: {
  maxMs: number;
  pollMs: number;
  say: (text: string) => void;
}): Promise<{ busy: number; waitedSeconds: number }> {
  const started = performance.now();
  let busy = await busyShare();
  let told = false;
  while (busy > 0.15 && performance.now() - started < options.maxMs) {
    if (!told)
      options.say(`waiting for the machine to be quiet (${Math.round(busy * 100)} % busy)`);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
    busy = await busyShare();
  }
  return { busy, waitedSeconds: (performance.now() - started) / 1000 };
}

export async function postgresAdmin<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A Markdown table with its columns padded. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    line(head),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...rows.map(line),
  ].join('\n');
}
