/**
 * The board documents' renderers: a document shaped like a full årsbokslut (about 15 sections,
 * 12 tables of 10–60 rows, 2 charts, 40 paragraphs) rendered to PDF cold (a fresh process: loading
 * Typst and the fonts, creating the compiler, the first compile) and warm (median of 10 after a
 * warm-up), and to DOCX, HTML and XLSX warm. Targets: the PDF under 1 s warm and 3 s cold.
 *
 *   node bench/document-bench.ts [--json FILE] [--runs 10] [--wait-max SECONDS] [--no-doc]
 *
 * --json renders a BoardDocument from a file (a fastställd document's JSON, the demo årsbokslut)
 * instead of the generated one. The figures go to stdout and, unless --no-doc, to the section
 * between `<!-- documents:start -->` and `<!-- documents:end -->` at the end of docs/benchmarks.md
 * (appended the first time; the rest of the file is left as it is). Before measuring it waits up
 * to --wait-max seconds (default 120) for the shared machine to be quiet, and says how busy it was.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type {
  BoardDocument,
  DocumentFormat,
  Section,
  TableBlock,
} from '../src/documents/document-model.ts';
import { generatedArsbokslut } from './arsbokslut-sample.ts';
import {
  busyShare,
  codeVersion,
  describeMachine,
  machine,
  option,
  ROOT,
  table,
  waitForQuiet,
} from './bench-support.ts';

const args = process.argv.slice(2);

// A child measures the cold render: everything from loading the renderer to the first PDF.
if (args[0] === '--cold-child') {
  const doc = JSON.parse(readFileSync(args[1] ?? '', 'utf8')) as BoardDocument;
  const start = performance.now();
  const cpu = process.cpuUsage();
  const { renderDocument } = await import('../src/documents/render/index.ts');
  // The PDF renderer and Typst's native module, which renderDocument loads on first use.
  await import('../src/documents/render/pdf.ts');
  const loaded = performance.now();
  const rendered = await renderDocument(doc, 'pdf');
  const done = performance.now();
  const used = process.cpuUsage(cpu);
  process.stdout.write(
    JSON.stringify({
      loadMs: loaded - start,
      renderMs: done - loaded,
      cpuMs: (used.user + used.system) / 1000,
      bytes: rendered.bytes.length,
    }),
  );
  process.exit(0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function countTables(list: Section[]): { tables: number; rows: number; charts: number } {
  let result = { tables: 0, rows: 0, charts: 0 };
  for (const section of list) {
    for (const block of section.blocks) {
      if (block.kind === 'table')
        result = { ...result, tables: result.tables + 1, rows: result.rows + block.rows.length };
      if (block.kind === 'chart')
        result = {
          ...result,
          charts: result.charts + 1,
          rows: result.rows + block.table.rows.length,
        };
    }
    const inner = countTables(section.sections);
    result = {
      tables: result.tables + inner.tables,
      rows: result.rows + inner.rows,
      charts: result.charts + inner.charts,
    };
  }
  return result;
}

const countSections = (list: Section[]): number =>
  list.reduce((n, s) => n + 1 + countSections(s.sections), 0);

/** Every number moved by `step` (decimals kept): a document with other figures, nothing cached. */
function otherFigures(doc: BoardDocument, step: number): BoardDocument {
  const move = (n: string): string => {
    const dot = n.indexOf('.');
    return (Number(n) + step).toFixed(dot < 0 ? 0 : n.length - dot - 1);
  };
  const moveTable = (table: TableBlock): TableBlock => ({
    ...table,
    rows: table.rows.map((row) => ({
      ...row,
      cells: row.cells.map((cell) =>
        cell !== null && typeof cell === 'object' ? { ...cell, n: move(cell.n) } : cell,
      ),
    })),
  });
  const moveSection = (section: Section): Section => ({
    ...section,
    blocks: section.blocks.map((block) =>
      block.kind === 'table'
        ? moveTable(block)
        : block.kind === 'chart'
          ? {
              ...block,
              series: block.series.map((s) => ({
                ...s,
                values: s.values.map((v) => (v === null ? null : move(v))),
              })),
              table: moveTable(block.table),
            }
          : block,
    ),
    sections: section.sections.map(moveSection),
  });
  return { ...doc, sections: doc.sections.map(moveSection) };
}

