import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import * as ledgerRepo from '../ledger/ledger.repository.ts';
import { AppError } from '../shared/app-error.ts';
import { periodsBetween } from '../shared/dates.ts';
import { findOrgUnits } from '../organisation/organisation.service.ts';
import { buildHierarchy, type ActivityNode } from './activity-hierarchy.ts';
import { classify, inRange } from './classification.ts';
import * as repo from './reports.repository.ts';
import type { ReportGroup } from './reports.repository.ts';
import {
  driftredovisning,
  driftresultat,
  investeringsredovisning,
  verksamhetsanalys,
  type DriftInput,
  type Driftredovisning,
  type RoundingOptions,
} from './reports.ts';
import type { Unit } from './rounding.ts';

export interface ReportQuery {
  /** The calendar year in which the fiscal year starts. */
  year: number;
  /** Year to date through this month of the fiscal year (1–12); the whole year when undefined. */
  throughMonth?: number;
  unit?: Unit;
  tie?: boolean;
  /** Budget version by name; the year's current one when undefined. */
  budgetVersion?: string;
  /** Only these ansvar: a manager's part of the organisation (set by the API from the signed-in user). */
  ansvar?: ReadonlySet<string>;
  /** driftredovisning by verksamhet: the children of this activity as rows (e.g. 51's sixteen), instead of the top level. */
  node?: string;
  /** driftredovisning: per verksamhet (the activity tree, default), per ansvar, or per verksamhetsområde of the organisation. */
  by?: 'verksamhet' | 'ansvar' | 'verksamhetsomrade';
}

async function fiscalYear(db: Kysely<Database>, year: number) {
  const found = await ledgerRepo.findFiscalYearStartingIn(db, year);
  if (!found) throw new AppError('NOT_FOUND', `inget räkenskapsår som börjar ${year} är inläst`);
  return found;
}

async function budgetVersionId(
  db: Kysely<Database>,
  fiscalYearId: number,
  name: string | undefined,
): Promise<number | undefined> {
  const version = await ledgerRepo.findBudgetVersion(db, fiscalYearId, name);
  if (!version && name !== undefined)
    throw new AppError('NOT_FOUND', `räkenskapsåret har ingen budgetversion som heter "${name}"`);
  return version?.id;
}

interface Loaded {
  input: DriftInput;
  warnings: string[];
  year: number;
}

async function load(db: Kysely<Database>, query: ReportQuery, group: ReportGroup): Promise<Loaded> {
  const year = await fiscalYear(db, query.year);
  let throughPeriod: number | undefined;
  if (query.throughMonth !== undefined) {
    const periods = periodsBetween(year.start, year.end);
    throughPeriod = periods[query.throughMonth - 1];
    if (throughPeriod === undefined)
      throw new AppError(
        'INVALID_ARGUMENT',
        `--through-month ${query.throughMonth}: räkenskapsåret har ${periods.length} månader`,
      );
  }
  const versionId = await budgetVersionId(db, year.id, query.budgetVersion);
  const scope = {
    group,
    fiscalYearId: year.id,
    ...(throughPeriod === undefined ? {} : { throughPeriod }),
    ...(query.ansvar === undefined ? {} : { ansvar: [...query.ansvar] }),
  };
  const utfall = await repo.sumByKontoAndGroup(db, scope);
  const budget =
    versionId === undefined
      ? []
      : await repo.sumByKontoAndGroup(db, { ...scope, budgetVersionId: versionId });
  const lines = await repo.findReportLines(db);
  const classification = classify(new Set([...utfall, ...budget].map((s) => s.konto)), lines);
  const names = await repo.objectNames(db, group);
  // The activity tree: the activity table (names, explicit parents), the verksamhet objects of the
  // ledger, and any code the figures use; parents by longest prefix where none is given.
  const activityRows = group === 'verksamhet' ? await repo.findActivities(db) : [];
  if (group === 'verksamhet') {
    const known = new Set(activityRows.map((a) => a.code));
    const add = (code: string, name: string) => {
      if (code === '' || known.has(code)) return;
      known.add(code);
      activityRows.push({ code, name, parentCode: null });
    };
    for (const [code, name] of names) add(code, name);
    for (const s of [...utfall, ...budget]) add(s.group, s.group);
  }
  const activities = buildHierarchy(activityRows);
  const warnings = classification.unclassified.map(
    (konto) => `konto ${konto} ingår inte i någon rapportrad och är inte med i rapporten`,
  );
  if (versionId === undefined)
    warnings.push(`räkenskapsåret ${year.start.slice(0, 4)} har ingen budget`);
  return {
    input: {
      utfall,
      budget,
      classification,
      lines,
      activities,
      names,
      tree: group === 'verksamhet',
    },
    warnings,
    year: Number(year.start.slice(0, 4)),
  };
}

