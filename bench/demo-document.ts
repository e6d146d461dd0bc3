/**
 * Writes a demo document's JSON (the BoardDocument Balans renders) for bench/document-bench.ts:
 * the demo municipality is built in memory, the document opened as the controller does.
 *
 *   node bench/demo-document.ts OUT.json [arsbokslut --year 2024 | manadsrapport --year 2024 --month 8]
 */
import { writeFileSync } from 'node:fs';
import { openDatabase } from '../src/db/database.ts';
import { buildDemo } from '../src/demo/demo.service.ts';
import type { DocumentType } from '../src/documents/document-model.ts';
import { documentJson, openDocument } from '../src/documents/document.service.ts';
import { option } from './bench-support.ts';

const args = process.argv.slice(2);
const out = args[0];
if (out === undefined)
  throw new Error('usage: node bench/demo-document.ts OUT.json [TYPE] [--year Y] [--month M]');
const type = (
  args[1] !== undefined && !args[1].startsWith('--') ? args[1] : 'arsbokslut'
) as DocumentType;
const year = Number(option(args, '--year', '2024'));
const month = option(args, '--month', '');
const handle = await openDatabase({ engine: 'pglite-memory' });
try {
  await buildDemo(handle);
  const viewer = { username: 'bench', role: 'controller' as const };
  const info = await openDocument(handle, viewer, {
    type,
    year,
    ...(month === '' ? {} : { month: Number(month) }),
  });
  writeFileSync(out, await documentJson(handle.db, viewer, info.id));
  process.stdout.write(`Wrote ${out} (${info.title})\n`);
} finally {
  await handle.close();
}
