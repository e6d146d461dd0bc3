import sanitizeHtml from 'sanitize-html';

/**
 * Rich text (analyses, uppdrag, återrapporter) is kept as HTML with only these tags and no
 * attributes: headings, paragraphs, lists, emphasis. Everything else is dropped, its text kept.
 */
export const RICH_TEXT_TAGS = ['p', 'h3', 'h4', 'ul', 'ol', 'li', 'strong', 'em', 'br'] as const;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...RICH_TEXT_TAGS],
  allowedAttributes: {},
  disallowedTagsMode: 'discard',
  // A <b>/<i> from a pasted document keeps its meaning.
  transformTags: { b: 'strong', i: 'em', h1: 'h3', h2: 'h3', h5: 'h4', h6: 'h4', div: 'p' },
};

const TAG = /<\/?[a-z][a-z0-9]*(\s[^<>]*)?\/?>/i;

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Sanitised HTML of the allowed tags; the empty string for nothing. */
export function sanitizeRichText(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim();
}

/**
 * Clean HTML from what a user or a source system gave: HTML (also tags leaked into text, as in
 * `<p>Målområde 2</p> <ol …>2) …`) is sanitised; plain text becomes paragraphs at blank lines,
 * with lines that start with "- " as a list.
 */
export function richTextFromInput(input: string): string {
  const text = input.replace(/\r\n?/g, '\n').trim();
  if (text === '') return '';
  if (TAG.test(text)) return sanitizeRichText(text);
  const blocks = text.split(/\n\s*\n/);
  return blocks
    .map((block) => {
      const lines = block.split('\n').map((l) => l.trim());
      if (lines.every((l) => /^[-–•]\s/.test(l)))
        return `<ul>${lines.map((l) => `<li>${escapeText(l.replace(/^[-–•]\s+/, ''))}</li>`).join('')}</ul>`;
      return `<p>${lines.map(escapeText).join('<br />')}</p>`;
    })
    .join('');
}

/** The text of rich text without markup, for CSV, the terminal and plain documents. */
export function richTextToPlain(html: string): string {
  const marked = sanitizeHtml(
    html
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<li[^>]*>/gi, '\n- ')
      .replace(/<\/(p|h3|h4|ul|ol)>/gi, '\n\n'),
    { allowedTags: [], allowedAttributes: {} },
  );
  return marked
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