function rounding(query: ReportQuery): RoundingOptions {
  return { unit: query.unit ?? 'tkr', tie: query.tie ?? false };
}

/** The activities below a node, re-rooted so that the node's children are the tops (the node itself stays, for money booked on it). */
function subtreeOf(
  node: string,
  activities: ReadonlyMap<string, ActivityNode>,
): Map<string, ActivityNode> {
  const result = new Map<string, ActivityNode>();
  for (const activity of activities.values()) {
    let current: string | null = activity.code;
    const seen = new Set<string>();
    while (current !== null && current !== node && !seen.has(current)) {
      seen.add(current);
      current = activities.get(current)?.parent ?? null;
    }
    if (current !== node) continue;
    const parent = activity.code === node || activity.parent === node ? null : activity.parent;
    result.set(activity.code, { ...activity, parent });
  }
  return result;
}

/** The organisation as a tree whose tops are the verksamhetsområden: område → enhet → ansvar. */
async function organisationTree(db: Kysely<Database>): Promise<Map<string, ActivityNode>> {
  const units = await findOrgUnits(db);
  const nodes = new Map<string, ActivityNode>();
  for (const unit of units.values()) {
    if (unit.level === 'forvaltning') continue;
    const parent = unit.parent === null ? null : units.get(unit.parent);
    nodes.set(unit.code, {
      code: unit.code,
      name: unit.name,
      parent:
        unit.level === 'verksamhetsomrade' || !parent || parent.level === 'forvaltning'
          ? null
          : parent.code,
    });
  }
  return nodes;
}

export async function driftredovisningReport(db: Kysely<Database>, query: ReportQuery) {
  const byOrganisation = query.by === 'verksamhetsomrade';
  const loaded = await load(
    db,
    query,
    byOrganisation || query.by === 'ansvar' ? 'ansvar' : 'verksamhet',
  );
  if (query.node !== undefined && (byOrganisation || query.by === 'ansvar')) {
    throw new AppError(
      'INVALID_ARGUMENT',
      '--node delar upp en verksamhet: det går bara att använda med rapporten per verksamhet, inte per ansvar eller verksamhetsområde',
    );
  }
  if (query.node !== undefined) {
    const subtree = subtreeOf(query.node, loaded.input.activities);
    if (subtree.size === 0)
      throw new AppError('NOT_FOUND', `det finns ingen verksamhet "${query.node}"`);
    const within = (s: { group: string }) => subtree.has(s.group);
    loaded.input = {
      ...loaded.input,
      utfall: loaded.input.utfall.filter(within),
      budget: loaded.input.budget.filter(within),
      activities: subtree,
    };
  }
  if (byOrganisation) {
    const tree = await organisationTree(db);
    if (tree.size === 0)
      loaded.warnings.push(
        'ingen organisation är inläst: importera den med balans import organisation',
      );
    loaded.input = { ...loaded.input, activities: tree, tree: true };
  }
  const report: Driftredovisning = driftredovisning(loaded.input, rounding(query));
  return {
    report: 'driftredovisning' as const,
    year: loaded.year,
    ...(query.throughMonth === undefined ? {} : { throughMonth: query.throughMonth }),
    ...(query.node === undefined ? {} : { node: query.node }),
    unit: query.unit ?? 'tkr',
    ...report,
    warnings: loaded.warnings,
  };
}

export async function verksamhetsanalysReport(db: Kysely<Database>, query: ReportQuery) {
  const loaded = await load(db, query, 'verksamhet');
  return {
    report: 'verksamhetsanalys' as const,
    year: loaded.year,
    ...(query.throughMonth === undefined ? {} : { throughMonth: query.throughMonth }),
    unit: query.unit ?? 'tkr',
    rows: verksamhetsanalys(loaded.input, query.unit ?? 'tkr'),
    warnings: loaded.warnings,
  };
}

