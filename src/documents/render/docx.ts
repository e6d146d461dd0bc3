import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
  type ILevelsOptions,
  type IRunOptions,
} from 'docx';
import { ChartRun } from 'docx/charts';
import type { Block, BoardDocument, ChartBlock, Section, TableBlock } from '../document-model.ts';
import { documentStatusLine, TOC_TITLE } from './document-text.ts';
import { FONT_FAMILY } from './fonts.ts';
import { SERIES_COLORS } from './chart-layout.ts';
import { decimalValue, formatCell } from './number-format.ts';
import { richTextBlocks, type RichBlock, type RichRun } from './rich-text-blocks.ts';

/**
 * The Word file, for those who edit the document further: real heading styles (Word's navigation
 * pane and the table of contents field read them), tables whose header row repeats on each page,
 * Swedish as the language of every style. A chart is a Word chart (drawn by Word from its data,
 * with the description as alt text), followed by the description and its table.
 */

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
] as const;

function headingLevel(level: number): (typeof HEADINGS)[number] {
  return HEADINGS[Math.min(Math.max(level, 1), 6) - 1] ?? HeadingLevel.HEADING_6;
}

const ACCENT = '1F4E79';

// Typed as run options: TextRun also takes a string, whose deprecated String#bold the linter
// would otherwise match `bold` to.
function textRun(options: IRunOptions): TextRun {
  return new TextRun(options);
}
const BULLET = 'punktlista';
const NUMBERED = 'numrerad-lista';

function listLevels(ordered: boolean): ILevelsOptions[] {
  return [0, 1, 2].map((level) => ({
    level,
    format: ordered ? LevelFormat.DECIMAL : LevelFormat.BULLET,
    text: ordered ? `%${level + 1}.` : ['•', '◦', '▪'][level],
    alignment: AlignmentType.LEFT,
    style: { paragraph: { indent: { left: 360 * (level + 1), hanging: 360 } } },
  }));
}

/** Walks the document once; ordered lists each need their own numbering instance to restart at 1. */
interface Context {
  listInstance: number;
}

function runs(richRuns: RichRun[]): TextRun[] {
  return richRuns.map((run) =>
    'break' in run
      ? textRun({ break: 1 })
      : textRun({ text: run.text, bold: run.strong, italics: run.em }),
  );
}

function richParagraphs(
  blocks: RichBlock[],
  sectionLevel: number,
  context: Context,
  listLevel = 0,
): Paragraph[] {
  return blocks.flatMap((block) => {
    switch (block.kind) {
      case 'paragraph':
        return [new Paragraph({ children: runs(block.runs) })];
      case 'heading':
        return [
          new Paragraph({
            heading: headingLevel(sectionLevel + block.level - 2),
            children: runs(block.runs),
          }),
        ];
      case 'list': {
        context.listInstance += 1;
        const instance = context.listInstance;
        const reference = block.ordered ? NUMBERED : BULLET;
        return block.items.flatMap((item) =>
          item.blocks.flatMap((inner) =>
            inner.kind === 'list'
              ? richParagraphs([inner], sectionLevel, context, Math.min(listLevel + 1, 2))
              : [
                  new Paragraph({
                    numbering: { reference, level: listLevel, instance },
                    children: runs(inner.runs),
                  }),
                ],
          ),
        );
      }
    }
  });
}

const RULE = { style: BorderStyle.SINGLE, size: 4, color: 'BBBBBB' };
const STRONG_RULE = { style: BorderStyle.SINGLE, size: 8, color: '1A1A1A' };
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };

function cell(
  text: string,
  options: { right: boolean; bold: boolean; indent: boolean; top?: boolean; fill?: string },
): TableCell {
  return new TableCell({
    children: [
      new Paragraph({
        alignment: options.right ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: options.indent ? { left: 340 } : undefined,
        spacing: { before: 20, after: 20 },
        children: [textRun({ text, bold: options.bold })],
      }),
    ],
    borders: {
      top: options.top === true ? STRONG_RULE : NONE,
      bottom: RULE,
      left: NONE,
      right: NONE,
    },
    shading:
      options.fill === undefined
        ? undefined
        : { type: ShadingType.CLEAR, color: 'auto', fill: options.fill },
  });
}

function tableParagraphs(table: TableBlock): (Paragraph | Table)[] {
  const caption = table.unit === undefined ? table.caption : `${table.caption} (${table.unit})`;
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: table.columns.map(
      (column) =>
        new TableCell({
          children: [
            new Paragraph({
              alignment: column.align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
              children: [textRun({ text: column.header, bold: true })],
            }),
          ],
          borders: { top: NONE, bottom: STRONG_RULE, left: NONE, right: NONE },
        }),
    ),
  });
  const rows = table.rows.map(
    (row) =>
      new TableRow({
        cantSplit: true,
        children: table.columns.map((column, c) =>
          cell(formatCell(row.cells[c] ?? null), {
            right: column.align === 'right',
            bold: row.emphasis !== undefined,
            indent: c === 0 && row.level === 1,
            top: row.emphasis === 'total',
            fill: row.emphasis === 'group' ? 'EEF1F5' : undefined,
          }),
        ),
      }),
  );
  const notes = (table.notes ?? []).map(
    (note) => new Paragraph({ children: [textRun({ text: note, size: 17 })] }),
  );
  return [
    new Paragraph({
      style: 'Caption',
      keepNext: true,
      children: [textRun({ text: caption })],
    }),
    new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [header, ...rows] }),
    ...notes,
    new Paragraph({ children: [] }),
  ];
}

