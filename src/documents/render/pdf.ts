import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import { NodeCompiler, PdfStandard } from '@myriaddreamin/typst-ts-node-compiler';
import { AppError } from '../../shared/app-error.ts';
import type { Block, BoardDocument, Section, TableBlock } from '../document-model.ts';
import { chartLayout, type ChartLayout } from './chart-layout.ts';
import { documentStatusLine, TOC_TITLE } from './document-text.ts';
import { FALLBACK_FONT_FAMILY, FONT_FAMILY, fontFiles } from './fonts.ts';
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
  /** The families in the order Typst tries them for each character. */
  fonts: string[];
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
  layout: ColumnLayout;
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

/**
 * Column widths in points: the first column takes what is left (1fr), the others their longest
 * cell or header word; `fill` when they would not fit, then every column gets a share (fr).
 */
interface ColumnLayout {
  fill: boolean;
  widths: number[];
}

// A4 less the template's margins (2 × 2.2 cm), and an average glyph of Noto Sans at 10 pt.
const TEXT_WIDTH_PT = ((21 - 4.4) / 2.54) * 72;
const CHAR_PT = 5.6;
const INSET_PT = 12;
const FIRST_COLUMN_MIN_PT = 120;

function columnLayout(columns: TableBlock['columns'], rows: string[][]): ColumnLayout {
  const widths = columns.map((column, c) => {
    const longestWord = Math.max(...column.header.split(/\s+/).map((w) => w.length * 1.08));
    const longestCell = Math.max(0, ...rows.map((row) => (row[c] ?? '').length));
    // A text column wraps; past about 40 characters it does not need more room.
    const chars = Math.max(
      longestWord,
      column.align === 'left' ? Math.min(longestCell, 40) : longestCell,
    );
    return Math.ceil(chars * CHAR_PT + INSET_PT);
  });
  const others = widths.slice(1).reduce((a, b) => a + b, 0);
  return { fill: others + FIRST_COLUMN_MIN_PT > TEXT_WIDTH_PT, widths };
}

function tableData(table: TableBlock): PdfTable {
  const rows = table.rows.map((row) =>
    table.columns.map((_, i) => formatCell(row.cells[i] ?? null)),
  );
  return {
    kind: 'table',
    caption: table.caption,
    unit: table.unit ?? null,
    columns: table.columns.map((c) => ({ header: c.header, align: c.align })),
    layout: columnLayout(table.columns, rows),
    rows: table.rows.map((row, r) => ({
      cells: rows[r] ?? [],
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
    fonts: [FONT_FAMILY, FALLBACK_FONT_FAMILY],
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

/** What compiling and exporting gave: the PDF, or Typst's messages and the raw error. */
type Attempt = { pdf: Uint8Array } | { messages: string[]; raw: string; cause?: unknown };

function attempt(typst: NodeCompiler, json: string): Attempt {
  const result = typst.compile({ mainFilePath: TEMPLATE, inputs: { document: json } });
  const compiled = result.result;
  if (result.hasError() || compiled === null) {
    const error = result.takeError() ?? result.takeDiagnostics();
    const messages = diagnosticMessages(error?.shortDiagnostics);
    return { messages, raw: messages.join('\n') };
  }
  try {
    return { pdf: new Uint8Array(typst.pdf(compiled, { pdfStandard: PdfStandard.UA_1 })) };
  } catch (error) {
    // The export reports PDF/UA faults as text: `SourceDiagnostic { … message: "…", … }`.
    const raw = error instanceof Error ? error.message : String(error);
    const messages = [...raw.matchAll(/message: "((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] ?? '');
    return { messages, raw, cause: error };
  }
}

/** Characters no loaded font has (an emoji, Chinese): PDF/UA-1 refuses text it cannot show. */
function missingGlyphs(raw: string): string[] {
  const found = [...raw.matchAll(/the text `\\"(.+?)\\"` could not be displayed/g)];
  return [...new Set(found.flatMap((m) => Array.from(m[1] ?? '')))];
}

export function renderPdf(doc: BoardDocument): Uint8Array {
  const typst = getCompiler();
  const json = JSON.stringify(pdfDocumentData(doc));
  let result = attempt(typst, json);
  const missing = 'pdf' in result ? [] : missingGlyphs(result.raw);
  // Such a character is printed as U+FFFD (�) rather than refusing the whole document; JSON writes
  // characters outside ASCII as they are, so replacing them in the text cannot touch its syntax.
  if (missing.length > 0) {
    const replaced = missing.reduce((text, c) => text.replaceAll(c, '\ufffd'), json);
    result = attempt(typst, replaced);
  }
  // Typst's memo cache would grow with every document a long-running server renders; what the
  // last ten renders did not use goes (the value the Typst CLI uses).
  typst.evictCache(10);
  if ('pdf' in result) return result.pdf;
  throw renderFailed(result.messages, result.cause);
}
