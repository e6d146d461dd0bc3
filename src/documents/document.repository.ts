import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema.ts';
import {
  DOCUMENT_STATUSES,
  DOCUMENT_TYPES,
  type DocumentStatus,
  type DocumentType,
} from './document-model.ts';
import {
  documentTitle,
  type DocumentInfo,
  type DocumentRef,
  type SectionText,
} from './document.ts';
import type { DocumentTable } from './document.table.ts';

type Db = Kysely<Database>;

function isType(text: string): text is DocumentType {
  return (DOCUMENT_TYPES as readonly string[]).includes(text);
}

function isStatus(text: string): text is DocumentStatus {
  return (DOCUMENT_STATUSES as readonly string[]).includes(text);
}

function toInfo(row: Selectable<DocumentTable>): DocumentInfo {
  if (!isType(row.type) || !isStatus(row.status))
    throw new Error(`document ${row.id}: unknown type or status in the database`);
  const ref: DocumentRef = { type: row.type, year: row.year, month: row.month, asOf: row.as_of };
  return {
    id: row.id,
    ...ref,
    version: row.version,
    status: row.status,
    title: documentTitle(ref),
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    faststalldAt: row.faststalld_at?.toISOString() ?? null,
    faststalldBy: row.faststalld_by,
    rowVersion: row.row_version,
  };
}

const LIST_COLUMNS = [
  'id',
  'type',
  'year',
  'month',
  'as_of',
  'version',
  'status',
  'created_by',
  'created_at',
  'faststalld_by',
  'faststalld_at',
  'row_version',
] as const;

export async function findDocuments(
  db: Db,
  query: { year?: number; status?: DocumentStatus },
): Promise<DocumentInfo[]> {
  let select = db
    .selectFrom('document')
    .select(LIST_COLUMNS)
    .orderBy('as_of', 'desc')
    .orderBy('type')
    .orderBy('version');
  if (query.year !== undefined) select = select.where('year', '=', query.year);
  if (query.status !== undefined) select = select.where('status', '=', query.status);
  const rows = await select.execute();
  return rows.map((r) => toInfo({ ...r, snapshot: null, outline: null }));
}

export async function findDocument(db: Db, id: number): Promise<DocumentInfo | undefined> {
  const row = await db
    .selectFrom('document')
    .select(LIST_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toInfo({ ...row, snapshot: null, outline: null });
}

/** The newest version of a document by its type and date. */
export async function findLatest(
  db: Db,
  ref: Pick<DocumentRef, 'type' | 'asOf'>,
): Promise<DocumentInfo | undefined> {
  const row = await db
    .selectFrom('document')
    .select(LIST_COLUMNS)
    .where('type', '=', ref.type)
    .where('as_of', '=', ref.asOf)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && toInfo({ ...row, snapshot: null, outline: null });
}

export async function findFrozen(
  db: Db,
  id: number,
): Promise<{ snapshot: string; outline: string } | undefined> {
  const row = await db
    .selectFrom('document')
    .select(['snapshot', 'outline'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || row.snapshot === null) return undefined;
  return { snapshot: row.snapshot, outline: row.outline ?? '[]' };
}

export async function insertDocument(
  db: Db,
  input: DocumentRef & { version: number; createdBy: string },
): Promise<number> {
  const row = await db
    .insertInto('document')
    .values({
      type: input.type,
      year: input.year,
      month: input.month,
      as_of: input.asOf,
      version: input.version,
      created_by: input.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Fastställ: only a draft at the version read; false when someone got there first. */
export async function freeze(
  db: Db,
  input: {
    id: number;
    rowVersion: number;
    by: string;
    at: Date;
    snapshot: string;
    outline: string;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('document')
    .set((eb) => ({
      status: 'faststalld',
      faststalld_by: input.by,
      faststalld_at: input.at,
      snapshot: input.snapshot,
      outline: input.outline,
      row_version: eb('row_version', '+', 1),
    }))
    .where('id', '=', input.id)
    .where('status', '=', 'utkast')
    .where('row_version', '=', input.rowVersion)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/**
 * Marks a draft changed (a text written): a fastställande that read the document before fails
 * rather than freeze it without that text. False when the document is no longer a draft.
 */
export async function touchDraft(db: Db, id: number): Promise<boolean> {
  const result = await db
    .updateTable('document')
    .set((eb) => ({ row_version: eb('row_version', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'utkast')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function findTexts(db: Db, documentId: number): Promise<Map<string, SectionText>> {
  const rows = await db
    .selectFrom('document_section_text')
    .selectAll()
    .where('document_id', '=', documentId)
    .execute();
  return new Map(
    rows.map((r) => [
      r.section_key,
      {
        html: r.html,
        updatedBy: r.updated_by,
        updatedAt: r.updated_at.toISOString(),
        rowVersion: r.row_version,
      },
    ]),
  );
}

export async function insertText(
  db: Db,
  input: { documentId: number; key: string; html: string; by: string },
): Promise<boolean> {
  const result = await db
    .insertInto('document_section_text')
    .values({
      document_id: input.documentId,
      section_key: input.key,
      html: input.html,
      updated_by: input.by,
    })
    .onConflict((oc) => oc.columns(['document_id', 'section_key']).doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) === 1n;
}

export async function updateText(
  db: Db,
  input: { documentId: number; key: string; html: string; by: string; rowVersion: number },
): Promise<boolean> {
  const result = await db
    .updateTable('document_section_text')
    .set((eb) => ({
      html: input.html,
      updated_by: input.by,
      updated_at: new Date(),
      row_version: eb('row_version', '+', 1),
    }))
    .where('document_id', '=', input.documentId)
    .where('section_key', '=', input.key)
    .where('row_version', '=', input.rowVersion)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function findAssignees(db: Db, documentId: number): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('document_section_assignee')
    .select(['section_key', 'username'])
    .where('document_id', '=', documentId)
    .execute();
  return new Map(rows.map((r) => [r.section_key, r.username]));
}

export async function setAssignee(
  db: Db,
  input: { documentId: number; key: string; username: string | null },
): Promise<void> {
  if (input.username === null) {
    await db
      .deleteFrom('document_section_assignee')
      .where('document_id', '=', input.documentId)
      .where('section_key', '=', input.key)
      .execute();
    return;
  }
  await db
    .insertInto('document_section_assignee')
    .values({ document_id: input.documentId, section_key: input.key, username: input.username })
    .onConflict((oc) =>
      oc.columns(['document_id', 'section_key']).doUpdateSet({ username: input.username ?? '' }),
    )
    .execute();
}

/** Last year's texts of the same type: the newest version of the document a year before. */
export async function findPreviousYearTexts(
  db: Db,
  ref: DocumentRef,
): Promise<Map<string, string>> {
  const previous = await db
    .selectFrom('document')
    .select('id')
    .where('type', '=', ref.type)
    .where('year', '=', ref.year - 1)
    .where((eb) => (ref.month === null ? eb('month', 'is', null) : eb('month', '=', ref.month)))
    .orderBy('as_of', 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!previous) return new Map();
  const texts = await findTexts(db, previous.id);
  return new Map([...texts].map(([key, t]) => [key, t.html]));
}

export async function userExists(db: Db, username: string): Promise<{ role: string } | undefined> {
  return db
    .selectFrom('app_user')
    .select('role')
    .where('username', '=', username)
    .executeTakeFirst();
}
