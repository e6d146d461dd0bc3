import type { Kysely } from 'kysely';
import { audited, writeAudit } from '../audit/audit.service.ts';
import type { Role } from '../auth/auth.ts';
import type { BalansDb } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../shared/app-error.ts';
import { richTextFromInput } from '../shared/rich-text.ts';
import type { BoardDocument, DocumentFormat, DocumentType } from './document-model.ts';
import * as repo from './document.repository.ts';
import {
  asOfFor,
  buildDocument,
  buildSections,
  mayEditSection,
  outlineOf,
  type DocumentInfo,
  type DocumentRef,
  type OutlineEntry,
  type SectionDef,
  type SectionText,
} from './document.ts';
import { swedishDate } from '../shared/dates.ts';
import { renderDocument } from './render/index.ts';
import { arsbokslut } from './templates/arsbokslut.ts';
import { atgardsplan } from './templates/atgardsplan.ts';
import { delarsrapport, manadsrapport } from './templates/manadsrapport.ts';
import type { Template } from './templates/template.ts';

type Db = Kysely<Database>;

/** Who asks: the username (assignments, the audit log) and the role. The CLI acts as the controller. */
export interface DocumentViewer {
  username: string;
  role: Role;
}

/** The board documents are the whole administration's: the subtitle names the board. */
export const SUBTITLE = 'Socialnämnden';

// A template per type; `never` because each reads its own data (a Template<D> for its D).
const TEMPLATES: Partial<Record<DocumentType, Template<never>>> = {
  arsbokslut: arsbokslut as Template<never>,
  atgardsplan: atgardsplan as Template<never>,
  manadsrapport: manadsrapport as Template<never>,
  delarsrapport: delarsrapport as Template<never>,
};

function templateOf(type: DocumentType): Template<never> {
  const template = TEMPLATES[type];
  if (!template)
    throw new AppError(
      'INVALID_ARGUMENT',
      `dokumenttypen ${type} har ingen mall ännu: Balans skriver årsbokslut, åtgärdsplan, månadsrapport och delårsrapport`,
    );
  return template;
}

