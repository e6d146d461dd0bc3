import { monthEndDate, swedishDate } from '../shared/dates.ts';
import { richTextToPlain, sanitizeRichText } from '../shared/rich-text.ts';
import type {
  Block,
  BoardDocument,
  DocumentStatus,
  DocumentType,
  NumberCell,
  Section,
  TableBlock,
} from './document-model.ts';

/**
 * A template is an ordered list of section definitions computed from the data a template loaded
 * at the document's date. A section either holds text written for this document (editable), data
 * blocks (tables, charts, texts kept elsewhere in Balans), or both — a comment beside its table.
 * Building a document is pure: definitions + the document's texts → BoardDocument.
 */
export interface SectionDef {
  /** Stable within the document type and over the years: last year's text is offered by key. */
  key: string;
  title: string;
  /** Holds a text written for this document on the Dokument page. */
  editable: boolean;
  /** Where the written text goes among the data blocks: before them (an introduction) or after (a comment). */
  textAt?: 'before' | 'after';
  /** Blocks computed from Balans's reports. */
  blocks?: Block[];
  /** A first draft written from the data (sanitised rich text), shown until someone writes the text. */
  draft?: string;
  sections?: SectionDef[];
}

/** What identifies a document: its type and its date (a year for the årsbokslut). */
export interface DocumentRef {
  type: DocumentType;
  year: number;
  month: number | null;
  asOf: string;
}

/** One document as stored (the list fields of the API). */
export interface DocumentInfo extends DocumentRef {
  id: number;
  version: number;
  status: DocumentStatus;
  title: string;
  createdBy: string;
  createdAt: string;
  faststalldAt: string | null;
  faststalldBy: string | null;
  rowVersion: number;
}

export interface SectionText {
  html: string;
  updatedBy: string;
  updatedAt: string;
  rowVersion: number;
}

/** A section as the Dokument page lists it: flat, in document order, with its depth. */
export interface OutlineEntry {
  key: string;
  title: string;
  depth: number;
  editable: boolean;
}

/** The sections in document order, depth first (0 for a top section). */
export function outlineOf(defs: readonly SectionDef[], depth = 0): OutlineEntry[] {
  return defs.flatMap((d) => [
    { key: d.key, title: d.title, depth, editable: d.editable },
    ...outlineOf(d.sections ?? [], depth + 1),
  ]);
}

/**
 * The document from its sections and texts. A text-only section nobody has written is left out
 * (the board reads no empty headings); a data section is always there.
 */
export function buildSections(
  defs: readonly SectionDef[],
  texts: ReadonlyMap<string, string>,
): Section[] {
  const sections: Section[] = [];
  for (const def of defs) {
    const html = def.editable ? (texts.get(def.key) ?? def.draft ?? '') : '';
    const text: Block[] = html === '' ? [] : [{ kind: 'text', html }];
    const data = def.blocks ?? [];
    const blocks = def.textAt === 'before' ? [...text, ...data] : [...data, ...text];
    const children = buildSections(def.sections ?? [], texts);
    if (blocks.length === 0 && children.length === 0 && data.length === 0 && def.editable) continue;
    sections.push({ key: def.key, title: def.title, blocks, sections: children });
  }
  return sections;
}

export function buildDocument(
  info: Pick<DocumentInfo, 'type' | 'year' | 'month' | 'asOf' | 'version' | 'status' | 'title'>,
  subtitle: string,
  sections: Section[],
): BoardDocument {
  return {
    type: info.type,
    title: info.title,
    subtitle,
    asOf: info.asOf,
    year: info.year,
    ...(info.month === null ? {} : { month: info.month }),
    version: info.version,
    status: info.status,
    lang: 'sv',
    sections,
  };
}

// ── Cells and blocks ───────────────────────────────────────────────────────────────────────────

/** A whole number of tkr (the reports' bigint) as a cell: exact, never through a float. */
export function int(value: bigint): NumberCell {
  return { n: value.toString() };
}

/** An exact decimal ("64.6") as a cell; null stays empty. */
export function decimal(
  value: string | null,
  options: { decimals?: number; suffix?: string } = {},
): NumberCell | null {
  if (value === null) return null;
  return {
    n: value,
    ...(options.decimals === undefined ? {} : { decimals: options.decimals }),
    ...(options.suffix === undefined || options.suffix === '' ? {} : { suffix: options.suffix }),
  };
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A paragraph of plain text (escaped: a name from the data is never markup). */
export function paragraph(text: string): string {
  return text.trim() === '' ? '' : `<p>${escapeText(text.trim())}</p>`;
}

/** A heading inside a text block: h3, one level below its section (the PDF refuses skipped levels). */
export function heading(text: string): string {
  return `<h3>${escapeText(text)}</h3>`;
}

/** A text block of already sanitised rich text and escaped pieces; none when empty. */
export function textBlock(...parts: string[]): Block[] {
  const html = sanitizeRichText(parts.join(''));
  return html === '' ? [] : [{ kind: 'text', html }];
}

/** Rich text as one line for a table cell. */
export function plainCell(html: string): string {
  return richTextToPlain(html).replace(/\s*\n+\s*/g, ' ');
}

/** An id of letters, digits and '-' only (TableBlock.id). */
export function blockId(...parts: string[]): string {
  return parts
    .join('-')
    .toLowerCase()
    .replace(/[åä]/g, 'a')
    .replace(/ö/g, 'o')
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

export function right(header: string): TableBlock['columns'][number] {
  return { header, align: 'right' };
}

export function left(header: string): TableBlock['columns'][number] {
  return { header, align: 'left' };
}

// ── Rules of the life of a document ────────────────────────────────────────────────────────────

/** The document's date from its identity: the årsbokslut at the year's end. */
export function asOfFor(type: DocumentType, year: number, month: number | null): string {
  if (type === 'arsbokslut') return `${year}-12-31`;
  if (month === null) return `${year}-12-31`;
  return monthEndDate(year, month);
}

export function documentTitle(ref: DocumentRef): string {
  switch (ref.type) {
    case 'arsbokslut':
      return `Förvaltningsberättelse – Årsbokslut ${ref.year}`;
    case 'atgardsplan':
      return `Åtgärdsplan per ${swedishDate(ref.asOf)}`;
    case 'manadsrapport':
      return `Månadsrapport per ${swedishDate(ref.asOf)}`;
    case 'delarsrapport':
      return `Delårsrapport per ${swedishDate(ref.asOf)}`;
  }
}

/** Who may write a section's text: the controller, or the manager it is assigned to. */
export function mayEditSection(
  user: { username: string; role: string },
  assignee: string | null,
): boolean {
  return user.role === 'controller' || (assignee !== null && assignee === user.username);
}
