import { swedishDate } from '../../shared/dates.ts';
import type { BoardDocument } from '../document-model.ts';

/**
 * The words every format prints around the content, in Swedish, from the model alone (no clock:
 * the same document renders to the same bytes).
 */

/** "Per 31 december 2024 · version 2 · fastställd 15 februari 2025 av Anna Controller" */
export function documentStatusLine(doc: BoardDocument): string {
  const status =
    doc.status === 'faststalld'
      ? doc.faststalld === undefined
        ? 'fastställd'
        : `fastställd ${swedishDate(doc.faststalld.at)} av ${doc.faststalld.by}`
      : 'utkast';
  return `Per ${swedishDate(doc.asOf)} · version ${doc.version} · ${status}`;
}

export const TOC_TITLE = 'Innehåll';