/** What a document is asked for by: its type and its year, month or date. */
export interface DocumentRequest {
  type: DocumentType;
  year?: number;
  month?: number;
  asOf?: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The document's identity from a request: the årsbokslut by year, the åtgärdsplan by date. */
export function refOf(request: DocumentRequest): DocumentRef {
  templateOf(request.type);
  switch (request.type) {
    case 'arsbokslut': {
      if (request.year === undefined)
        throw new AppError('INVALID_ARGUMENT', 'årsbokslutet behöver ett år (year)');
      return {
        type: request.type,
        year: request.year,
        month: null,
        asOf: asOfFor('arsbokslut', request.year, null),
      };
    }
    case 'atgardsplan': {
      const match = ISO_DATE.exec(request.asOf ?? '');
      if (!match)
        throw new AppError(
          'INVALID_ARGUMENT',
          'åtgärdsplanen behöver ett datum (asOf), ÅÅÅÅ-MM-DD, t.ex. 2023-03-31',
        );
      const year = Number(match[1]);
      if (request.year !== undefined && request.year !== year)
        throw new AppError(
          'INVALID_ARGUMENT',
          `datumet ${request.asOf ?? ''} ligger inte i år ${request.year}`,
        );
      return { type: request.type, year, month: null, asOf: request.asOf ?? '' };
    }
    case 'manadsrapport':
    case 'delarsrapport': {
      if (request.year === undefined || request.month === undefined)
        throw new AppError('INVALID_ARGUMENT', 'rapporten behöver år och månad (year, month)');
      return {
        type: request.type,
        year: request.year,
        month: request.month,
        asOf: asOfFor(request.type, request.year, request.month),
      };
    }
  }
}

function requireController(viewer: DocumentViewer, what: string): void {
  if (viewer.role !== 'controller')
    throw new AppError('FORBIDDEN', `bara ekonom/controller får ${what}`);
}

/** The board sees fastställda documents and nothing else: a draft is as if it did not exist. */
function visibleTo(viewer: DocumentViewer, info: DocumentInfo): boolean {
  return viewer.role !== 'namnd' || info.status === 'faststalld';
}

async function requireDocument(db: Db, viewer: DocumentViewer, id: number): Promise<DocumentInfo> {
  const info = await repo.findDocument(db, id);
  if (!info || !visibleTo(viewer, info))
    throw new AppError('NOT_FOUND', `det finns inget dokument med id ${id}`);
  return info;
}

export async function listDocuments(
  db: Db,
  viewer: DocumentViewer,
  query: { year?: number },
): Promise<DocumentInfo[]> {
  return repo.findDocuments(db, {
    ...query,
    ...(viewer.role === 'namnd' ? { status: 'faststalld' as const } : {}),
  });
}

/** The latest version of a document, created as version 1 (utkast) the first time it is asked for. */
export async function openDocument(
  handle: BalansDb,
  viewer: DocumentViewer,
  request: DocumentRequest,
): Promise<DocumentInfo> {
  const ref = refOf(request);
  const found = await repo.findLatest(handle.db, ref);
  if (found) {
    if (!visibleTo(viewer, found))
      throw new AppError('NOT_FOUND', `${found.title} är inte fastställt ännu`);
    return found;
  }
  requireController(viewer, 'skapa ett dokument');
  // The data must be there to build it: fail now, not at the first render.
  await templateOf(ref.type).load(handle.db, ref);
  try {
    await repo.insertDocument(handle.db, { ...ref, version: 1, createdBy: viewer.username });
  } catch (error) {
    // Created at the same moment by someone else: theirs is the one.
    const again = await repo.findLatest(handle.db, ref);
    if (again) return again;
    throw error;
  }
  const created = await repo.findLatest(handle.db, ref);
  if (!created) throw new Error('the document just created is missing');
  return created;
}

/** The document by type and date, when it exists (the CLI's faststall). */
export async function findDocumentByRef(
  db: Db,
  viewer: DocumentViewer,
  request: DocumentRequest,
): Promise<DocumentInfo> {
  const ref = refOf(request);
  const found = await repo.findLatest(db, ref);
  if (!found || !visibleTo(viewer, found))
    throw new AppError('NOT_FOUND', `det finns inget dokument ${ref.type} per ${ref.asOf}`);
  return found;
}

async function liveDefs(db: Db, info: DocumentInfo): Promise<SectionDef[]> {
  const template = templateOf(info.type);
  const data = await template.load(db, info);
  return template.sections(data, info);
}

async function draftDocument(
  db: Db,
  info: DocumentInfo,
  defs: SectionDef[],
): Promise<BoardDocument> {
  const texts = await repo.findTexts(db, info.id);
  const html = new Map([...texts].map(([key, t]) => [key, t.html]));
  return buildDocument(info, SUBTITLE, buildSections(defs, html));
}

/** The document as the renderers read it: a draft from live data and its texts, a fastställd one from its snapshot. */
export async function boardDocument(
  db: Db,
  viewer: DocumentViewer,
  id: number,
): Promise<BoardDocument> {
  const info = await requireDocument(db, viewer, id);
  if (info.status === 'faststalld') {
    const frozen = await repo.findFrozen(db, id);
    if (!frozen) throw new Error(`document ${id} is fastställd without its snapshot`);
    return JSON.parse(frozen.snapshot) as BoardDocument;
  }
  return draftDocument(db, info, await liveDefs(db, info));
}

/** The stored JSON of a fastställd document exactly as frozen; a draft's JSON as built now. */
export async function documentJson(db: Db, viewer: DocumentViewer, id: number): Promise<string> {
  const info = await requireDocument(db, viewer, id);
  if (info.status === 'faststalld') {
    const frozen = await repo.findFrozen(db, id);
    if (frozen) return frozen.snapshot;
  }
  return JSON.stringify(await boardDocument(db, viewer, id));
}

export interface SectionView extends OutlineEntry {
  text: SectionText | null;
  assignee: string | null;
  /** Last year's text of the same section, offered to start from. */
  suggestion: string | null;
}

async function outline(db: Db, info: DocumentInfo): Promise<OutlineEntry[]> {
  if (info.status === 'faststalld') {
    const frozen = await repo.findFrozen(db, info.id);
    return frozen ? (JSON.parse(frozen.outline) as OutlineEntry[]) : [];
  }
  return outlineOf(await liveDefs(db, info));
}

export async function documentWithSections(
  db: Db,
  viewer: DocumentViewer,
  id: number,
): Promise<{ document: DocumentInfo; sections: SectionView[] }> {
  const info = await requireDocument(db, viewer, id);
  const entries = await outline(db, info);
  const texts = await repo.findTexts(db, id);
  const assignees = await repo.findAssignees(db, id);
  const previous = await repo.findPreviousYearTexts(db, info);
  const draft = info.status === 'utkast';
  return {
    document: info,
    sections: entries.map((e) => ({
      ...e,
      editable: e.editable && draft,
      text: texts.get(e.key) ?? null,
      assignee: assignees.get(e.key) ?? null,
      suggestion: e.editable ? (previous.get(e.key) ?? null) : null,
    })),
  };
}

async function requireDraft(db: Db, viewer: DocumentViewer, id: number): Promise<DocumentInfo> {
  const info = await requireDocument(db, viewer, id);
  if (info.status !== 'utkast')
    throw new AppError(
      'CONFLICT',
      `${info.title} version ${info.version} är fastställt och kan inte ändras: starta en ny version`,
    );
  return info;
}

async function requireEditableSection(
  db: Db,
  info: DocumentInfo,
  key: string,
): Promise<OutlineEntry> {
  const entry = (await outline(db, info)).find((e) => e.key === key);
  if (!entry) throw new AppError('NOT_FOUND', `${info.title} har inget avsnitt "${key}"`);
  if (!entry.editable)
    throw new AppError(
      'INVALID_ARGUMENT',
      `avsnittet "${entry.title}" har ingen text att skriva: det byggs av data`,
    );
  return entry;
}

/** Writes a section's text; `rowVersion` is the version read (null for a section never written). */
export async function editSection(
  handle: BalansDb,
  viewer: DocumentViewer,
  input: { id: number; key: string; html: string; rowVersion: number | null },
): Promise<SectionView> {
  const info = await requireDraft(handle.db, viewer, input.id);
  const entry = await requireEditableSection(handle.db, info, input.key);
  const assignees = await repo.findAssignees(handle.db, info.id);
  const assignee = assignees.get(input.key) ?? null;
  if (!mayEditSection(viewer, assignee))
    throw new AppError(
      'FORBIDDEN',
      `avsnittet "${entry.title}" skrivs av ${assignee ?? 'ekonom/controller'}: du kan inte ändra det`,
    );
  const html = richTextFromInput(input.html);
  const stale = () =>
    new AppError(
      'CONFLICT',
      `avsnittet "${entry.title}" har ändrats av någon annan sedan du läste det: läs in det igen och skriv in din ändring där`,
    );
  await audited(
    handle,
    { actor: viewer.username, action: 'document.section', target: `${info.id}:${input.key}` },
    async (tx) => {
      const written =
        input.rowVersion === null
          ? await repo.insertText(tx.db, {
              documentId: info.id,
              key: input.key,
              html,
              by: viewer.username,
            })
          : await repo.updateText(tx.db, {
              documentId: info.id,
              key: input.key,
              html,
              by: viewer.username,
              rowVersion: input.rowVersion,
            });
      if (!written) throw stale();
      // The document may have been fastställd meanwhile: then the text must not change.
      if (!(await repo.touchDraft(tx.db, info.id)))
        throw new AppError('CONFLICT', `${info.title} fastställdes just: texten sparades inte`);
      return { key: input.key, length: html.length };
    },
  );
  const texts = await repo.findTexts(handle.db, info.id);
  const previous = await repo.findPreviousYearTexts(handle.db, info);
  return {
    ...entry,
    text: texts.get(input.key) ?? null,
    assignee,
    suggestion: previous.get(input.key) ?? null,
  };
}

/**
 * Writes the texts of sections nobody has written yet (the controller; the demo's texts): the
 * outline is read once. A key that is no editable section is refused.
 */
export async function writeNewTexts(
  handle: BalansDb,
  viewer: DocumentViewer,
  input: { id: number; texts: Readonly<Record<string, string>> },
): Promise<number> {
  requireController(viewer, 'skriva in texter i ett svep');
  const info = await requireDraft(handle.db, viewer, input.id);
  const entries = new Map((await outline(handle.db, info)).map((e) => [e.key, e]));
  for (const key of Object.keys(input.texts))
    if (entries.get(key)?.editable !== true)
      throw new AppError('NOT_FOUND', `${info.title} har inget avsnitt "${key}" att skriva i`);
  return audited(
    handle,
    { actor: viewer.username, action: 'document.section', target: String(info.id) },
    async (tx) => {
      let written = 0;
      for (const [key, text] of Object.entries(input.texts)) {
        const html = richTextFromInput(text);
        if (await repo.insertText(tx.db, { documentId: info.id, key, html, by: viewer.username }))
          written += 1;
      }
      if (!(await repo.touchDraft(tx.db, info.id)))
        throw new AppError('CONFLICT', `${info.title} fastställdes just: texterna sparades inte`);
      return written;
    },
  );
}

/** Gives a section to a manager to write (controller only); null takes it back. */
export async function assignSection(
  handle: BalansDb,
  viewer: DocumentViewer,
  input: { id: number; key: string; assignee: string | null },
): Promise<{ key: string; assignee: string | null }> {
  requireController(viewer, 'fördela avsnitt');
  const info = await requireDraft(handle.db, viewer, input.id);
  await requireEditableSection(handle.db, info, input.key);
  if (input.assignee !== null) {
    const user = await repo.userExists(handle.db, input.assignee);
    if (!user) throw new AppError('NOT_FOUND', `det finns ingen användare "${input.assignee}"`);
    if (user.role === 'namnd')
      throw new AppError(
        'INVALID_ARGUMENT',
        `${input.assignee} är ledamot i nämnden och skriver inte i förvaltningens dokument`,
      );
  }
  await audited(
    handle,
    { actor: viewer.username, action: 'document.assign', target: `${info.id}:${input.key}` },
    async (tx) => {
      await repo.setAssignee(tx.db, {
        documentId: info.id,
        key: input.key,
        username: input.assignee,
      });
      return { assignee: input.assignee };
    },
  );
  return { key: input.key, assignee: input.assignee };
}

/** Fastställ a draft: its data and texts are frozen as JSON now, and it renders from that forever. */
export async function faststall(
  handle: BalansDb,
  viewer: DocumentViewer,
  id: number,
): Promise<DocumentInfo> {
  requireController(viewer, 'fastställa ett dokument');
  const info = await requireDraft(handle.db, viewer, id);
  const defs = await liveDefs(handle.db, info);
  const at = new Date();
  const draft = await draftDocument(handle.db, info, defs);
  const frozen: BoardDocument = {
    ...draft,
    status: 'faststalld',
    faststalld: { at: at.toISOString(), by: viewer.username },
  };
  await audited(
    handle,
    { actor: viewer.username, action: 'document.faststall', target: String(id) },
    async (tx) => {
      const done = await repo.freeze(tx.db, {
        id,
        rowVersion: info.rowVersion,
        by: viewer.username,
        at,
        snapshot: JSON.stringify(frozen),
        outline: JSON.stringify(outlineOf(defs)),
      });
      if (!done)
        throw new AppError('CONFLICT', `${info.title} ändrades just av någon annan: försök igen`);
      return { type: info.type, asOf: info.asOf, version: info.version };
    },
  );
  return requireDocument(handle.db, viewer, id);
}

/** A new draft (version + 1) from the newest, fastställd version; it starts with its texts and assignees. */
export async function newVersion(
  handle: BalansDb,
  viewer: DocumentViewer,
  id: number,
): Promise<DocumentInfo> {
  requireController(viewer, 'starta en ny version');
  const info = await requireDocument(handle.db, viewer, id);
  if (info.status !== 'faststalld')
    throw new AppError(
      'CONFLICT',
      `${info.title} version ${info.version} är ett utkast: ändra i det`,
    );
  const latest = await repo.findLatest(handle.db, info);
  if (latest && latest.version !== info.version)
    throw new AppError(
      'CONFLICT',
      `${info.title} har redan version ${latest.version}: en ny version startas från den senaste`,
    );
  const created = await audited(
    handle,
    { actor: viewer.username, action: 'document.version', target: String(id) },
    async (tx) => {
      const newId = await repo
        .insertDocument(tx.db, {
          ...info,
          version: info.version + 1,
          createdBy: viewer.username,
        })
        .catch(() => {
          throw new AppError('CONFLICT', `${info.title} fick just en ny version av någon annan`);
        });
      for (const [key, text] of await repo.findTexts(tx.db, info.id))
        await repo.insertText(tx.db, {
          documentId: newId,
          key,
          html: text.html,
          by: viewer.username,
        });
      for (const [key, username] of await repo.findAssignees(tx.db, info.id))
        await repo.setAssignee(tx.db, { documentId: newId, key, username });
      return { id: newId, version: info.version + 1 };
    },
  );
  return requireDocument(handle.db, viewer, created.id);
}

/** "arsbokslut-2024-v1.pdf", "atgardsplan-2023-03-31-v1.pdf" */
export function fileNameOf(info: DocumentInfo, extension: string): string {
  const when = info.type === 'arsbokslut' ? String(info.year) : info.asOf;
  return `${info.type}-${when}-v${info.version}.${extension}`;
}

/** The document as a file; every render is written to the audit log. */
export async function renderFile(
  db: Db,
  viewer: DocumentViewer,
  input: { id: number; format: DocumentFormat },
): Promise<{ bytes: Uint8Array; contentType: string; fileName: string }> {
  const info = await requireDocument(db, viewer, input.id);
  const doc = await boardDocument(db, viewer, input.id);
  const file = await renderDocument(doc, input.format);
  await writeAudit(db, {
    actor: viewer.username,
    action: 'document.render',
    target: String(info.id),
    after: { format: input.format, status: info.status, version: info.version },
  });
  return {
    bytes: file.bytes,
    contentType: file.contentType,
    fileName: fileNameOf(info, file.extension),
  };
}

/** "Årsbokslut 2024", "Åtgärdsplan per 31 mars 2023": for messages. */
export function describeRef(ref: DocumentRef): string {
  return ref.type === 'arsbokslut'
    ? `årsbokslut ${ref.year}`
    : `${ref.type} per ${swedishDate(ref.asOf)}`;
}
