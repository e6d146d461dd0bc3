import type { Kysely } from 'kysely';
import type { BalansDb, DbTransaction } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { toJson } from '../shared/json.ts';

/** Who did it: `cli:USER` from the command line, the username from the web, `setup:…` for the first user. */
export type Actor = string;

export interface AuditEntry {
  actor: Actor;
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
}

/** Bigints and decimals as exact JSON values (jsonb keeps numbers exactly). */
function jsonValue(value: unknown): string | null {
  return value === undefined ? null : toJson(value);
}

export async function writeAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      before: jsonValue(entry.before),
      after: jsonValue(entry.after),
    })
    .execute();
}

/** An import summary in the log: the warnings counted, not copied (a file may have thousands). */
function summarised(result: unknown): unknown {
  if (
    result !== null &&
    typeof result === 'object' &&
    'warnings' in result &&
    Array.isArray(result.warnings)
  )
    return { ...result, warnings: result.warnings.length };
  return result ?? null;
}

/**
 * A change run in one transaction and written to the audit log in the same transaction, so that
 * a change without its log entry (or the reverse) cannot happen. The CLI and the API both use it.
 */
export async function audited<T>(
  handle: BalansDb,
  entry: { actor: Actor; action: string; target: string; before?: unknown },
  work: (tx: DbTransaction) => Promise<T>,
): Promise<T> {
  return handle.transaction(async (tx) => {
    const result = await work(tx);
    await writeAudit(tx.db, { ...entry, after: summarised(result) });
    return result;
  });
}

export interface AuditRecord {
  id: bigint;
  at: Date;
  actor: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}

/** The newest entries first; `beforeId` pages further back. */
export async function listAudit(
  db: Kysely<Database>,
  query: { limit: number; beforeId?: bigint; action?: string },
): Promise<AuditRecord[]> {
  let select = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(query.limit);
  if (query.beforeId !== undefined) select = select.where('id', '<', query.beforeId);
  if (query.action !== undefined) select = select.where('action', 'like', `${query.action}%`);
  return select.execute();
}
