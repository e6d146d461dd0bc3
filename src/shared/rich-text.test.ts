import { describe, expect, it } from 'vitest';
import { richTextFromInput, richTextToPlain, sanitizeRichText } from './rich-text.ts';

describe('rich text', () => {
  it('keeps headings, paragraphs, lists and emphasis, drops every other tag and attribute', () => {
    expect(
      sanitizeRichText(
        '<h3 onclick="x()">Rubrik</h3><p style="color:red">Text <b>fet</b> <a href="javascript:x">länk</a></p><script>alert(1)</script>',
      ),
    ).toBe('<h3>Rubrik</h3><p>Text <strong>fet</strong> länk</p>');
  });

  it('turns text with leaked tags (seed 004) into clean HTML that shows no markup', () => {
    const html = richTextFromInput(
      '<p>Målområde 2 - Kärnverksamheterna</p> <ol style="list-style-type: none"><li>Ett</li></ol>',
    );
    expect(html).toBe('<p>Målområde 2 - Kärnverksamheterna</p> <ol><li>Ett</li></ol>');
    expect(richTextToPlain(html)).toBe('Målområde 2 - Kärnverksamheterna\n\n- Ett');
  });

  it('makes paragraphs and lists of plain text and escapes what looks like markup in it', () => {
    expect(richTextFromInput('Rad ett\nrad 1 < 2\n\n- a\n- b')).toBe(
      '<p>Rad ett<br />rad 1 &lt; 2</p><ul><li>a</li><li>b</li></ul>',
    );
    expect(richTextToPlain('<p>a &amp; b</p>')).toBe('a & b');
    expect(richTextFromInput('  ')).toBe('');
  });
});
