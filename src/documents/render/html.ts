import type {
  Block,
  BoardDocument,
  ChartBlock,
  Section,
  TableBlock,
  TableRow,
} from '../document-model.ts';
import { chartLayout } from './chart-layout.ts';
import { documentStatusLine } from './document-text.ts';
import { formatCell } from './number-format.ts';
import { richTextBlocks, type RichBlock, type RichRun } from './rich-text-blocks.ts';

/**
 * One self-contained page (no scripts, no external files): the preview in the web app and the
 * accessible version of the document. Every string from the model is escaped here; the rich text
 * is rebuilt from its parsed structure, never inserted as HTML.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

// System sans-serif: the page is read on screen, where the reader's own font reads best.
const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:#1a1a1a;background:#fff;line-height:1.5;margin:0;padding:1rem}
header,nav,main{max-width:60rem;margin:0 auto}
h1{font-size:1.9rem;margin:1rem 0 .25rem}
h2{font-size:1.5rem;margin:2rem 0 .5rem;border-bottom:1px solid #888}
h3{font-size:1.25rem;margin:1.5rem 0 .5rem}
h4,h5,h6{font-size:1.05rem;margin:1.25rem 0 .5rem}
.subtitle{font-size:1.15rem;margin:0}
.status{color:#444;margin:.25rem 0 1rem}
nav ol{padding-left:1.5rem}
a{color:#1f4e79}
.table-wrap{overflow-x:auto;margin:1rem 0}
.table-wrap:focus{outline:2px solid #1f4e79}
table{border-collapse:collapse;min-width:50%;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:bold;padding:.25rem 0}
.unit{font-weight:normal}
th,td{padding:.2rem .6rem;border-bottom:1px solid #ccc;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid #333}
.num{text-align:right;white-space:nowrap}
tbody th{font-weight:normal}
tr.total th,tr.total td{font-weight:bold;border-top:2px solid #333}
tr.group th,tr.group td{font-weight:bold;background:#eef1f5}
.level-1{padding-left:1.8rem}
.notes{font-size:.9rem;color:#333;margin:.25rem 0 1rem;padding-left:1.2rem}
figure{margin:1.5rem 0}
figcaption{font-weight:bold;margin-bottom:.5rem}
svg{max-width:100%;height:auto}
`;

function runsHtml(runs: RichRun[]): string {
  return runs
    .map((run) => {
      if ('break' in run) return '<br>';
      let html = escapeHtml(run.text);
      if (run.em) html = `<em>${html}</em>`;
      if (run.strong) html = `<strong>${html}</strong>`;
      return html;
    })
    .join('');
}

/** A rich-text heading sits under its section: h3 one level below it, h4 two. */
function richHtml(blocks: RichBlock[], sectionLevel: number): string {
  return blocks
    .map((block) => {
      switch (block.kind) {
        case 'paragraph':
          return `<p>${runsHtml(block.runs)}</p>`;
        case 'heading': {
          const level = Math.min(sectionLevel + block.level - 2, 6);
          return `<h${level}>${runsHtml(block.runs)}</h${level}>`;
        }
        case 'list': {
          const tag = block.ordered ? 'ol' : 'ul';
          const items = block.items.map((item) => {
            const only = item.blocks.length === 1 ? item.blocks[0] : undefined;
            // A one-paragraph item is the usual case: its text without a <p> around it.
            const inner =
              only?.kind === 'paragraph'
                ? runsHtml(only.runs)
                : richHtml(item.blocks, sectionLevel);
            return `<li>${inner}</li>`;
          });
          return `<${tag}>${items.join('')}</${tag}>`;
        }
      }
    })
    .join('\n');
}

function rowHtml(row: TableRow, table: TableBlock): string {
  const cls = row.emphasis === undefined ? '' : ` class="${row.emphasis}"`;
  const cells = table.columns.map((column, c) => {
    const text = escapeHtml(formatCell(row.cells[c] ?? null));
    const classes = [
      column.align === 'right' ? 'num' : '',
      c === 0 && row.level === 1 ? 'level-1' : '',
    ]
      .filter((x) => x !== '')
      .join(' ');
    const attr = classes === '' ? '' : ` class="${classes}"`;
    return c === 0 ? `<th scope="row"${attr}>${text}</th>` : `<td${attr}>${text}</td>`;
  });
  return `<tr${cls}>${cells.join('')}</tr>`;
}

function tableHtml(table: TableBlock, idPrefix = ''): string {
  const captionId = `${idPrefix}tabell-${table.id}`;
  const unit =
    table.unit === undefined ? '' : ` <span class="unit">(${escapeHtml(table.unit)})</span>`;
  const head = table.columns
    .map((column) => {
      const cls = column.align === 'right' ? ' class="num"' : '';
      return `<th scope="col"${cls}>${escapeHtml(column.header)}</th>`;
    })
    .join('');
  const body = table.rows.map((row) => rowHtml(row, table)).join('\n');
  const notes =
    table.notes === undefined || table.notes.length === 0
      ? ''
      : `<ul class="notes">${table.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>`;
  // A wide table scrolls on its own; the region is focusable so keyboard users can scroll it too.
  return `<div class="table-wrap" role="region" aria-labelledby="${captionId}" tabindex="0">
<table>
<caption id="${captionId}">${escapeHtml(table.caption)}${unit}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>
</div>${notes}`;
}

