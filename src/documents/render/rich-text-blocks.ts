import { isTag, isText, type ChildNode } from 'domhandler';
import { parseDocument } from 'htmlparser2';

/**
 * Sanitised rich text (p, h3, h4, ul, ol, li, strong, em, br) as data every renderer walks, so
 * no renderer re-parses HTML and none builds markup from the user's text.
 */
export type RichRun = { text: string; strong: boolean; em: boolean } | { break: true };

export type RichBlock =
  | { kind: 'paragraph'; runs: RichRun[] }
  | { kind: 'heading'; level: 3 | 4; runs: RichRun[] }
  | { kind: 'list'; ordered: boolean; items: RichListItem[] };

/** A list item's text and any list nested in it, in order. */
export interface RichListItem {
  blocks: RichBlock[];
}

interface Marks {
  strong: boolean;
  em: boolean;
}

const PLAIN: Marks = { strong: false, em: false };

function collectRuns(nodes: ChildNode[], marks: Marks, runs: RichRun[]): void {
  for (const node of nodes) {
    if (isText(node)) {
      // Whitespace between tags is the source's layout, not text; inside a run it is one space.
      const text = node.data.replace(/\s+/g, ' ');
      if (text !== '') runs.push({ text, ...marks });
    } else if (isTag(node)) {
      if (node.name === 'br') runs.push({ break: true });
      else if (node.name === 'strong' || node.name === 'b')
        collectRuns(node.children, { ...marks, strong: true }, runs);
      else if (node.name === 'em' || node.name === 'i')
        collectRuns(node.children, { ...marks, em: true }, runs);
      else collectRuns(node.children, marks, runs);
    }
  }
}

/** Runs without leading/trailing blanks, adjacent runs of the same marks merged. */
function tidyRuns(runs: RichRun[]): RichRun[] {
  const merged: RichRun[] = [];
  for (const run of runs) {
    const last = merged.at(-1);
    if (
      last !== undefined &&
      !('break' in last) &&
      !('break' in run) &&
      last.strong === run.strong &&
      last.em === run.em
    )
      merged[merged.length - 1] = { ...last, text: last.text + run.text };
    else merged.push(run);
  }
  const first = merged[0];
  if (first !== undefined && !('break' in first))
    merged[0] = { ...first, text: first.text.trimStart() };
  const lastRun = merged.at(-1);
  if (lastRun !== undefined && !('break' in lastRun))
    merged[merged.length - 1] = { ...lastRun, text: lastRun.text.trimEnd() };
  return merged.filter((run) => 'break' in run || run.text !== '');
}

const BLOCK_TAGS = new Set(['p', 'h3', 'h4', 'ul', 'ol', 'li', 'h1', 'h2', 'div']);

function isBlockNode(node: ChildNode): boolean {
  return isTag(node) && BLOCK_TAGS.has(node.name);
}

/** Blocks of a container; inline text between blocks becomes its own paragraph. */
function collectBlocks(nodes: ChildNode[]): RichBlock[] {
  const blocks: RichBlock[] = [];
  let inline: ChildNode[] = [];
  const flush = (): void => {
    const runs: RichRun[] = [];
    collectRuns(inline, PLAIN, runs);
    const tidy = tidyRuns(runs);
    if (tidy.some((run) => !('break' in run))) blocks.push({ kind: 'paragraph', runs: tidy });
    inline = [];
  };
  for (const node of nodes) {
    if (!isBlockNode(node) || !isTag(node)) {
      inline.push(node);
      continue;
    }
    flush();
    if (node.name === 'ul' || node.name === 'ol') {
      const items = node.children
        .filter((child) => isTag(child) && child.name === 'li')
        .map((child) => ({ blocks: isTag(child) ? collectBlocks(child.children) : [] }));
      // Text directly inside <ul> (not in an <li>) is kept as an item of its own.
      const stray = collectBlocks(node.children.filter((child) => !isTag(child)));
      if (stray.length > 0) items.push({ blocks: stray });
      if (items.length > 0) blocks.push({ kind: 'list', ordered: node.name === 'ol', items });
    } else if (node.name === 'h3' || node.name === 'h4') {
      const runs: RichRun[] = [];
      collectRuns(node.children, PLAIN, runs);
      const tidy = tidyRuns(runs);
      if (tidy.length > 0)
        blocks.push({ kind: 'heading', level: node.name === 'h3' ? 3 : 4, runs: tidy });
    } else {
      blocks.push(...collectBlocks(node.children));
    }
  }
  flush();
  return blocks;
}

/** `<p>Hej <strong>då</strong></p><ul><li>ett</li></ul>` → a paragraph with two runs and a list. */
export function richTextBlocks(html: string): RichBlock[] {
  return collectBlocks(parseDocument(html, { decodeEntities: true }).children);
}

/** The plain text of runs, for alt text, captions and tests. */
export function runsText(runs: RichRun[]): string {
  return runs.map((run) => ('break' in run ? '\n' : run.text)).join('');
}
