import { isTag, type Element } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderDocument } from './index.ts';
import {
  AWKWARD,
  documentTables,
  fixtureDocument,
  formattedRows,
  sectionTitles,
} from './render.fixture.ts';

/** The DOCX read back as Word would: its XML parts, parsed. */

let body: Element[];
let styles: string;
let core: string;
let chartXml: string | undefined;

function xml(text: string): Element[] {
  return parseDocument(text, { xmlMode: true }).children.filter(isTag);
}

function textOf(element: Element): string {
  return DomUtils.findAll((e) => e.name === 'w:t', [element])
    .map((t) => DomUtils.textContent(t))
    .join('');
}

function paragraphStyle(p: Element): string | undefined {
  const style = DomUtils.findOne((e) => e.name === 'w:pStyle', [p]);
  return style === null ? undefined : DomUtils.getAttributeValue(style, 'w:val');
}

beforeAll(async () => {
  const rendered = await renderDocument(fixtureDocument, 'docx');
  expect(rendered.extension).toBe('docx');
  const zip = await JSZip.loadAsync(rendered.bytes);
  body = xml((await zip.file('word/document.xml')?.async('string')) ?? '');
  styles = (await zip.file('word/styles.xml')?.async('string')) ?? '';
  core = (await zip.file('docProps/core.xml')?.async('string')) ?? '';
  chartXml = await zip.file('word/charts/chart1.xml')?.async('string');
});

describe('renderDocument as DOCX', () => {
  it('writes the sections as Heading paragraphs, in order and at their depth', () => {
    const headings = DomUtils.findAll((e) => e.name === 'w:p', body)
      .map((p) => ({ style: paragraphStyle(p), text: textOf(p) }))
      .filter((p) => p.style !== undefined && /^Heading\d$/.test(p.style));
    const rich = new Set(['Viktiga händelser', 'Analys']);
    const sections = headings.filter((h) => !rich.has(h.text));
    expect(sections).toEqual(
      sectionTitles(fixtureDocument.sections).map(({ title, depth }) => ({
        style: `Heading${depth}`,
        text: title,
      })),
    );
    // A heading in the text sits one level under its section.
    expect(headings.find((h) => h.text === 'Analys')?.style).toBe('Heading4');
  });

  it('has every table with its rows in order and a header row that repeats', () => {
    const tables = DomUtils.findAll((e) => e.name === 'w:tbl', body);
    const expected = documentTables(fixtureDocument);
    expect(tables).toHaveLength(expected.length);
    tables.forEach((table, t) => {
      const rows = DomUtils.findAll((e) => e.name === 'w:tr', [table]);
      const cells = rows.map((row) =>
        DomUtils.findAll((e) => e.name === 'w:tc', [row]).map(textOf),
      );
      const want = expected[t];
      if (want === undefined) throw new Error('more tables than expected');
      expect(cells).toEqual(formattedRows(want));
      expect(
        DomUtils.findOne((e) => e.name === 'w:tblHeader', [rows[0] as Element]),
      ).not.toBeNull();
      expect(DomUtils.findOne((e) => e.name === 'w:tblHeader', [rows[1] as Element])).toBeNull();
    });
  });

  it('sets the numbers right-aligned with Swedish typography', () => {
    const tables = DomUtils.findAll((e) => e.name === 'w:tbl', body);
    const row = DomUtils.findAll((e) => e.name === 'w:tr', [tables[0] as Element])[2] as Element;
    const cells = DomUtils.findAll((e) => e.name === 'w:tc', [row]);
    expect(textOf(cells[3] as Element)).toBe('\u221213\u202f079');
    const jc = DomUtils.findOne((e) => e.name === 'w:jc', [cells[3] as Element]);
    expect(jc === null ? undefined : DomUtils.getAttributeValue(jc, 'w:val')).toBe('right');
  });

  it('keeps bold, italics and lists of the rich text as Word formatting', () => {
    const paragraphs = DomUtils.findAll((e) => e.name === 'w:p', body);
    const bold = DomUtils.findAll((e) => e.name === 'w:r', paragraphs).find(
      (r) => textOf(r) === 'underskott',
    );
    expect(bold && DomUtils.findOne((e) => e.name === 'w:b', [bold])).toBeTruthy();
    const listItems = paragraphs.filter(
      (p) => DomUtils.findOne((e) => e.name === 'w:numPr', [p]) !== null,
    );
    expect(listItems.map(textOf)).toEqual([
      'Fler placeringar än budgeterat',
      'Bemanningen i äldreomsorgen',
      'Sjukfrånvaron minskade',
      'Första åtgärden',
      'Andra åtgärden',
    ]);
  });

  it('draws the chart as a Word chart with its description as alt text', () => {
    expect(chartXml).toContain('<c:barChart>');
    const drawing = DomUtils.findOne((e) => e.name === 'wp:docPr', body);
    expect(drawing === null ? undefined : DomUtils.getAttributeValue(drawing, 'descr')).toBe(
      'Stapeldiagram: resultatet gick från ett överskott på 4 mnkr 2022 till underskott 2023 och 2024.',
    );
  });

  it('writes awkward characters as text', () => {
    const texts = DomUtils.findAll((e) => e.name === 'w:p', body).map(textOf);
    expect(texts.filter((t) => t === AWKWARD).length).toBeGreaterThanOrEqual(3);
  });

  it('declares Swedish on the styles, the title in the properties and a table of contents', () => {
    expect(styles).toContain('<w:lang w:val="sv-SE"/>');
    expect(core).toContain('<dc:title>Förvaltningsberättelse – Årsbokslut 2024</dc:title>');
    const instr = DomUtils.findAll((e) => e.name === 'w:instrText', body).map((e) =>
      DomUtils.textContent(e),
    );
    expect(instr.some((t) => t.includes('TOC'))).toBe(true);
  });
});
