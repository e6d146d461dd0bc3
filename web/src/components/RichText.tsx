import { createElement, Fragment, useMemo, type ReactNode } from 'react';

/** The tags rich text keeps (src/shared/rich-text.ts); anything else is shown as its text only. */
const ALLOWED = new Set(['p', 'h3', 'h4', 'ul', 'ol', 'li', 'strong', 'em', 'br']);

function render(node: ChildNode, key: number): ReactNode {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const tag = (node as Element).tagName.toLowerCase();
  const children = [...node.childNodes].map(render);
  if (tag === 'br') return <br key={key} />;
  if (!ALLOWED.has(tag)) return <Fragment key={key}>{children}</Fragment>;
  return createElement(tag, { key }, ...children);
}

/**
 * Rich text (an analysis, an uppdrag) as elements, never as markup shown as text: the HTML the
 * server sanitised is parsed (DOMParser runs no scripts) and only the allowed tags become
 * elements, without attributes — so nothing from the text reaches innerHTML.
 */
export function RichText({ html, className }: { html: string; className?: string }) {
  const nodes = useMemo(
    () => [...new DOMParser().parseFromString(html, 'text/html').body.childNodes],
    [html],
  );
  return <div className={className ?? 'rich-text'}>{nodes.map(render)}</div>;
}

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** **fetstil** and *kursiv* in a line of plain text, escaped. */
function inline(text: string): string {
  return escape(text)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/\*(.+?)\*/g, '<em>$1</em>');
}

/**
 * Plain text as written in a text area → rich text: blank lines part paragraphs, lines that start
 * with "- " (or "1. ") make a list, "### " a heading, **fetstil** and *kursiv* emphasis.
 */
export function textToRichText(text: string): string {
  const blocks = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter((b) => b !== '');
  return blocks
    .map((block) => {
      const lines = block.split('\n').map((l) => l.trim());
      if (lines.every((l) => /^[-–•]\s/.test(l)))
        return `<ul>${lines.map((l) => `<li>${inline(l.replace(/^[-–•]\s+/, ''))}</li>`).join('')}</ul>`;
      if (lines.every((l) => /^\d+[.)]\s/.test(l)))
        return `<ol>${lines.map((l) => `<li>${inline(l.replace(/^\d+[.)]\s+/, ''))}</li>`).join('')}</ol>`;
      if (lines.length === 1 && block.startsWith('#### '))
        return `<h4>${inline(block.slice(5))}</h4>`;
      if (lines.length === 1 && block.startsWith('### '))
        return `<h3>${inline(block.slice(4))}</h3>`;
      return `<p>${lines.map(inline).join('<br>')}</p>`;
    })
    .join('');
}

function inlineText(node: ChildNode): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  if (node.nodeType !== Node.ELEMENT_NODE) return '';
  const tag = (node as Element).tagName.toLowerCase();
  const inner = [...node.childNodes].map(inlineText).join('');
  if (tag === 'br') return '\n';
  if (tag === 'strong' || tag === 'b') return `**${inner}**`;
  if (tag === 'em' || tag === 'i') return `*${inner}*`;
  return inner;
}

/** Rich text → the plain text the text area edits (the reverse of textToRichText). */
export function richTextToText(html: string): string {
  const body = new DOMParser().parseFromString(html, 'text/html').body;
  return [...body.childNodes]
    .map((node) => {
      const tag =
        node.nodeType === Node.ELEMENT_NODE ? (node as Element).tagName.toLowerCase() : '';
      const items = () => [...node.childNodes].filter((c) => c.nodeType === Node.ELEMENT_NODE);
      if (tag === 'ul')
        return items()
          .map((li) => `- ${inlineText(li).trim()}`)
          .join('\n');
      if (tag === 'ol')
        return items()
          .map((li, i) => `${i + 1}. ${inlineText(li).trim()}`)
          .join('\n');
      if (tag === 'h3') return `### ${inlineText(node).trim()}`;
      if (tag === 'h4') return `#### ${inlineText(node).trim()}`;
      return inlineText(node).trim();
    })
    .filter((block) => block !== '')
    .join('\n\n');
}