const WIDTH = 640;
const HEIGHT = 270;
const PLOT = { left: 70, top: 16, width: 550, height: 200 };

function n(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

function chartSvg(chart: ChartBlock): string {
  const layout = chartLayout(chart);
  const px = (x: number): number => PLOT.left + x * PLOT.width;
  const py = (y: number): number => PLOT.top + y * PLOT.height;
  const parts: string[] = [];
  for (const tick of layout.ticks) {
    parts.push(
      `<line x1="${n(px(0))}" x2="${n(px(1))}" y1="${n(py(tick.y))}" y2="${n(py(tick.y))}" stroke="#d0d0d0"/>`,
      `<text x="${n(px(0) - 6)}" y="${n(py(tick.y) + 4)}" text-anchor="end">${escapeHtml(tick.label)}</text>`,
    );
  }
  for (const series of layout.series) {
    if (layout.kind === 'bar') {
      for (const bar of series.bars)
        parts.push(
          `<rect x="${n(px(bar.x))}" y="${n(py(bar.y))}" width="${n(bar.width * PLOT.width)}" height="${n(bar.height * PLOT.height)}" fill="${series.color}"/>`,
        );
    } else {
      // A missing value breaks the line into pieces.
      const pieces: string[][] = [[]];
      for (const point of series.points) {
        if (point === null) pieces.push([]);
        else pieces.at(-1)?.push(`${n(px(point.x))},${n(py(point.y))}`);
      }
      for (const piece of pieces.filter((p) => p.length > 0))
        parts.push(
          `<polyline points="${piece.join(' ')}" fill="none" stroke="${series.color}" stroke-width="2.5"/>`,
        );
      for (const point of series.points)
        if (point !== null)
          parts.push(
            `<circle cx="${n(px(point.x))}" cy="${n(py(point.y))}" r="3.5" fill="${series.color}"/>`,
          );
    }
  }
  parts.push(
    `<line x1="${n(px(0))}" x2="${n(px(1))}" y1="${n(py(layout.zeroY))}" y2="${n(py(layout.zeroY))}" stroke="#333"/>`,
  );
  for (const category of layout.categories)
    parts.push(
      `<text x="${n(px(category.x))}" y="${n(PLOT.top + PLOT.height + 18)}" text-anchor="middle">${escapeHtml(category.label)}</text>`,
    );
  layout.series.forEach((series, i) => {
    const x = PLOT.left + i * 160;
    const y = HEIGHT - 22;
    parts.push(
      `<rect x="${x}" y="${y}" width="14" height="14" fill="${series.color}"/>`,
      `<text x="${x + 20}" y="${y + 12}">${escapeHtml(series.name)}</text>`,
    );
  });
  const titleId = `diagram-${chart.id}-titel`;
  const descId = `diagram-${chart.id}-beskrivning`;
  return `<svg role="img" aria-labelledby="${titleId} ${descId}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" font-size="12" fill="#1a1a1a">
<title id="${titleId}">${escapeHtml(chart.caption)}</title>
<desc id="${descId}">${escapeHtml(chart.alt)}</desc>
${parts.join('\n')}
</svg>`;
}

function chartHtml(chart: ChartBlock): string {
  const unit = chart.unit === undefined ? '' : ` (${escapeHtml(chart.unit)})`;
  return `<figure>
<figcaption>${escapeHtml(chart.caption)}${unit}</figcaption>
${chartSvg(chart)}
</figure>
${tableHtml(chart.table, `diagram-${chart.id}-`)}`;
}

function blockHtml(block: Block, sectionLevel: number): string {
  switch (block.kind) {
    case 'text':
      return richHtml(richTextBlocks(block.html), sectionLevel);
    case 'table':
      return tableHtml(block);
    case 'chart':
      return chartHtml(block);
  }
}

function sectionId(section: Section): string {
  return `avsnitt-${section.key.replace(/[^A-Za-z0-9_.-]/g, '-')}`;
}

function sectionHtml(section: Section, level: number): string {
  const h = Math.min(level, 6);
  return `<section aria-labelledby="${sectionId(section)}">
<h${h} id="${sectionId(section)}">${escapeHtml(section.title)}</h${h}>
${section.blocks.map((block) => blockHtml(block, h)).join('\n')}
${section.sections.map((child) => sectionHtml(child, level + 1)).join('\n')}
</section>`;
}

function tocHtml(sections: Section[]): string {
  const items = sections.map((section) => {
    const children = section.sections.length === 0 ? '' : tocHtml(section.sections);
    return `<li><a href="#${sectionId(section)}">${escapeHtml(section.title)}</a>${children}</li>`;
  });
  return `<ol>${items.join('')}</ol>`;
}

export function renderHtml(doc: BoardDocument): string {
  return `<!doctype html>
<html lang="${escapeHtml(doc.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(doc.title)}</h1>
<p class="subtitle">${escapeHtml(doc.subtitle)}</p>
<p class="status">${escapeHtml(documentStatusLine(doc))}</p>
</header>
<nav aria-labelledby="innehall">
<h2 id="innehall">Innehåll</h2>
${tocHtml(doc.sections)}
</nav>
<main>
${doc.sections.map((section) => sectionHtml(section, 2)).join('\n')}
</main>
</body>
</html>
`;
}
