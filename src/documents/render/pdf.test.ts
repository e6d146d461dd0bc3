import { execFileSync, type ExecFileSyncOptionsWithStringEncoding } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../shared/app-error.ts';
import type { BoardDocument, Section } from '../document-model.ts';
import { renderDocument } from './index.ts';
import {
  AWKWARD,
  documentTables,
  fixtureDocument,
  formattedRows,
  sectionTitles,
} from './render.fixture.ts';

/** pdftotext and pdfinfo (poppler-utils) read the file back as any reader would. */

// Whitespace (U+202F included) differs between layout and extraction; the characters must not.
const squeeze = (text: string): string => text.replace(/\s+/g, '');

// pdfinfo warns on stderr about Typst's /Suspects entry; the figures it prints are what count.
const QUIET: ExecFileSyncOptionsWithStringEncoding = {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'ignore'],
};

let file: string;
let text: string;

beforeAll(async () => {
  const rendered = await renderDocument(fixtureDocument, 'pdf');
  expect(rendered.contentType).toBe('application/pdf');
  expect(rendered.extension).toBe('pdf');
  file = join(mkdtempSync(join(tmpdir(), 'balans-pdf-')), 'dokument.pdf');
  writeFileSync(file, rendered.bytes);
  text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
});

describe('renderDocument as PDF', () => {
  it('is tagged and declares PDF/UA-1, Swedish and the title', () => {
    const info = execFileSync('pdfinfo', [file], QUIET);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^Title:\s+Förvaltningsberättelse – Årsbokslut 2024$/m);
    expect(info).not.toMatch(/^CreationDate:/m);
    const meta = execFileSync('pdfinfo', ['-meta', file], QUIET);
    expect(meta).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(meta).toMatch(/<dc:language><rdf:Bag><rdf:li>sv<\/rdf:li><\/rdf:Bag><\/dc:language>/);
  });

  it('tags the sections as headings at their depth, tables with header cells and the chart with its alt text', async () => {
    // pdfinfo reads a structure tree in quadratic time: the long table is cut to keep it quick.
    const short = (list: Section[]): Section[] =>
      list.map((section) => ({
        ...section,
        blocks: section.blocks.map((b) =>
          b.kind === 'table' ? { ...b, rows: b.rows.slice(0, 8) } : b,
        ),
        sections: short(section.sections),
      }));
    const small = { ...fixtureDocument, sections: short(fixtureDocument.sections) };
    const smallFile = file.replace(/\.pdf$/, '-kort.pdf');
    writeFileSync(smallFile, (await renderDocument(small, 'pdf')).bytes);
    const struct = execFileSync('pdfinfo', ['-struct-text', smallFile], QUIET).split('\n');
    // A heading's text follows its tag as quoted lines, one per line of the layout.
    const headings = struct.flatMap((line, i) => {
      const level = /^\s*H(\d)\b/.exec(line)?.[1];
      if (level === undefined) return [];
      const parts: string[] = [];
      for (let j = i + 1; /^\s*".*"$/.test(struct[j] ?? ''); j += 1)
        parts.push((struct[j] ?? '').trim().slice(1, -1));
      return [{ title: parts.join(''), depth: Number(level) }];
    });
    const inText = new Set(['Innehåll', 'Viktiga händelser', 'Analys']);
    expect(headings.filter((h) => !inText.has(h.title))).toEqual(
      sectionTitles(fixtureDocument.sections),
    );
    expect(headings.find((h) => h.title === 'Analys')?.depth).toBe(4);
    const tables = documentTables(small);
    expect(struct.filter((line) => /^\s*Table\b/.test(line))).toHaveLength(tables.length);
    const headerCells = struct.filter((line) => /^\s*TH\b/.test(line)).length;
    expect(headerCells).toBeGreaterThanOrEqual(tables.reduce((n, t) => n + t.columns.length, 0));
    // The structure tree is written uncompressed: the Figure's /Alt is UTF-16 in hex.
    const raw = readFileSync(smallFile).toString('latin1');
    const alts: string[] = [];
    for (let at = raw.indexOf('/S /Figure'); at >= 0; at = raw.indexOf('/S /Figure', at + 1)) {
      const hex = /\/Alt <FEFF([0-9A-F]+)>/.exec(raw.slice(at, at + 2000))?.[1];
      if (hex !== undefined) alts.push(Buffer.from(hex, 'hex').swap16().toString('utf16le'));
    }
    expect(alts).toEqual([
      'Stapeldiagram: resultatet gick från ett överskott på 4 mnkr 2022 till underskott 2023 och 2024.',
    ]);
  });

  it('has every row of every table, formatted, in order, across pages', () => {
    const pages = Number(/^Pages:\s+(\d+)$/m.exec(execFileSync('pdfinfo', [file], QUIET))?.[1]);
    expect(pages).toBeGreaterThan(4);
    const all = squeeze(text);
    let at = 0;
    for (const table of documentTables(fixtureDocument)) {
      for (const row of formattedRows(table).slice(1)) {
        const expected = squeeze(row.join(''));
        const found = all.indexOf(expected, at);
        expect(found, `${table.id}: ${row.join(' | ')}`).toBeGreaterThanOrEqual(0);
        at = found + expected.length;
      }
    }
    // Poppler writes every Unicode space as ' '; the true minus sign survives extraction.
    expect(text).toMatch(/\u221213\s079/);
  });

  it('repeats the header row of a table on the pages it crosses', () => {
    const headerLines = text
      .split('\n')
      .filter((line) => /^\s*Placering\s+Budget\s+Utfall\s+Avvikelse\s*$/.test(line));
    expect(headerLines.length).toBeGreaterThan(2);
  });

  it('has the headings in the table of contents and the text with its Swedish characters', () => {
    const contents = text.slice(text.indexOf('Innehåll'), text.indexOf('Nämnden redovisar'));
    for (const { title } of sectionTitles(fixtureDocument.sections).slice(0, 5))
      expect(squeeze(contents)).toContain(squeeze(title));
    expect(text).toContain('Nämnden redovisar ett underskott på 13 mnkr för året.');
    expect(text).toContain('Sjukfrånvaron minskade');
  });

  it('prints characters that mean something in Typst as they are written', () => {
    const occurrences = squeeze(text).split(squeeze(AWKWARD)).length - 1;
    // The section title, its entry in the table of contents, the paragraph, the cell; the caption holds it too.
    expect(occurrences).toBeGreaterThanOrEqual(4);
  });

  it('gives the same bytes for the same document', async () => {
    const first = await renderDocument(fixtureDocument, 'pdf');
    const second = await renderDocument(fixtureDocument, 'pdf');
    expect(Buffer.from(first.bytes).equals(Buffer.from(second.bytes))).toBe(true);
  });

  it('embeds only the fonts that ship with Balans', () => {
    const fonts = execFileSync('pdffonts', [file], QUIET)
      .split('\n')
      .slice(2)
      .filter((line) => line.trim() !== '')
      .map((line) => line.split(/\s+/)[0]?.replace(/^[A-Z]{6}\+/, ''));
    expect(new Set(fonts)).toEqual(
      new Set(['NotoSans-Regular', 'NotoSans-Bold', 'NotoSans-Italic']),
    );
  });

  it('sets symbols Noto Sans lacks in DejaVu Sans and a character no font has as U+FFFD', async () => {
    const doc: BoardDocument = {
      ...fixtureDocument,
      sections: [{ key: 'x', title: 'Mål ≥ 95 % → uppnått ✓, 中', blocks: [], sections: [] }],
    };
    const symbolsFile = file.replace(/\.pdf$/, '-tecken.pdf');
    writeFileSync(symbolsFile, (await renderDocument(doc, 'pdf')).bytes);
    expect(execFileSync('pdftotext', [symbolsFile, '-'], QUIET)).toContain(
      'Mål ≥ 95 % → uppnått ✓, \ufffd',
    );
    expect(execFileSync('pdffonts', [symbolsFile], QUIET)).toContain('DejaVuSans');
  });

  it('refuses a chart without a description as a clear error, not a crash', async () => {
    const chart = fixtureDocument.sections[2]?.blocks[0];
    if (chart?.kind !== 'chart') throw new Error('fixture: the chart moved');
    const doc: BoardDocument = {
      ...fixtureDocument,
      sections: [{ key: 'x', title: 'Diagram', blocks: [{ ...chart, alt: '' }], sections: [] }],
    };
    const failure = await renderDocument(doc, 'pdf').catch((error: unknown) => error);
    expect(isAppError(failure) && failure.code).toBe('INVALID_ARGUMENT');
    expect((failure as Error).message).toMatch(/PDF.*alt/i);
  });
});
