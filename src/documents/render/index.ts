import { AppError } from '../../shared/app-error.ts';
import type { BoardDocument, DocumentFormat } from '../document-model.ts';
import { renderHtml } from './html.ts';

export interface RenderedDocument {
  bytes: Uint8Array;
  contentType: string;
  /** Without the dot: "pdf". */
  extension: string;
}

/** The document as a file in the asked format; the same model always gives the same bytes. */
export async function renderDocument(
  doc: BoardDocument,
  format: DocumentFormat,
): Promise<RenderedDocument> {
  switch (format) {
    case 'html':
      return {
        bytes: new TextEncoder().encode(renderHtml(doc)),
        contentType: 'text/html; charset=utf-8',
        extension: 'html',
      };
    case 'pdf':
    case 'docx':
    case 'xlsx':
      return Promise.reject(
        new AppError('INVALID_ARGUMENT', `Formatet ${format} kan inte skrivas ännu.`),
      );
  }
}
