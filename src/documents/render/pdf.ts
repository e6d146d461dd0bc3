import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import { NodeCompiler, PdfStandard } from '@myriaddreamin/typst-ts-node-compiler';
import { AppError } from '../../shared/app-error.ts';
import type { Block, BoardDocument, Section, TableBlock } from '../document-model.ts';
import { chartLayout, type ChartLayout } from './chart-layout.ts';
import { documentStatusLine, TOC_TITLE } from './document-text.ts';
import { FONT_FAMILY, fontFiles } from './fonts.ts';
import { formatCell } from './number-format.ts';
import { richTextBlocks, type RichBlock } from './rich-text-blocks.ts';

/**
 * The PDF: board-document.typ laid out by Typst, exported as PDF/UA-1 (tagged, title, language).
 * The template gets the document as JSON in `sys.inputs.document`, every cell already formatted,
 * so no user text ever becomes Typst markup.
 */

const TEMPLATE = fileURLToPath(new URL('board-document.typ', import.meta.url));

/** What board-document.typ reads; the shape is its contract. */
export interface PdfDocumentData {
  title: string;
  subtitle: string;
  author: string;
  statusLine: string;
  tocTitle: string;
  lang: string;
  font: string;
  sections: PdfSection[];
}

interface PdfSection {
  title: string;
  blocks: PdfBlock[];
  sections: PdfSection[];
}

interface PdfTable {
  kind: 'table';
  caption: string;
  unit: string | null;
  columns: { header: string; align: 'left' | 'right' }[];
  rows: { cells: string[]; emphasis: 'total' | 'group' | null; level: number }[];
  notes: string[];
}

type PdfBlock =
  | { kind: 'rich'; blocks: RichBlock[] }
  | PdfTable
  | {
      kind: 'chart';
      caption: string;
      alt: string;
      unit: string | null;
      layout: ChartLayout;
      table: PdfTable;
    };

function tableData(table: TableBlock): PdfTable {
  return {
    kind: 'table',
    caption: table.caption,
    unit: table.unit ?? null,
    columns: table.columns.map((c) => ({ header: c.header, align: c.align })),
    rows: table.rows.map((row) => ({
      cells: table.columns.map((_, i) => formatCell(row.cells[i] ?? null)),
      emphasis: row.emphasis ?? null,
      level: row.level ?? 0,
    })),
    notes: table.notes ?? [],
  };
}

function blockData(block: Block): PdfBlock {
  switch (block.kind) {
    case 'text':
      return { kind: 'rich', blocks: richTextBlocks(block.html) };
    case 'table':
      return tableData(block);
    case 'chart':
      return {
        kind: 'chart',
        caption: block.caption,
        alt: block.alt,
        unit: block.unit ?? null,
        layout: chartLayout(block),
        table: tableData(block.table),
      };
  }
}

function sectionData(section: Section): PdfSection {
  return {
    title: section.title,
    blocks: section.blocks.map(blockData),
    sections: section.sections.map(sectionData),
  };
}

export function pdfDocumentData(doc: BoardDocument): PdfDocumentData {
  return {
    title: doc.title,
    subtitle: doc.subtitle,
    author: doc.subtitle,
    statusLine: documentStatusLine(doc),
    tocTitle: TOC_TITLE,
    lang: doc.lang,
    font: FONT_FAMILY,
    sections: doc.sections.map(sectionData),
  };
}

// One compiler for the process: creating it loads the fonts (the cold start); later renders reuse
// its caches. Compiles are synchronous, so renders never interleave on it.
let compiler: NodeCompiler | undefined;

function getCompiler(): NodeCompiler {
  compiler ??= NodeCompiler.create({
    workspace: dirname(TEMPLATE),
    fontArgs: [{ fontBlobs: fontFiles() }],
  });
  return compiler;
}

/** Typst's diagnostics as one line each ("PDF/UA-1 error: missing alt text"). */
function diagnosticMessages(diagnostics: unknown): string[] {
  if (!Array.isArray(diagnostics)) return [];
  return diagnostics.map((d: unknown) => {
    if (typeof d === 'object' && d !== null && 'message' in d && typeof d.message === 'string')
      return d.message;
    return String(d);
  });
}

function renderFailed(messages: string[], cause?: unknown): AppError {
  const detail = messages.length > 0 ? messages.join('; ') : 'okänt fel i Typst';
  return new AppError(
    'INVALID_ARGUMENT',
    `PDF-filen kunde inte skapas av dokumentets innehåll: ${detail}. Rätta texten eller välj ett annat format.`,
    cause === undefined ? undefined : { cause },
  );
}

export function renderPdf(doc: BoardDocument): Uint8Array {
  const typst = getCompiler();
  const inputs = { document: JSON.stringify(pdfDocumentData(doc)) };
  const result = typst.compile({ mainFilePath: TEMPLATE, inputs });
  const compiled = result.result;
  if (result.hasError() || compiled === null) {
    const error = result.takeError() ?? result.takeDiagnostics();
    throw renderFailed(diagnosticMessages(error?.shortDiagnostics));
  }
  try {
    return new Uint8Array(typst.pdf(compiled, { pdfStandard: PdfStandard.UA_1 }));
  } catch (error) {
    // The export reports PDF/UA faults as text: `SourceDiagnostic { … message: "…", … }`.
    const text = error instanceof Error ? error.message : String(error);
    const messages = [...text.matchAll(/message: "((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] ?? '');
    throw renderFailed(messages, error);
  }
}