/**
 * A chart Word draws itself from its data (Insert Chart's kind: "Edit Data" opens it), with the
 * description as its alt text; undefined when there is nothing to draw.
 */
function chartRun(chart: ChartBlock): ChartRun | undefined {
  if (chart.categories.length === 0 || chart.series.length === 0) return undefined;
  const decimals = Math.max(
    0,
    ...chart.series.flatMap((s) => s.values.map((v) => (v?.split('.')[1] ?? '').length)),
  );
  const format = decimals > 0 ? `#,##0.${'0'.repeat(decimals)}` : '#,##0';
  return new ChartRun({
    type: chart.chart === 'bar' ? 'column' : 'line',
    categories: chart.categories,
    series: chart.series.map((s, i) => ({
      name: s.name,
      values: chart.categories.map((_, c) => decimalValue(s.values[c] ?? null) ?? null),
      color: (SERIES_COLORS[i % SERIES_COLORS.length] ?? '#000000').slice(1).toUpperCase(),
    })),
    valueAxis: { numberFormat: `${format};"\u2212"${format}`, gridlines: true },
    font: { name: FONT_FAMILY },
    altText: { name: chart.caption, title: chart.caption, description: chart.alt },
    transformation: { width: 600, height: 300 },
  });
}

function chartParagraphs(chart: ChartBlock): (Paragraph | Table)[] {
  const caption = chart.unit === undefined ? chart.caption : `${chart.caption} (${chart.unit})`;
  const drawing = chartRun(chart);
  return [
    new Paragraph({
      style: 'Caption',
      keepNext: true,
      children: [textRun({ text: `Diagram: ${caption}` })],
    }),
    ...(drawing === undefined
      ? []
      : // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- docx's ParagraphChild does not list ChartRun (docx/charts), which its docs put in a paragraph
        [new Paragraph({ keepNext: true, children: [drawing] })]),
    // The description in the text too: for readers of a printed copy and of a converted file.
    new Paragraph({ keepNext: true, children: [textRun({ text: chart.alt, italics: true })] }),
    ...tableParagraphs(chart.table),
  ];
}

function blockParagraphs(block: Block, level: number, context: Context): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'text':
      return richParagraphs(richTextBlocks(block.html), level, context);
    case 'table':
      return tableParagraphs(block);
    case 'chart':
      return chartParagraphs(block);
  }
}

function sectionParagraphs(
  section: Section,
  level: number,
  context: Context,
): (Paragraph | Table)[] {
  return [
    new Paragraph({ heading: headingLevel(level), children: [new TextRun(section.title)] }),
    ...section.blocks.flatMap((block) => blockParagraphs(block, level, context)),
    ...section.sections.flatMap((child) => sectionParagraphs(child, level + 1, context)),
  ];
}

const heading = (size: number): { run: { size: number; bold: boolean; color: string } } => ({
  run: { size, bold: true, color: ACCENT },
});

export async function renderDocx(doc: BoardDocument): Promise<Uint8Array> {
  const context: Context = { listInstance: 0 };
  const body = doc.sections.flatMap((section) => sectionParagraphs(section, 1, context));
  const document = new Document({
    title: doc.title,
    description: doc.subtitle,
    creator: 'Balans',
    features: { updateFields: true },
    styles: {
      default: {
        document: {
          run: { font: FONT_FAMILY, size: 20, language: { value: 'sv-SE' } },
          paragraph: { spacing: { after: 120 } },
        },
        title: { run: { font: FONT_FAMILY, size: 40, bold: true } },
        heading1: {
          ...heading(32),
          paragraph: { spacing: { before: 360, after: 120 }, keepNext: true },
        },
        heading2: {
          ...heading(26),
          paragraph: { spacing: { before: 280, after: 100 }, keepNext: true },
        },
        heading3: {
          ...heading(23),
          paragraph: { spacing: { before: 240, after: 80 }, keepNext: true },
        },
        heading4: {
          ...heading(21),
          paragraph: { spacing: { before: 200, after: 60 }, keepNext: true },
        },
        caption: { run: { size: 20, bold: true, italics: false, color: '1A1A1A' } },
      },
    },
    numbering: {
      config: [
        { reference: BULLET, levels: listLevels(false) },
        { reference: NUMBERED, levels: listLevels(true) },
      ],
    },
    sections: [
      {
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  textRun({
                    children: [PageNumber.CURRENT, ' (', PageNumber.TOTAL_PAGES, ')'],
                    size: 16,
                  }),
                ],
              }),
            ],
          }),
        },
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(doc.title)] }),
          new Paragraph({ children: [textRun({ text: doc.subtitle, size: 26 })] }),
          new Paragraph({
            children: [textRun({ text: documentStatusLine(doc), color: '444444' })],
          }),
          new Paragraph({
            children: [textRun({ text: TOC_TITLE, bold: true, size: 28, color: ACCENT })],
          }),
          new TableOfContents(TOC_TITLE, { hyperlink: true, headingStyleRange: '1-3' }),
          ...body,
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
