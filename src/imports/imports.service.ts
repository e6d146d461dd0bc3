import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  importBudget,
  type BudgetImportOptions,
  type BudgetImportSummary,
} from '../budget/budget.service.ts';
import type { Database } from '../db/schema.ts';
import { insertImportBatch, updateImportBatch } from '../ledger/ledger.repository.ts';
import { importOrganisation } from '../organisation/organisation.service.ts';
import { findImportBatches } from './imports.repository.ts';

/** One import in the history of the import page. */
export interface ImportRecord {
  id: number;
  /** sie, budget or organisation. */
  kind: string;
  fileName: string;
  importedAt: Date;
  /** replace, or append for an SIE transaction file (4I). */
  mode: string;
  /** Voucher rows of an SIE file, rows of a budget template, units of an organisation file. */
  rows?: number;
  vouchers?: number;
  /** SIE warnings, listed and not. */
  warnings?: number;
}

function count(summary: unknown, key: string): number | undefined {
  if (summary === null || typeof summary !== 'object' || !(key in summary)) return undefined;
  const value = (summary as Record<string, unknown>)[key];
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) return value.length;
  return undefined;
}

/** The newest imports first (an SIE import records itself; budget and organisation files through the functions below). */
export async function listImports(db: Kysely<Database>, limit = 100): Promise<ImportRecord[]> {
  return (await findImportBatches(db, limit)).map((batch) => {
    const s = batch.summary;
    const rows = batch.kind === 'organisation' ? count(s, 'units') : count(s, 'rows');
    const vouchers = batch.kind === 'sie' ? count(s, 'vouchers') : undefined;
    const listed = batch.kind === 'sie' ? count(s, 'warnings') : undefined;
    const warnings =
      listed === undefined ? undefined : listed + (count(s, 'warningsNotListed') ?? 0);
    return {
      id: batch.id,
      kind: batch.kind,
      fileName: batch.fileName,
      importedAt: batch.importedAt,
      mode: batch.mode,
      ...(rows === undefined ? {} : { rows }),
      ...(vouchers === undefined ? {} : { vouchers }),
      ...(warnings === undefined ? {} : { warnings }),
    };
  });
}

async function recordImport(
  db: Kysely<Database>,
  kind: string,
  file: { name: string; bytes: Buffer },
  summary: unknown,
): Promise<void> {
  const batch = {
    sha256: createHash('sha256').update(file.bytes).digest('hex'),
    bytes: file.bytes.length,
    sieType: null,
    program: null,
    mode: 'replace',
  };
  const id = await insertImportBatch(db, { kind, fileName: file.name, ...batch });
  await updateImportBatch(db, id, batch, summary);
}

/** importBudget, kept in the import history. Run it in the transaction of the import. */
export async function importBudgetFile(
  db: Kysely<Database>,
  file: { name: string; bytes: Buffer },
  options: BudgetImportOptions,
): Promise<BudgetImportSummary> {
  const summary = await importBudget(db, file, options);
  await recordImport(db, 'budget', file, summary);
  return summary;
}

/** importOrganisation, kept in the import history. Run it in the transaction of the import. */
export async function importOrganisationFile(
  db: Kysely<Database>,
  file: { name: string; bytes: Buffer },
): Promise<{ units: number; byLevel: Record<string, number> }> {
  const summary = await importOrganisation(db, file);
  await recordImport(db, 'organisation', file, summary);
  return summary;
}
