import { describe, expect, it } from 'vitest';
import { richTextBlocks } from './rich-text-blocks.ts';

describe('richTextBlocks', () => {
  it('turns paragraphs, headings and nested lists into runs with their marks', () => {
    const blocks = richTextBlocks(
      '<p>Ett <strong>stort <em>underskott</em></strong> i år.<br />Ny rad</p><h4>Rubrik</h4>' +
        '<ol><li>Ett<ul><li>Inne</li></ul></li></ol>',
    );
    expect(blocks).toEqual([
      {
        kind: 'paragraph',
        runs: [
          { text: 'Ett ', strong: false, em: false },
          { text: 'stort ', strong: true, em: false },
          { text: 'underskott', strong: true, em: true },
          { text: ' i år.', strong: false, em: false },
          { break: true },
          { text: 'Ny rad', strong: false, em: false },
        ],
      },
      { kind: 'heading', level: 4, runs: [{ text: 'Rubrik', strong: false, em: false }] },
      {
        kind: 'list',
        ordered: true,
        items: [
          {
            blocks: [
              { kind: 'paragraph', runs: [{ text: 'Ett', strong: false, em: false }] },
              {
                kind: 'list',
                ordered: false,
                items: [
                  {
                    blocks: [
                      { kind: 'paragraph', runs: [{ text: 'Inne', strong: false, em: false }] },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    ]);
  });

  it('decodes entities into the characters they stand for', () => {
    expect(richTextBlocks('<p>a &lt;b&gt; &amp; "c" #d</p>')).toEqual([
      { kind: 'paragraph', runs: [{ text: 'a <b> & "c" #d', strong: false, em: false }] },
    ]);
  });

  it('keeps stray text outside a block as a paragraph and drops empty ones', () => {
    expect(richTextBlocks('Lös text<p> </p>')).toEqual([
      { kind: 'paragraph', runs: [{ text: 'Lös text', strong: false, em: false }] },
    ]);
  });
});
