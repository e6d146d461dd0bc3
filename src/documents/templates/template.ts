import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { DocumentType } from '../document-model.ts';
import type { DocumentRef, SectionDef } from '../document.ts';

/**
 * A document type: what it reads from Balans at the document's date (`load`, the only I/O) and
 * its ordered sections built from that (`sections`, pure). A månadsrapport or delårsrapport is one
 * more of these, not a new code path.
 */
export interface Template<D> {
  type: DocumentType;
  load(db: Kysely<Database>, ref: DocumentRef): Promise<D>;
  sections(data: D, ref: DocumentRef): SectionDef[];
}