interface Timing {
  wallMs: number;
  cpuMs: number;
}

async function timed(work: () => Promise<unknown>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await work();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

const medianOf = (timings: Timing[]): Timing => ({
  wallMs: median(timings.map((t) => t.wallMs)),
  cpuMs: median(timings.map((t) => t.cpuMs)),
});

const jsonFile = option(args, '--json', '');
const runs = Number(option(args, '--runs', '10'));
const waitMax = Number(option(args, '--wait-max', '120'));
const sample = jsonFile === '' ? generatedArsbokslut() : undefined;
const doc: BoardDocument =
  sample?.doc ?? (JSON.parse(readFileSync(jsonFile, 'utf8')) as BoardDocument);
const shape = countTables(doc.sections);
const described = `${jsonFile === '' ? 'generated årsbokslut' : path.basename(jsonFile)}: ${countSections(doc.sections)} sections, ${shape.tables} table${shape.tables === 1 ? '' : 's'} and ${shape.charts} chart${shape.charts === 1 ? '' : 's'} (${shape.rows} table rows)${sample === undefined ? '' : `, ${sample.paragraphs} paragraphs`}`;
console.log(described);

const quiet = await waitForQuiet({
  maxMs: waitMax * 1000,
  pollMs: 5000,
  say: (text) => {
    console.log(text);
  },
});
console.log(`machine ${Math.round(quiet.busy * 100)} % busy by others at the start`);

const docFile = path.join(
  mkdtempSync(path.join(tmpdir(), 'balans-document-bench-')),
  'document.json',
);
writeFileSync(docFile, JSON.stringify(doc));

const cold: { wallMs: number; loadMs: number; renderMs: number; cpuMs: number }[] = [];
for (let i = 0; i < 3; i += 1) {
  const start = performance.now();
  const output = execFileSync(process.execPath, [import.meta.filename, '--cold-child', docFile], {
    encoding: 'utf8',
  });
  const wallMs = performance.now() - start;
  const child = JSON.parse(output) as { loadMs: number; renderMs: number; cpuMs: number };
  cold.push({ wallMs, loadMs: child.loadMs, renderMs: child.renderMs, cpuMs: child.cpuMs });
}
const coldFirst = median(cold.map((c) => c.loadMs + c.renderMs));
const coldLoad = median(cold.map((c) => c.loadMs));
const coldWall = median(cold.map((c) => c.wallMs));
const coldCpu = median(cold.map((c) => c.cpuMs));
console.log(
  `pdf cold: ${coldFirst.toFixed(0)} ms to the first PDF (of which loading ${coldLoad.toFixed(0)} ms; cpu ${coldCpu.toFixed(0)} ms), ${coldWall.toFixed(0)} ms for the whole process (median of 3)`,
);

const { renderDocument } = await import('../src/documents/render/index.ts');
const formats: DocumentFormat[] = ['pdf', 'docx', 'html', 'xlsx'];
const warm: { format: DocumentFormat; edited: Timing; other: Timing; bytes: number }[] = [];
for (const format of formats) {
  let bytes = 0;
  for (let i = 0; i < 2; i += 1) bytes = (await renderDocument(doc, format)).bytes.length;
  // An edited text (a new version number on the title page) and a document whose figures all differ.
  const edited: Timing[] = [];
  const other: Timing[] = [];
  for (let i = 0; i < runs; i += 1) {
    const version = { ...doc, version: doc.version + i + 1 };
    edited.push(await timed(() => renderDocument(version, format)));
    const figures = otherFigures(doc, i + 1);
    other.push(await timed(() => renderDocument(figures, format)));
  }
  warm.push({ format, edited: medianOf(edited), other: medianOf(other), bytes });
  const e = medianOf(edited);
  const o = medianOf(other);
  console.log(
    `${format} warm: edited text ${e.wallMs.toFixed(1)} ms (cpu ${e.cpuMs.toFixed(0)}), other figures ${o.wallMs.toFixed(1)} ms (cpu ${o.cpuMs.toFixed(0)}), median of ${runs}; ${(bytes / 1024).toFixed(0)} KiB`,
  );
}
const pdfFile = path.join(path.dirname(docFile), 'document.pdf');
writeFileSync(pdfFile, (await renderDocument(doc, 'pdf')).bytes);
let pages = '';
try {
  const info = execFileSync('pdfinfo', [pdfFile], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  pages = /^Pages:\s+(\d+)$/m.exec(info)?.[1] ?? '';
} catch {
  // pdfinfo (poppler-utils) is optional here: the page count is left out.
}
if (pages !== '') console.log(`pdf: ${pages} pages (${pdfFile})`);
const finalBusy = await busyShare();

const ms = (n: number): string => (n < 10 ? n.toFixed(1) : n.toFixed(0));
const section = [
  '<!-- documents:start -->',
  '## Documents',
  '',
  'Written by `node bench/document-bench.ts` (src/documents/render): the board document rendered',
  'in each format. _Cold_ is a fresh Node process: loading the renderer, Typst and the fonts,',
  'creating the compiler, the first compile and the PDF/UA-1 export (median of 3). _Warm_ is the',
  `median of ${runs} renders in a process that has rendered the document twice: _edited text_ is`,
  'the same document with a new version number (as after a saved text: Typst reuses what did not',
  'change), _other figures_ has every number changed (nothing of the tables can be reused). CPU',
  'is the process’s user and system time for the render. Targets: the whole årsbokslut as PDF',
  'under 1 s warm and under 3 s cold.',
  '',
  `- Document: ${described}${pages === '' ? '' : `; ${pages} PDF pages`}`,
  `- Code: ${codeVersion(['src/documents', 'bench'])}`,
  describeMachine(machine()),
  `- Others kept the machine ${Math.round(quiet.busy * 100)} % busy at the start and ${Math.round(finalBusy * 100)} % at the end (two cores, shared)`,
  '',
  table(
    [
      'Format',
      'Cold, first render',
      'Cold, whole process',
      'Warm, edited text',
      'Warm, other figures',
      'Size',
    ],
    warm.map((w) => [
      w.format.toUpperCase(),
      w.format === 'pdf' ? `${ms(coldFirst)} ms (loading ${ms(coldLoad)}; CPU ${ms(coldCpu)})` : '',
      w.format === 'pdf' ? `${ms(coldWall)} ms` : '',
      `${ms(w.edited.wallMs)} ms (CPU ${ms(w.edited.cpuMs)})`,
      `${ms(w.other.wallMs)} ms (CPU ${ms(w.other.cpuMs)})`,
      `${(w.bytes / 1024).toFixed(0)} KiB`,
    ]),
  ),
  '',
  '“Whole process” adds starting Node and stripping the types of the bench and the renderer. On a',
  'busy machine the wall times stretch with the others’ load and the CPU times are the steadier',
  'figure. Typst compiles synchronously: a PDF render holds the event loop of the process for about',
  'its CPU time.',
  '<!-- documents:end -->',
  '',
].join('\n');

if (!args.includes('--no-doc')) {
  const docPath = path.join(ROOT, 'docs', 'benchmarks.md');
  const current = readFileSync(docPath, 'utf8');
  const begin = current.indexOf('<!-- documents:start -->');
  const end = current.indexOf('<!-- documents:end -->');
  const next =
    begin >= 0 && end > begin
      ? current.slice(0, begin) +
        section +
        current.slice(end + '<!-- documents:end -->'.length).replace(/^\n+/, '')
      : `${current.replace(/\n*$/, '\n\n')}${section}`;
  writeFileSync(docPath, next);
  console.log('docs/benchmarks.md: the Documents section is updated');
}
