import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { describeProblem, readTable, type CellProblem } from '../files/table-file.ts';
import { AppError } from '../shared/app-error.ts';
import { findActivities, objectNames } from './reports.repository.ts';

/**
 * Imports an activity hierarchy (XLSX or CSV: kod, namn, overordnad). A row without overordnad
 * keeps the rule of the longest prefix; one with it overrides the rule. All or nothing.
 */
export async function importActivities(
  db: Kysely<Database>,
  file: { name: string; bytes: Buffer },
): Promise<{ activities: number; explicitParents: number }> {
  const table = await readTable(file.name, file.bytes);
  const problems: CellProblem[] = [];
  const problem = (row: number, column: string, message: string) =>
    problems.push({ sheet: table.sheet, row, column, message });
  if (!table.columns.includes('kod')) problem(1, 'kod', 'kolumnen "kod" saknas');
  if (problems.length > 0) throw refused(problems);

  const names = await objectNames(db, 'verksamhet');
  const existing = new Map((await findActivities(db)).map((a) => [a.code, a]));
  const rows = new Map<
    string,
    { code: string; name: string; parent: string | null; row: number }
  >();
  for (const { row, cells } of table.rows) {
    const text = (c: string) => String(cells[c] ?? '').trim();
    const code = text('kod');
    if (code === '') {
      problem(row, 'kod', 'koden saknas');
      continue;
    }
    if (rows.has(code))
      problem(row, 'kod', `koden "${code}" finns redan på rad ${rows.get(code)?.row ?? 0}`);
    const name = text('namn') || names.get(code) || existing.get(code)?.name || '';
    if (name === '') problem(row, 'namn', 'namnet saknas');
    rows.set(code, { code, name, parent: text('overordnad') || null, row });
  }
  const known = (code: string) => rows.has(code) || existing.has(code) || names.has(code);
  for (const r of rows.values()) {
    if (r.parent === null) continue;
    if (!known(r.parent)) problem(r.row, 'overordnad', `den överordnade "${r.parent}" finns inte`);
    // A parent chain must end; a cycle never does.
    const seen = new Set([r.code]);
    let parent: string | null = r.parent;
    while (parent !== null) {
      if (seen.has(parent)) {
        problem(r.row, 'overordnad', `"${r.code}" hamnar under sig själv (en cirkel i hierarkin)`);
        break;
      }
      seen.add(parent);
      parent = rows.get(parent)?.parent ?? existing.get(parent)?.parentCode ?? null;
    }
  }
  if (problems.length > 0) throw refused(problems);

  for (const r of rows.values()) {
    await db
      .insertInto('activity')
      .values({ code: r.code, name: r.name, parent_code: r.parent })
      .onConflict((oc) => oc.column('code').doUpdateSet({ name: r.name, parent_code: r.parent }))
      .execute();
  }
  return {
    activities: rows.size,
    explicitParents: [...rows.values()].filter((r) => r.parent !== null).length,
  };
}

function refused(problems: readonly CellProblem[]): AppError {
  return new AppError(
    'TEMPLATE_REFUSED',
    [
      `verksamhetsfilen har ${problems.length} fel; inget importerades:`,
      ...problems.slice(0, 50).map(describeProblem),
    ].join('\n  '),
  );
}
