import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import {
  openDatabase,
  resolveOpenOptions,
  type BalansDb,
  type DbTransaction,
} from '../db/database.ts';
import { audited as auditedChange } from '../audit/audit.service.ts';
import { AppError } from '../shared/app-error.ts';

/** What a feature's command module registers its commands on. */
export interface Cli {
  readonly program: Command;
  /** `balans import …`: each feature adds the files it reads. */
  readonly importCommand: Command;
  /** `balans export …`: each feature adds the files it writes. */
  readonly exportCommand: Command;
  readonly print: (text: string) => void;
}

/** The command line's actor in the audit log: the operating-system user. */
export function cliActor(): string {
  return `cli:${process.env['USER'] ?? 'okänd'}`;
}

/** A change made from the command line, audited with the operating-system user as the actor. */
export function audited<T>(
  handle: BalansDb,
  action: string,
  target: string,
  work: (tx: DbTransaction) => Promise<T>,
): Promise<T> {
  return auditedChange(handle, { actor: cliActor(), action, target }, work);
}

export async function withDatabase<T>(
  dataDir: string | undefined,
  work: (handle: BalansDb) => Promise<T>,
): Promise<T> {
  const handle = await openDatabase(resolveOpenOptions(dataDir));
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}

export function dataOption(): Option {
  return new Option(
    '--data <dir>',
    'embedded database folder (default ./balans-data, or PostgreSQL when DATABASE_URL is set)',
  );
}

/** `--format`, defaulting to the first choice: formatOption(['table', 'json']). */
export function formatOption(choices: readonly [string, ...string[]]): Option {
  return new Option('--format <format>', 'output format').choices(choices).default(choices[0]);
}

export function readInput(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    throw new AppError('NOT_FOUND', `${file}: filen finns inte`);
  }
}

export function parseYear(text: string): number {
  if (!/^\d{4}$/.test(text))
    throw new AppError('INVALID_ARGUMENT', `--year ${text}: skriv året som ÅÅÅÅ`);
  return Number(text);
}
