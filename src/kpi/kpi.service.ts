import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError } from '../shared/app-error.ts';
import {
  formatTarget,
  meetsTarget,
  parseDecimal,
  parseTarget,
  isComparator,
  type KpiTarget,
} from './kpi.ts';
import * as repo from './kpi.repository.ts';

export interface KpiLine {
  code: string;
  name: string;
  unit: string;
  /** Exact decimal text ("64.6"), or null when no value is known by the date. */
  outcome: string | null;
  /** The months the outcome covers, "2023-01" … "2023-03". */
  period: { from: string; to: string } | null;
  target: (KpiTarget & { text: string }) | null;
  /** null when there is no outcome or no target. */
  meetsTarget: boolean | null;
}

const periodText = (p: number) => `${Math.floor(p / 100)}-${String(p % 100).padStart(2, '0')}`;

/**
 * The key figures for an activity at a date: each one's latest outcome within the year up to the
 * date's month, and the year's target (the activity's own, else the administration's).
 */
export async function kpiLines(
  db: Kysely<Database>,
  query: { codes: readonly string[]; verksamhet: string; year: number; throughPeriod: number },
): Promise<KpiLine[]> {
  const codes = [...new Set(query.codes)];
  const kpis = await repo.findKpis(db, codes);
  const targets = await repo.findTargets(db, codes, query.year);
  const values = await repo.findValues(db, codes, query.year * 100 + 1, query.throughPeriod);
  const forActivity = <T extends { verksamhet: string; indicator_code: string }>(
    rows: T[],
    code: string,
  ) =>
    rows.filter((r) => r.indicator_code === code && r.verksamhet === query.verksamhet).at(-1) ??
    rows.filter((r) => r.indicator_code === code && r.verksamhet === '').at(-1);
  return codes.map((code) => {
    const kpi = kpis.get(code);
    const value = forActivity(values, code);
    const targetRow = forActivity(targets, code);
    const target =
      targetRow?.kind === 'value' &&
      targetRow.comparator !== null &&
      isComparator(targetRow.comparator) &&
      targetRow.value !== null
        ? {
            comparator: targetRow.comparator,
            value: parseDecimal(targetRow.value) ?? targetRow.value,
          }
        : null;
    const outcome = value ? (parseDecimal(value.value) ?? value.value) : null;
    return {
      code,
      name: kpi?.name ?? code,
      unit: kpi?.unit ?? '',
      outcome,
      period: value
        ? { from: periodText(value.period_from), to: periodText(value.period_to) }
        : null,
      target: target ? { ...target, text: formatTarget(target, kpi?.unit ?? '') } : null,
      meetsTarget: outcome !== null && target ? meetsTarget(outcome, target) : null,
    };
  });
}

function period(text: string, what: string): number {
  const match = /^(\d{4})-(\d{2})$/.exec(text);
  const month = Number(match?.[2]);
  if (!match || month < 1 || month > 12)
    throw new AppError('INVALID_ARGUMENT', `${what} "${text}": skriv månaden som ÅÅÅÅ-MM`);
  return Number(match[1]) * 100 + month;
}

/** Defines or renames a key figure. */
export async function setKpi(
  db: Kysely<Database>,
  kpi: { code: string; name: string; unit?: string; description?: string },
): Promise<void> {
  if (!/^[\w.-]{1,40}$/.test(kpi.code))
    throw new AppError(
      'INVALID_ARGUMENT',
      `nyckeltalets kod "${kpi.code}": bokstäver, siffror, . _ -`,
    );
  await repo.upsertKpi(db, {
    code: kpi.code,
    name: kpi.name,
    unit: kpi.unit ?? '',
    description: kpi.description ?? '',
  });
}

async function requireKpi(db: Kysely<Database>, code: string): Promise<void> {
  if (!(await repo.findKpis(db, [code])).has(code))
    throw new AppError(
      'NOT_FOUND',
      `nyckeltalet "${code}" finns inte: lägg in det först (balans kpi set)`,
    );
}

/** An outcome for some months: utförandegrad 64,6 for 2023-01…2023-03. */
export async function setKpiValue(
  db: Kysely<Database>,
  input: {
    code: string;
    value: string;
    from: string;
    to: string;
    verksamhet?: string;
    source?: string;
  },
): Promise<void> {
  await requireKpi(db, input.code);
  const value = parseDecimal(input.value);
  if (value === undefined)
    throw new AppError('INVALID_ARGUMENT', `värdet "${input.value}" är inte ett tal (t.ex. 64,6)`);
  const from = period(input.from, 'från');
  const to = period(input.to, 'till');
  if (from > to)
    throw new AppError('INVALID_ARGUMENT', `från ${input.from} ligger efter till ${input.to}`);
  await repo.upsertValue(db, {
    kpiCode: input.code,
    verksamhet: input.verksamhet ?? '',
    periodFrom: from,
    periodTo: to,
    value,
    source: input.source ?? '',
  });
}

/** A target for a year: "≥ 70", "< 5". */
export async function setKpiTarget(
  db: Kysely<Database>,
  input: { code: string; year: number; target: string; verksamhet?: string },
): Promise<void> {
  await requireKpi(db, input.code);
  const target = parseTarget(input.target);
  if (!target)
    throw new AppError(
      'INVALID_ARGUMENT',
      `målet "${input.target}": skriv t.ex. ">= 70" eller "< 5"`,
    );
  await repo.upsertTarget(db, {
    kpiCode: input.code,
    verksamhet: input.verksamhet ?? '',
    year: input.year,
    comparator: target.comparator,
    value: target.value,
  });
}
