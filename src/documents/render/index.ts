import type { BoardDocument, DocumentFormat } from '../document-model.ts';

export interface RenderedDocument {
  bytes: Uint8Array;
  contentType: string;
  /** Without the dot: "pdf". */
  extension: string;
}

/**
 * The document as a file in the asked format. No clock is read: the PDF and the HTML are the same
 * bytes for the same model. A document Typst refuses (a PDF/UA-1 fault) fails with
 * AppError('INVALID_ARGUMENT') and Typst's reason. Each format's renderer is loaded the first
 * time it is asked for, so a process that only writes PDFs never loads docx or exceljs.
 */
export async function renderDocument(
  doc: BoardDocument,
  format: DocumentFormat,
): Promise<RenderedDocument> {
  switch (format) {
    case 'pdf': {
      const { renderPdf } = await import('./pdf.ts');
      return { bytes: renderPdf(doc), contentType: 'application/pdf', extension: 'pdf' };
    }
    case 'html': {
      const { renderHtml } = await import('./html.ts');
      return {
        bytes: new TextEncoder().encode(renderHtml(doc)),
        contentType: 'text/html; charset=utf-8',
        extension: 'html',
      };
    }
    case 'docx': {
      const { renderDocx } = await import('./docx.ts');
      return {
        bytes: await renderDocx(doc),
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        extension: 'docx',
      };
    }
    case 'xlsx': {
      const { renderXlsx } = await import('./xlsx.ts');
      return {
        bytes: await renderXlsx(doc),
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        extension: 'xlsx',
      };
    }
  }
}
