import type { Kysely } from 'kysely';
import type { BalansDb } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import {
  describeProblem,
  readTable,
  writeTable,
  type CellProblem,
  type TableCell,
  type TableFormat,
} from '../files/table-file.ts';
import { findOrgUnits } from '../organisation/organisation.service.ts';
import { AppError } from '../shared/app-error.ts';
import { parseTkr, type Ore } from '../shared/money.ts';
import { parseStatus } from './action-plan.ts';
import * as repo from './action-plan.repository.ts';
import {
  actionPlans,
  createAtgard,
  updateAtgard,
  type AtgardInput,
  type Viewer,
} from './action-plan.service.ts';

/**
 * The municipality's measures spreadsheet (XLSX or CSV), one measure a row:
 * verksamhet, titel, beskrivning, start (YYYY-MM), helarseffekt_tkr, effekt_ar_tkr (optional: an
 * override of the pro-rata effect), status, statustext — and optionally ar (the plan's year),
 * ansvarig_enhet (an org code) and motivering (why the effect this year was written by hand).
 */
export const ATGARD_COLUMNS = [
  'verksamhet',
  'titel',
  'beskrivning',
  'start',
  'helarseffekt_tkr',
  'effekt_ar_tkr',
  'status',
  'statustext',
] as const;
const OPTIONAL_COLUMNS = ['ar', 'ansvarig_enhet', 'motivering'] as const;

export interface AtgardImportSummary {
  file: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
}

interface ParsedRow {
  row: number;
  atgardskravId: number;
  input: Omit<AtgardInput, 'atgardskravId'>;
}

/**
 * Imports measures from the spreadsheet, all or nothing: every bad row is listed with its row and
 * column and nothing is imported. A row whose plan already has a measure with the same title
 * changes that measure; other rows add measures. Measures missing from the file stay as they are.
 */
export async function importAtgarder(
  handle: BalansDb,
  viewer: Viewer,
  file: { name: string; bytes: Buffer },
  options: { year?: number } = {},
): Promise<AtgardImportSummary> {
  const table = await readTable(file.name, file.bytes);
  const problems: CellProblem[] = [];
  const problem = (row: number, column: string, message: string) =>
    problems.push({ sheet: table.sheet, row, column, message });
  for (const column of ATGARD_COLUMNS.filter((c) => c !== 'effekt_ar_tkr'))
    if (!table.columns.includes(column)) problem(1, column, `kolumnen "${column}" saknas`);
  if (problems.length > 0) throw refused(file.name, problems);

  const plans = await repo.findAtgardskrav(handle.db, {});
  const units = await findOrgUnits(handle.db);
  const parsed: ParsedRow[] = [];
  const seen = new Map<string, number>();
  for (const { row, cells } of table.rows) {
    const text = (c: string) => String(cells[c] ?? '').trim();
    const amount = (c: string): Ore | undefined => {
      const cell: TableCell = cells[c] ?? '';
      if (String(cell).trim() === '') return undefined;
      const value = parseTkr(cell);
      if (value === undefined)
        problem(row, c, `"${String(cell)}" är inget belopp i tkr (t.ex. 2 750 eller 67,5)`);
      return value;
    };
    const startText = text('start').replace(/^(\d{4})(\d{2})$/, '$1-$2');
    const startMatch = /^(\d{4})-(\d{1,2})$/.exec(startText);
    if (!startMatch || Number(startMatch[2]) < 1 || Number(startMatch[2]) > 12)
      problem(row, 'start', `"${text('start')}" är ingen månad (skriv ÅÅÅÅ-MM, t.ex. 2023-10)`);
    const yearText = text('ar');
    const year =
      yearText !== '' ? Number(yearText) : (options.year ?? Number(startMatch?.[1] ?? NaN));
    if (yearText !== '' && !/^\d{4}$/.test(yearText))
      problem(row, 'ar', `"${yearText}" är inget år`);
    const verksamhet = text('verksamhet');
    const plan =
      plans.find((p) => p.year === year && p.verksamhet === verksamhet && p.ansvar === '') ??
      plans.find((p) => p.year === year && p.name.toLowerCase() === verksamhet.toLowerCase());
    if (verksamhet === '') problem(row, 'verksamhet', 'verksamheten saknas');
    else if (!plan && Number.isInteger(year))
      problem(
        row,
        'verksamhet',
        `verksamheten "${verksamhet}" har inget åtgärdskrav för ${year}: lägg in åtgärdskravet först`,
      );
    const title = text('titel');
    if (title === '') problem(row, 'titel', 'titeln saknas');
    const key = `${plan?.id ?? verksamhet}|${title.toLowerCase()}`;
    if (title !== '' && seen.has(key))
      problem(
        row,
        'titel',
        `"${title}" finns redan på rad ${seen.get(key) ?? 0} för samma verksamhet`,
      );
    seen.set(key, row);
    const helarseffekt = amount('helarseffekt_tkr');
    if (helarseffekt === undefined && text('helarseffekt_tkr') === '')
      problem(
        row,
        'helarseffekt_tkr',
        'helårseffekten saknas (skriv 0 om den inte går att uppskatta)',
      );
    const effekt = amount('effekt_ar_tkr');
    const status = parseStatus(text('status'));
    if (!status)
      problem(
        row,
        'status',
        `"${text('status')}" är ingen status (planerad, pågående, genomförd, ej genomförbar, uppskjuten)`,
      );
    const owner = text('ansvarig_enhet');
    if (owner !== '' && !units.has(owner))
      problem(row, 'ansvarig_enhet', `enheten "${owner}" finns inte i organisationen`);
    if (!plan || helarseffekt === undefined || !status || title === '' || !startMatch) continue;
    parsed.push({
      row,
      atgardskravId: plan.id,
      input: {
        title,
        description: text('beskrivning'),
        start: startText,
        helarseffekt,
        override:
          effekt === undefined
            ? null
            : {
                effektAr: effekt,
                reason: text('motivering') || `angiven i ${file.name}, rad ${row}`,
              },
        status,
        statustext: text('statustext'),
        ...(owner === '' ? {} : { ownerUnit: owner }),
      },
    });
  }
  if (problems.length > 0) throw refused(file.name, problems);

  // One transaction: the service calls below run in it, so a refusal of any row undoes them all.
  return handle.transaction(async (tx) => {
    const inTx: BalansDb = { ...handle, db: tx.db, transaction: (work) => work(tx) };
    const existing = await repo.findAtgarder(tx.db, {
      atgardskravIds: [...new Set(parsed.map((p) => p.atgardskravId))],
    });
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    for (const row of parsed) {
      const match = existing.find(
        (a) =>
          a.atgardskravId === row.atgardskravId &&
          a.title.toLowerCase() === row.input.title.toLowerCase(),
      );
      try {
        if (!match) {
          await createAtgard(inTx, viewer, { ...row.input, atgardskravId: row.atgardskravId });
          created += 1;
          continue;
        }
        const same =
          match.description === row.input.description &&
          `${Math.floor(match.start / 100)}-${String(match.start % 100).padStart(2, '0')}` ===
            row.input.start.replace(/-(\d)$/, '-0$1') &&
          match.helarseffekt === row.input.helarseffekt &&
          (match.override?.effektAr ?? null) === (row.input.override?.effektAr ?? null) &&
          match.status === row.input.status &&
          match.statustext === row.input.statustext &&
          (row.input.ownerUnit === undefined || row.input.ownerUnit === match.ownerUnit);
        if (same) {
          unchanged += 1;
          continue;
        }
        const input = { ...row.input, version: match.version };
        // A file without a reason keeps the reason already written for the same override.
        if (
          match.override &&
          row.input.override &&
          match.override.effektAr === row.input.override.effektAr
        )
          input.override = match.override;
        await updateAtgard(inTx, viewer, match.id, input);
        updated += 1;
      } catch (error) {
        if (error instanceof AppError && error.code !== 'CONFLICT')
          throw refused(
            file.name,
            [{ sheet: table.sheet, row: row.row, column: 'titel', message: error.message }],
            error.code === 'FORBIDDEN',
          );
        throw error;
      }
    }
    return { file: file.name, rows: parsed.length, created, updated, unchanged };
  });
}

