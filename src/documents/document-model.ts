/**
 * The board's documents as data: what a template builds from Balans's reports and texts, what a
 * fastställd document freezes (as JSON), and what every renderer (PDF through Typst, DOCX, HTML,
 * XLSX) reads. Renderers know nothing of the ledger; templates know nothing of formats.
 *
 * Numbers stay exact: a numeric cell holds a plain decimal string ("-13079", "64.6"), never a
 * float, and each renderer writes it in Swedish typography (narrow no-break space between
 * thousands, true minus sign, decimal comma) or, in XLSX, as a number.
 */

export const DOCUMENT_TYPES = [
  'arsbokslut',
  'atgardsplan',
  'manadsrapport',
  'delarsrapport',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCUMENT_FORMATS = ['pdf', 'docx', 'html', 'xlsx'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export const DOCUMENT_STATUSES = ['utkast', 'faststalld'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** A number in a table: `n` is a plain decimal ("-13079", "64.6"); `suffix` follows it ("%", "*"). */
export interface NumberCell {
  n: string;
  /** Decimals to show; the decimals of `n` when undefined. */
  decimals?: number;
  suffix?: string;
}

/** A table cell: text as it stands, a number, or empty (null). */
export type Cell = string | NumberCell | null;

export interface TableColumn {
  header: string;
  align: 'left' | 'right';
}

export interface TableRow {
  cells: Cell[];
  /** A total ("Summa", "Totalt") or a group's heading row, set apart in every format. */
  emphasis?: 'total' | 'group';
  /** Indentation of the first cell: 1 for a child row (51's sixteen under 51). */
  level?: 0 | 1;
}

export interface TableBlock {
  kind: 'table';
  /** Stable within the document: the XLSX sheet, anchors, tests. Letters, digits and '-' only. */
  id: string;
  /** The table's title, printed above it and used as its caption. */
  caption: string;
  /** "tkr", "mnkr", "%" … said once in the caption's line. */
  unit?: string;
  columns: TableColumn[];
  rows: TableRow[];
  /** Footnotes under the table. */
  notes?: string[];
}

export interface ChartSeries {
  name: string;
  /** One plain decimal per category, or null where there is no value. */
  values: (string | null)[];
}

/** A chart is drawn where the format can, and always comes with its table (the accessible alternative). */
export interface ChartBlock {
  kind: 'chart';
  id: string;
  caption: string;
  /** What the chart shows, in one or two sentences, for screen readers and where it is not drawn. */
  alt: string;
  chart: 'bar' | 'line';
  unit?: string;
  categories: string[];
  series: ChartSeries[];
  table: TableBlock;
}

/** Rich text: HTML already sanitised by src/shared/rich-text.ts (p, h3, h4, ul, ol, li, strong, em, br). */
export interface TextBlock {
  kind: 'text';
  html: string;
}

export type Block = TextBlock | TableBlock | ChartBlock;

export interface Section {
  /** Stable key within the document type ("driftresultat", "verksamhetsanalys.51"). */
  key: string;
  title: string;
  blocks: Block[];
  sections: Section[];
}

export interface BoardDocument {
  type: DocumentType;
  /** "Förvaltningsberättelse – Årsbokslut 2024" */
  title: string;
  /** "Socialnämnden, Exempelkommun" */
  subtitle: string;
  /** The document's date (ISO): the year's end, the action plan's date, the month's end. */
  asOf: string;
  year: number;
  month?: number;
  version: number;
  status: DocumentStatus;
  /** When and by whom it was fastställd; absent on a draft. */
  faststalld?: { at: string; by: string };
  /** Language of the document (BCP 47). */
  lang: 'sv';
  sections: Section[];
}
