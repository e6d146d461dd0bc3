import type { BoardDocument } from '../document-model.ts';

/**
 * The words every format prints around the content, in Swedish, from the model alone (no clock:
 * the same document renders to the same bytes).
 */

/** "2024-12-31" → "31 december 2024"; anything else as it stands. */
export function formatDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (match === null) return iso;
  const month = MONTHS[Number(match[2]) - 1];
  return month === undefined ? iso : `${Number(match[3])} ${month} ${match[1]}`;
}

const MONTHS = [
  'januari',
  'februari',
  'mars',
  'april',
  'maj',
  'juni',
  'juli',
  'augusti',
  'september',
  'oktober',
  'november',
  'december',
];

/** "Per 31 december 2024 · version 2 · fastställd 15 februari 2025 av Anna Controller" */
export function documentStatusLine(doc: BoardDocument): string {
  const status =
    doc.status === 'faststalld'
      ? doc.faststalld === undefined
        ? 'fastställd'
        : `fastställd ${formatDate(doc.faststalld.at)} av ${doc.faststalld.by}`
      : 'utkast';
  return `Per ${formatDate(doc.asOf)} · version ${doc.version} · ${status}`;
}

export const TOC_TITLE = 'Innehåll';