function refused(fileName: string, problems: readonly CellProblem[], forbidden = false): AppError {
  return new AppError(
    forbidden ? 'FORBIDDEN' : 'TEMPLATE_REFUSED',
    [
      `${fileName}: ${problems.length} fel; inget importerades:`,
      ...problems.slice(0, 50).map(describeProblem),
    ].join('\n  '),
    {
      problems: problems.map((p) => ({
        sheet: p.sheet,
        row: p.row,
        column: p.column,
        message: p.message,
      })),
    },
  );
}

const tkrText = (ore: Ore): TableCell => {
  const negative = ore < 0n;
  const abs = negative ? -ore : ore;
  const whole = abs / 100_000n;
  const rest = abs % 100_000n;
  const text =
    rest === 0n
      ? whole.toString()
      : `${whole}.${(rest / 100n).toString().padStart(3, '0').replace(/0+$/, '')}`;
  return Number(negative ? `-${text}` : text);
};

/** The measures of a year as the same spreadsheet, to edit and import again. */
export async function exportAtgarder(
  db: Kysely<Database>,
  viewer: Viewer,
  year: number,
  format: TableFormat,
): Promise<Buffer> {
  const plans = await actionPlans(db, viewer, { year });
  const rows = plans.flatMap((p) =>
    p.atgarder.map((a) => [
      p.verksamhet || p.name,
      a.title,
      a.description,
      `${Math.floor(a.start / 100)}-${String(a.start % 100).padStart(2, '0')}`,
      tkrText(a.helarseffekt),
      a.isOverride ? tkrText(a.effektAr) : '',
      a.status,
      a.statustext,
      year,
      a.ownerUnit ?? '',
      a.overrideReason ?? '',
    ]),
  );
  return writeTable(format, 'Åtgärder', [...ATGARD_COLUMNS, ...OPTIONAL_COLUMNS], rows);
}
