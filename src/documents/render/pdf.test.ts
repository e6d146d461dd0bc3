import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../shared/app-error.ts';
import type { BoardDocument } from '../document-model.ts';
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
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^Title:\s+Förvaltningsberättelse – Årsbokslut 2024$/m);
    expect(info).not.toMatch(/^CreationDate:/m);
    const meta = execFileSync('pdfinfo', ['-meta', file], { encoding: 'utf8' });
    expect(meta).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(meta).toMatch(/<dc:language><rdf:Bag><rdf:li>sv<\/rdf:li><\/rdf:Bag><\/dc:language>/);
  });

  it('has every row of every table, formatted, in order, across pages', () => {
    const pages = Number(
      /^Pages:\s+(\d+)$/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1],
    );
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
