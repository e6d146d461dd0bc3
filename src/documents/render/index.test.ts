import { describe, expect, it } from 'vitest';
import { DOCUMENT_FORMATS, type BoardDocument, type Section } from '../document-model.ts';
import { documentStatusLine } from './document-text.ts';
import { renderDocument } from './index.ts';

const base: BoardDocument = {
  type: 'atgardsplan',
  title: 'Åtgärdsplan',
  subtitle: 'Socialnämnden',
  asOf: '2023-03-31',
  year: 2023,
  version: 2,
  status: 'faststalld',
  faststalld: { at: '2023-04-12T09:30:00Z', by: 'Anna Controller' },
  lang: 'sv',
  sections: [],
};

const section = (blocks: Section['blocks'], sections: Section[] = []): Section => ({
  key: 'a',
  title: 'Avsnitt',
  blocks,
  sections,
});

const odd: Record<string, Section[]> = {
  'no sections': [],
  'a table without columns': [
    section([{ kind: 'table', id: 't', caption: 'Tom', columns: [], rows: [{ cells: [] }] }]),
  ],
  'empty rich text': [
    section([
      { kind: 'text', html: '' },
      { kind: 'text', html: '<ul></ul><p> </p>' },
    ]),
  ],
  'a chart without data': [
    section([
      {
        kind: 'chart',
        id: 'c',
        caption: 'Diagram',
        alt: 'Inga värden ännu.',
        chart: 'line',
        categories: [],
        series: [],
        table: {
          kind: 'table',
          id: 't',
          caption: 'Diagram',
          columns: [{ header: 'År', align: 'left' }],
          rows: [],
        },
      },
    ]),
  ],
  'rows shorter and longer than the columns, a malformed number': [
    section([
      {
        kind: 'table',
        id: 't',
        caption: 'Ojämn',
        columns: [
          { header: 'Namn', align: 'left' },
          { header: 'Värde', align: 'right' },
        ],
        rows: [{ cells: ['bara namn'] }, { cells: ['a', { n: 'abc' }, 'extra'] }],
      },
    ]),
  ],
  'sections nested deeper than six headings': [
    section(
      [],
      [
        section(
          [],
          [
            section(
              [],
              [
                section(
                  [],
                  [
                    section(
                      [],
                      [section([], [section([{ kind: 'text', html: '<h4>Djup</h4>' }])])],
                    ),
                  ],
                ),
              ],
            ),
          ],
        ),
      ],
    ),
  ],
};

describe('renderDocument', () => {
  for (const [name, sections] of Object.entries(odd)) {
    it(`renders ${name} in every format`, async () => {
      for (const format of DOCUMENT_FORMATS) {
        const rendered = await renderDocument({ ...base, sections }, format);
        expect(rendered.extension).toBe(format);
        expect(rendered.bytes.length).toBeGreaterThan(100);
      }
    });
  }

  it('says when and by whom a document was fastställd, from the model and not the clock', () => {
    expect(documentStatusLine(base)).toBe(
      'Per 31 mars 2023 · version 2 · fastställd 12 april 2023 av Anna Controller',
    );
  });
});
