import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database>;

export interface ImportBatchRow {
  id: number;
  kind: string;
  fileName: string;
  importedAt: Date;
  mode: string;
  /** The import's summary as stored (an SIE import's, a budget import's …). */
  summary: unknown;
}

/** The newest imports first. */
export async function findImportBatches(db: Db, limit: number): Promise<ImportBatchRow[]> {
  const rows = await db
    .selectFrom('import_batch')
    .select(['id', 'kind', 'file_name', 'imported_at', 'mode', 'summary'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    fileName: r.file_name,
    importedAt: r.imported_at,
    mode: r.mode,
    summary: typeof r.summary === 'string' ? (JSON.parse(r.summary) as unknown) : r.summary,
  }));
}
