import type { BoardDocument, DocumentFormat } from '../document-model.ts';
import { renderDocx } from './docx.ts';
import { renderHtml } from './html.ts';
import { renderPdf } from './pdf.ts';
import { renderXlsx } from './xlsx.ts';

export interface RenderedDocument {
  bytes: Uint8Array;
  contentType: string;
  /** Without the dot: "pdf". */
  extension: string;
}

/**
 * The document as a file in the asked format; no clock is read (the PDF and HTML are the
 * same bytes for the same model). A document Typst refuses (PDF/UA) fails with AppError('INVALID_ARGUMENT').
 */
export async function renderDocument(
  doc: BoardDocument,
  format: DocumentFormat,
): Promise<RenderedDocument> {
  switch (format) {
    case 'pdf':
      return { bytes: renderPdf(doc), contentType: 'application/pdf', extension: 'pdf' };
    case 'html':
      return {
        bytes: new TextEncoder().encode(renderHtml(doc)),
        contentType: 'text/html; charset=utf-8',
        extension: 'html',
      };
    case 'docx':
      return {
        bytes: await renderDocx(doc),
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        extension: 'docx',
      };
    case 'xlsx':
      return {
        bytes: await renderXlsx(doc),
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        extension: 'xlsx',
      };
  }
}
