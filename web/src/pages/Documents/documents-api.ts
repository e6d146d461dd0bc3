/**
 * The documents API as the Dokument page reads it (docs/documents.md, API). The shapes mirror
 * src/documents/document-model.ts; the web app imports nothing of the server, so they are
 * written out here.
 */
import { get, query, request } from '../../api.ts';

export const DOCUMENT_TYPES = [
  'arsbokslut',
  'atgardsplan',
  'manadsrapport',
  'delarsrapport',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCUMENT_FORMATS = ['pdf', 'docx', 'html', 'xlsx'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export type DocumentStatus = 'utkast' | 'faststalld';

export interface DocumentSummary {
  id: number;
  type: DocumentType;
  year: number;
  month: number | null;
  /** The document's date (ISO): the year's end, the action plan's date, the month's end. */
  asOf: string;
  version: number;
  status: DocumentStatus;
  title: string;
  faststalldAt: string | null;
  faststalldBy: string | null;
}

export interface SectionText {
  /** Sanitised HTML (p, h3, h4, ul, ol, li, strong, em, br). */
  html: string;
  updatedBy: string;
  updatedAt: string;
  rowVersion: number;
}

export interface DocumentSection {
  key: string;
  title: string;
  /** 0 for a top section, 1 for one under it … */
  depth: number;
  /** A text section of a draft; data sections, and every section of a fastställd document, are not. */
  editable: boolean;
  text: SectionText | null;
  /** The username of the manager who writes the text. */
  assignee: string | null;
  /** Last year's text for the same section (HTML), when there is one. */
  suggestion: string | null;
}

export interface DocumentDetail {
  document: DocumentSummary;
  sections: DocumentSection[];
}

/** What the controller sends to create a draft: the year, with the month or the date by type. */
export interface NewDocument {
  type: DocumentType;
  year: number;
  month?: number;
  asOf?: string;
}

/** The element id of a section, for the contents' links: "avsnitt-verksamhetsanalys.51". */
export const sectionAnchor = (key: string) => `avsnitt-${key.replace(/[^A-Za-z0-9._-]/g, '_')}`;

export const documentsKey = ['documents'] as const;
export const documentKey = (id: number) => ['documents', id] as const;

export async function listDocuments(year?: number): Promise<DocumentSummary[]> {
  return (await get<{ documents: DocumentSummary[] }>(`/api/documents${query({ year })}`))
    .documents;
}

export function getDocument(id: number): Promise<DocumentDetail> {
  return get<DocumentDetail>(`/api/documents/${id}`);
}

/** "→ the document": the list fields, bare or as `{ document }` (as GET /api/documents/{id} says them). */
type DocumentAnswer = DocumentSummary | { document: DocumentSummary };
const documentOf = (answer: DocumentAnswer): DocumentSummary =>
  'document' in answer ? answer.document : answer;

/** Creates version 1 as a draft, or answers the existing latest version. */
export async function createDocument(draft: NewDocument): Promise<DocumentSummary> {
  return documentOf(await request<DocumentAnswer>('POST', '/api/documents', draft));
}

export function saveSectionText(
  id: number,
  key: string,
  body: { html: string; rowVersion: number | null },
): Promise<unknown> {
  return request('PUT', `/api/documents/${id}/sections/${encodeURIComponent(key)}`, body);
}

export function setAssignee(id: number, key: string, assignee: string | null): Promise<unknown> {
  return request('PUT', `/api/documents/${id}/sections/${encodeURIComponent(key)}/assignee`, {
    assignee,
  });
}

export function faststall(id: number): Promise<unknown> {
  return request('POST', `/api/documents/${id}/faststall`);
}

/** A new draft from a fastställd document: the answer is the new version's document. */
export async function newVersion(id: number): Promise<DocumentSummary> {
  return documentOf(await request<DocumentAnswer>('POST', `/api/documents/${id}/versions`));
}

export function renderUrl(id: number, format: DocumentFormat): string {
  return `/api/documents/${id}/render${query({ format })}`;
}