export async function driftresultatReport(db: Kysely<Database>, query: ReportQuery) {
  const loaded = await load(db, query, 'verksamhet');
  const previousYear = await ledgerRepo.findFiscalYearStartingIn(db, query.year - 1);
  // Year to date: last year's figures through the same month of its fiscal year.
  const previousThrough =
    previousYear && query.throughMonth !== undefined
      ? periodsBetween(previousYear.start, previousYear.end)[query.throughMonth - 1]
      : undefined;
  const previous = previousYear
    ? await repo.sumByKontoAndGroup(db, {
        group: 'verksamhet',
        fiscalYearId: previousYear.id,
        ...(previousThrough === undefined ? {} : { throughPeriod: previousThrough }),
        ...(query.ansvar === undefined ? {} : { ansvar: [...query.ansvar] }),
      })
    : [];
  const classification = classify(
    new Set([...loaded.input.utfall, ...loaded.input.budget, ...previous].map((s) => s.konto)),
    loaded.input.lines,
  );
  const warnings = [...loaded.warnings];
  if (!previousYear)
    warnings.push(`räkenskapsåret ${query.year - 1} finns inte: bokslut föregående år visas som 0`);
  return {
    report: 'driftresultat' as const,
    year: loaded.year,
    ...(query.throughMonth === undefined ? {} : { throughMonth: query.throughMonth }),
    unit: query.unit ?? 'tkr',
    rows: driftresultat(
      {
        previous,
        current: loaded.input.utfall,
        budget: loaded.input.budget,
        classification,
        lines: loaded.input.lines,
      },
      query.unit ?? 'tkr',
    ),
    warnings,
  };
}

export async function investeringsredovisningReport(db: Kysely<Database>, query: ReportQuery) {
  const loaded = await load(db, query, 'projekt');
  const investmentRanges = loaded.input.lines.find((l) => l.key === 'investeringar')?.ranges ?? [];
  const investmentAccounts = (konto: string) => investmentRanges.some((r) => inRange(konto, r));
  // A project belongs to the ansvar that book on it. A manager (query.ansvar) sees only the projects
  // their ansvar book investments on, in outcome or budget; a project booked on no ansvar is the
  // whole administration's, and only those who see everything see it, its name and comment.
  const booked = new Set(
    [...loaded.input.utfall, ...loaded.input.budget]
      .filter((s) => s.group !== '' && investmentAccounts(s.konto))
      .map((s) => s.group),
  );
  const projects = new Map(
    (await repo.findInvestmentProjects(db))
      .filter((p) => query.ansvar === undefined || booked.has(p.code))
      .map((p) => [p.code, { name: p.name, comment: p.comment, carryOver: p.carry_over_ore }]),
  );
  const result = investeringsredovisning(
    {
      utfall: loaded.input.utfall,
      budget: loaded.input.budget,
      investmentAccounts,
      projects,
      names: loaded.input.names,
    },
    query.unit ?? 'tkr',
  );
  return {
    report: 'investeringsredovisning' as const,
    year: loaded.year,
    unit: query.unit ?? 'tkr',
    ...result,
    warnings: loaded.warnings.filter((w) => !w.startsWith('konto')),
  };
}

export const REPORTS = {
  driftredovisning: driftredovisningReport,
  driftresultat: driftresultatReport,
  verksamhetsanalys: verksamhetsanalysReport,
  investeringsredovisning: investeringsredovisningReport,
} as const;

export type ReportName = keyof typeof REPORTS;

export type AnyReport = Awaited<ReturnType<(typeof REPORTS)[ReportName]>>;

/** Any report by name: the same function for the CLI and (later) the HTTP API. */
export function runReport(
  db: Kysely<Database>,
  name: ReportName,
  query: ReportQuery,
): Promise<AnyReport> {
  switch (name) {
    case 'driftredovisning':
      return driftredovisningReport(db, query);
    case 'driftresultat':
      return driftresultatReport(db, query);
    case 'verksamhetsanalys':
      return verksamhetsanalysReport(db, query);
    case 'investeringsredovisning':
      return investeringsredovisningReport(db, query);
  }
}
