import type { Kysely } from 'kysely';
import { writeAudit } from '../audit/audit.service.ts';
import { seesEverything, type Role } from '../auth/auth.ts';
import { knownObjects } from '../budget/budget.repository.ts';
import type { BalansDb } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { findKpis } from '../kpi/kpi.repository.ts';
import { kpiLines, type KpiLine } from '../kpi/kpi.service.ts';
import * as ledgerRepo from '../ledger/ledger.repository.ts';
import { findOrgUnits } from '../organisation/organisation.service.ts';
import { withinScope, type OrgUnit } from '../organisation/organisation.ts';
import { roundToUnit } from '../reports/rounding.ts';
import { AppError } from '../shared/app-error.ts';
import { monthName } from '../shared/dates.ts';
import type { Ore } from '../shared/money.ts';
import {
  changesBetween,
  countsInTotals,
  effektAr,
  gap,
  isAtgardStatus,
  planTotals,
  plannedToDate,
  ATGARD_STATUSES,
  type AtgardChange,
  type AtgardState,
  type AtgardStatus,
  type Period,
  type PlanTotals,
} from './action-plan.ts';
import * as repo from './action-plan.repository.ts';
import type { Atgard, AtgardLink, Atgardskrav } from './action-plan.repository.ts';

/** Who is asking: what they may see and change, and their name for the audit log. */
export interface Viewer {
  actor: string;
  role: Role;
  /** Org codes of a manager's scope (empty for those who see everything). */
  scope: readonly string[];
  /** The ansvar a manager may see; undefined = everything. */
  visibleAnsvar?: ReadonlySet<string>;
}

/** The command line acts as the controller. */
export function cliViewer(actor: string): Viewer {
  return { actor, role: 'controller', scope: [] };
}

const periodText = (p: Period) => `${Math.floor(p / 100)}-${String(p % 100).padStart(2, '0')}`;

function parsePeriod(text: string, where: string): Period {
  const match = /^(\d{4})-(\d{1,2})$/.exec(text.trim());
  const month = Number(match?.[2]);
  if (!match || month < 1 || month > 12)
    throw new AppError(
      'INVALID_ARGUMENT',
      `${where}: "${text}" är ingen månad (skriv ÅÅÅÅ-MM, t.ex. 2023-10)`,
    );
  return Number(match[1]) * 100 + month;
}

function isoDate(text: string): { date: string; year: number; period: Period } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const parsed = match ? new Date(`${text}T00:00:00Z`) : undefined;
  if (
    !match ||
    !parsed ||
    Number.isNaN(parsed.getTime()) ||
    parsed.toISOString().slice(0, 10) !== text
  )
    throw new AppError('INVALID_ARGUMENT', `datumet "${text}" ska skrivas ÅÅÅÅ-MM-DD`);
  return { date: text, year: Number(match[1]), period: Number(match[1]) * 100 + Number(match[2]) };
}

// ---------------------------------------------------------------------------------------------
// Who may do what

/** The controller changes every measure; a verksamhets- or enhetschef those their units own. */
function mayEditAtgard(
  viewer: Viewer,
  ownerUnit: string | null,
  units: ReadonlyMap<string, OrgUnit>,
): boolean {
  if (viewer.role === 'controller') return true;
  if (viewer.role !== 'verksamhetschef' && viewer.role !== 'enhetschef') return false;
  return ownerUnit !== null && withinScope(ownerUnit, viewer.scope, units);
}

/**
 * The ansvar whose figures a viewer may see: a manager's subtrees, undefined = everything. The API
 * hands the set over (visibleAnsvar); a viewer built without it gets it from the organisation.
 */
function visibleAnsvarOf(
  viewer: Viewer,
  units: ReadonlyMap<string, OrgUnit>,
): ReadonlySet<string> | undefined {
  if (viewer.visibleAnsvar !== undefined) return viewer.visibleAnsvar;
  if (seesEverything(viewer.role)) return undefined;
  return new Set(
    [...units.values()]
      .filter((u) => u.level === 'ansvar' && withinScope(u.code, viewer.scope, units))
      .map((u) => u.code),
  );
}

const sameLink = (a: AtgardLink, b: AtgardLink) =>
  a.ansvar === b.ansvar && a.kontoPrefix === b.kontoPrefix;

/** A link the viewer may not see: to an ansvar outside their part of the organisation. */
function isHiddenLink(link: AtgardLink, visible: ReadonlySet<string> | undefined): boolean {
  return visible !== undefined && link.ansvar !== '' && !visible.has(link.ansvar);
}

/**
 * Whether a manager may put measures in a plan: its ansvar lies within their scope, or (a plan of an
 * activity) their ansvar book on the activity in the plan's year. The controller may in every plan.
 */
async function planWithinScope(
  db: Kysely<Database>,
  viewer: Viewer,
  plan: Atgardskrav,
  units: ReadonlyMap<string, OrgUnit>,
): Promise<boolean> {
  if (viewer.role === 'controller') return true;
  if (plan.ansvar !== '') return withinScope(plan.ansvar, viewer.scope, units);
  const visible = visibleAnsvarOf(viewer, units);
  if (visible === undefined) return false;
  const fiscal = await ledgerRepo.findFiscalYearStartingIn(db, plan.year);
  return (
    fiscal !== undefined &&
    (await repo.activitiesOfAnsvar(db, fiscal.id, [...visible])).has(plan.verksamhet)
  );
}

/**
 * The largest amount a requirement or a measure's effect may have: 1 000 000 tkr (1 Mdkr), far
 * beyond any one activity's, so that a slip of the keyboard cannot move a plan's gap by billions.
 */
export const MAX_AMOUNT: Ore = 1_000_000n * 100_000n;

function checkAmount(amount: Ore, what: string): void {
  if (amount > MAX_AMOUNT || amount < -MAX_AMOUNT)
    throw new AppError(
      'INVALID_ARGUMENT',
      `${what} får vara högst 1 000 000 tkr (plus eller minus): kontrollera beloppet`,
    );
}

function requireController(viewer: Viewer, what: string): void {
  if (viewer.role !== 'controller')
    throw new AppError('FORBIDDEN', `bara ekonom/controller får ${what}`);
}

// ---------------------------------------------------------------------------------------------
// The plans as they stand

export interface AtgardView extends AtgardState {
  start: Period;
  countsInTotals: boolean;
  kpis: string[];
  /** The links the viewer may see: a manager is not shown those to other units' ansvar. */
  links: AtgardLink[];
  version: number;
  updatedAt: Date;
  updatedBy: string;
  mayEdit: boolean;
  /** Budget and outcome to date on the measure's ledger links, with the effect planned by then (net cost, öre). */
  ledger?: {
    through: string;
    /** False when the year has no budget: budget and avvikelse are then 0 and say nothing. */
    hasBudget: boolean;
    budget: Ore;
    utfall: Ore;
    avvikelse: Ore;
    plannedToDate: Ore;
    /**
     * True when the links reach ansvar outside the viewer's part of the organisation: the figures
     * are then those of the viewer's own ansvar only ("siffrorna gäller bara dina enheter").
     */
    limitedToScope: boolean;
  };
}

/** A requirement as stored, with its measures and key figures worked out. */
export interface PlanView extends Omit<Atgardskrav, 'kpis'> {
  /** The key figures linked to the requirement itself. */
  kpiCodes: string[];
  /** Those and the measures' key figures, as of the month asked for. */
  kpis: KpiLine[];
  atgarder: AtgardView[];
  totals: PlanTotals;
  gap: PlanTotals;
}

function stateOf(atgard: Atgard, year: number): AtgardState {
  const effect = effektAr(atgard, year);
  return {
    id: atgard.id,
    atgardskravId: atgard.atgardskravId,
    title: atgard.title,
    description: atgard.description,
    ownerUnit: atgard.ownerUnit,
    start: atgard.start,
    helarseffekt: atgard.helarseffekt,
    effektAr: effect.effektAr,
    isOverride: effect.isOverride,
    overrideReason: atgard.override?.reason ?? null,
    status: atgard.status,
    statustext: atgard.statustext,
  };
}

/** The plans of a year a viewer may see: a manager's ansvar, their units' measures, the activities their ansvar book on. */
async function visiblePlans(
  db: Kysely<Database>,
  viewer: Viewer,
  plans: readonly Atgardskrav[],
  atgarder: readonly Atgard[],
  units: ReadonlyMap<string, OrgUnit>,
): Promise<Atgardskrav[]> {
  if (viewer.role === 'namnd')
    throw new AppError(
      'FORBIDDEN',
      'nämnden läser färdiga rapporter; arbetsmaterialet är förvaltningens',
    );
  if (viewer.visibleAnsvar === undefined) return [...plans];
  const visible = viewer.visibleAnsvar;
  const years = [...new Set(plans.map((p) => p.year))];
  const activities = new Map<number, Set<string>>();
  for (const year of years) {
    const fiscal = await ledgerRepo.findFiscalYearStartingIn(db, year);
    activities.set(
      year,
      fiscal ? await repo.activitiesOfAnsvar(db, fiscal.id, [...visible]) : new Set(),
    );
  }
  return plans.filter(
    (p) =>
      (p.ansvar !== '' && visible.has(p.ansvar)) ||
      (p.ansvar === '' && p.verksamhet !== '' && activities.get(p.year)?.has(p.verksamhet)) ||
      atgarder.some((a) => a.atgardskravId === p.id && mayEditAtgard(viewer, a.ownerUnit, units)),
  );
}

/**
 * Every plan of a year the viewer may see, with the measures' effects, totals, gap, key figures at
 * `throughPeriod` (default: December of the year) and, for measures linked to the ledger, budget
 * and outcome to that month.
 */
export async function actionPlans(
  db: Kysely<Database>,
  viewer: Viewer,
  /** withLedger: false skips the linked accounts' figures (follow-ups and the report do not show them). */
  query: { year: number; throughPeriod?: Period; withLedger?: boolean },
): Promise<PlanView[]> {
  const through = query.throughPeriod ?? query.year * 100 + 12;
  const units = await findOrgUnits(db);
  const all = await repo.findAtgardskrav(db, { year: query.year });
  const allAtgarder = await repo.findAtgarder(db, { atgardskravIds: all.map((p) => p.id) });
  const plans = await visiblePlans(db, viewer, all, allAtgarder, units);
  const fiscal = await ledgerRepo.findFiscalYearStartingIn(db, query.year);
  const budgetVersion = fiscal ? await ledgerRepo.findBudgetVersion(db, fiscal.id) : undefined;
  const visible = visibleAnsvarOf(viewer, units);
  const result: PlanView[] = [];
  for (const plan of plans) {
    const atgarder: AtgardView[] = [];
    for (const atgard of allAtgarder.filter((a) => a.atgardskravId === plan.id)) {
      const state = stateOf(atgard, plan.year);
      let ledger: AtgardView['ledger'];
      if (fiscal && atgard.links.length > 0 && query.withLedger !== false) {
        // A manager sees the figures of their own ansvar only, whatever the links reach.
        const figures = await repo.linkedFigures(db, {
          fiscalYearId: fiscal.id,
          budgetVersionId: budgetVersion?.id,
          throughPeriod: through,
          links: atgard.links,
          ...(visible === undefined ? {} : { ansvar: [...visible] }),
        });
        ledger = {
          through: periodText(through),
          hasBudget: budgetVersion !== undefined,
          budget: figures.budget,
          utfall: figures.utfall,
          avvikelse: figures.budget - figures.utfall,
          plannedToDate: plannedToDate(state.effektAr, atgard.start, plan.year, through),
          limitedToScope:
            visible !== undefined &&
            atgard.links.some((l) => l.ansvar === '' || !visible.has(l.ansvar)),
        };
      }
      atgarder.push({
        ...state,
        countsInTotals: countsInTotals(atgard.status),
        kpis: atgard.kpis,
        links: atgard.links.filter((l) => !isHiddenLink(l, visible)),
        version: atgard.version,
        updatedAt: atgard.updatedAt,
        updatedBy: atgard.updatedBy,
        mayEdit: mayEditAtgard(viewer, atgard.ownerUnit, units),
        ...(ledger ? { ledger } : {}),
      });
    }
    const totals = planTotals(atgarder);
    const kpiCodes = [...new Set([...plan.kpis, ...atgarder.flatMap((a) => a.kpis)])];
    const { kpis: planKpis, ...stored } = plan;
    result.push({
      ...stored,
      kpiCodes: planKpis,
      kpis: await kpiLines(db, {
        codes: kpiCodes,
        verksamhet: plan.verksamhet,
        year: plan.year,
        throughPeriod: through,
      }),
      atgarder,
      totals,
      gap: gap(plan.amount, totals),
    });
  }
  return result;
}

/** The years that have requirements, newest first. */
export async function planYears(db: Kysely<Database>): Promise<number[]> {
  const years = new Set((await repo.findAtgardskrav(db, {})).map((p) => p.year));
  return [...years].sort((a, b) => b - a);
}

// ---------------------------------------------------------------------------------------------
// Requirements

export interface AtgardskravInput {
  year: number;
  verksamhet?: string;
  ansvar?: string;
  name: string;
  amount: Ore;
  basis?: string;
  description?: string;
  sort?: number;
  kpis?: string[];
  /** The version read, when changing an existing requirement. */
  version?: number;
}

async function checkKpis(
  db: Kysely<Database>,
  codes: readonly string[],
  where: string,
): Promise<void> {
  const known = await findKpis(db, codes);
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length > 0)
    throw new AppError(
      'INVALID_ARGUMENT',
      `${where}: okänt nyckeltal ${unknown.join(', ')} (balans kpi set lägger in det)`,
    );
}

/** Sets the savings requirement of an activity (or ansvar) for a year: created, or changed with the version read. */
export async function setAtgardskrav(
  handle: BalansDb,
  viewer: Viewer,
  input: AtgardskravInput,
): Promise<Atgardskrav> {
  requireController(viewer, 'sätta åtgärdskrav');
  const verksamhet = input.verksamhet?.trim() ?? '';
  const ansvar = input.ansvar?.trim() ?? '';
  if (verksamhet === '' && ansvar === '')
    throw new AppError(
      'INVALID_ARGUMENT',
      'ett åtgärdskrav gäller en verksamhet eller ett ansvar: ange någon av dem',
    );
  if (input.name.trim() === '')
    throw new AppError('INVALID_ARGUMENT', 'åtgärdskravet behöver ett namn (t.ex. Hemtjänsten)');
  if (input.amount < 0n)
    throw new AppError('INVALID_ARGUMENT', 'åtgärdskravet kan inte vara negativt');
  checkAmount(input.amount, 'åtgärdskravet');
  return handle.transaction(async ({ db }) => {
    if (verksamhet !== '' && !(await knownObjects(db, 'verksamhet')).has(verksamhet))
      throw new AppError('INVALID_ARGUMENT', `okänd verksamhet "${verksamhet}"`);
    if (ansvar !== '' && !(await knownObjects(db, 'ansvar')).has(ansvar))
      throw new AppError('INVALID_ARGUMENT', `okänt ansvar "${ansvar}"`);
    await checkKpis(db, input.kpis ?? [], 'åtgärdskravet');
    const existing = (await repo.findAtgardskrav(db, { year: input.year })).find(
      (p) => p.verksamhet === verksamhet && p.ansvar === ansvar,
    );
    const fields = {
      name: input.name.trim(),
      amount: input.amount,
      basis: input.basis ?? existing?.basis ?? '',
      description: input.description ?? existing?.description ?? '',
      sort: input.sort ?? existing?.sort ?? 0,
      kpis: input.kpis ?? existing?.kpis ?? [],
    };
    let id: number;
    if (existing) {
      if (input.version !== undefined && input.version !== existing.version)
        throw conflict(`åtgärdskravet för ${existing.name}`);
      if (
        !(await repo.updateAtgardskrav(db, {
          ...fields,
          id: existing.id,
          version: existing.version,
        }))
      )
        throw conflict(`åtgärdskravet för ${existing.name}`);
      id = existing.id;
    } else {
      id = await repo.insertAtgardskrav(db, { ...fields, year: input.year, verksamhet, ansvar });
    }
    const [saved] = await repo.findAtgardskrav(db, { id });
    if (!saved) throw new AppError('NOT_FOUND', 'åtgärdskravet försvann');
    await writeAudit(db, {
      actor: viewer.actor,
      action: existing ? 'atgardskrav.update' : 'atgardskrav.create',
      target: `atgardskrav:${input.year}:${verksamhet || ansvar}`,
      ...(existing ? { before: existing } : {}),
      after: saved,
    });
    return saved;
  });
}

function conflict(what: string): AppError {
  return new AppError(
    'CONFLICT',
    `${what} är ändrat av någon annan sedan du läste det: läs in igen`,
  );
}

// ---------------------------------------------------------------------------------------------
// Measures

export interface AtgardInput {
  atgardskravId: number;
  title: string;
  description?: string;
  ownerUnit?: string | null;
  /** "2023-10" */
  start: string;
  helarseffekt: Ore;
  /** The effect this year written by hand, with why; null removes an override. */
  override?: { effektAr: Ore; reason: string } | null;
  status: string;
  statustext?: string;
  sort?: number;
  kpis?: string[];
  links?: AtgardLink[];
}

async function validAtgard(
  db: Kysely<Database>,
  viewer: Viewer,
  input: AtgardInput,
  units: ReadonlyMap<string, OrgUnit>,
  previous?: Atgard,
): Promise<repo.AtgardFields> {
  const [plan] = await repo.findAtgardskrav(db, { id: input.atgardskravId });
  if (!plan) throw new AppError('NOT_FOUND', `åtgärdskrav ${input.atgardskravId} finns inte`);
  // A new measure, or one moved to another plan, goes only into a plan of the manager's own part.
  if (
    (previous === undefined || previous.atgardskravId !== plan.id) &&
    !(await planWithinScope(db, viewer, plan, units))
  )
    throw new AppError(
      'FORBIDDEN',
      `åtgärdsplanen ${plan.name} (${plan.verksamhet || plan.ansvar}) ingår inte i ditt område: du får bara lägga in åtgärder i planerna för dina egna verksamheter`,
    );
  const title = input.title.trim();
  if (title === '' || title.length > 300)
    throw new AppError('INVALID_ARGUMENT', 'åtgärden behöver en titel (högst 300 tecken)');
  if (!isAtgardStatus(input.status))
    throw new AppError(
      'INVALID_ARGUMENT',
      `status "${input.status}" är inte en av ${ATGARD_STATUSES.join(', ')}`,
    );
  const start = parsePeriod(input.start, 'start');
  const ownerUnit = input.ownerUnit === undefined ? (previous?.ownerUnit ?? null) : input.ownerUnit;
  if (ownerUnit !== null && !units.has(ownerUnit))
    throw new AppError(
      'INVALID_ARGUMENT',
      `ansvarig enhet "${ownerUnit}" finns inte i organisationen`,
    );
  if (!mayEditAtgard(viewer, ownerUnit, units))
    throw new AppError(
      'FORBIDDEN',
      ownerUnit === null
        ? 'du får bara lägga in åtgärder för dina egna enheter: ange en ansvarig enhet inom ditt område'
        : `åtgärden ägs av ${ownerUnit}, som inte ingår i ditt område`,
    );
  const override =
    input.override === undefined ? previous?.override : (input.override ?? undefined);
  if (override && override.reason.trim() === '')
    throw new AppError('INVALID_ARGUMENT', 'en handskriven effekt för året behöver ett skäl');
  checkAmount(input.helarseffekt, 'helårseffekten');
  if (override) checkAmount(override.effektAr, 'effekten för året');
  const kpis = input.kpis ?? previous?.kpis ?? [];
  await checkKpis(db, kpis, `åtgärden "${title}"`);
  const links = [...(input.links ?? previous?.links ?? [])];
  if (input.links !== undefined && viewer.role !== 'controller') {
    // A manager links only to their own ansvar; the links the controller made beyond them (which
    // the manager does not see) stay.
    const before = previous?.links ?? [];
    const had = (link: AtgardLink) => before.some((b) => sameLink(b, link));
    for (const link of links) {
      if (had(link)) continue;
      if (link.ansvar === '')
        throw new AppError(
          'FORBIDDEN',
          `en koppling till konto ${link.kontoPrefix || '(alla)'} utan ansvar gäller hela förvaltningen: ange ett ansvar inom ditt område`,
        );
      if (!withinScope(link.ansvar, viewer.scope, units))
        throw new AppError(
          'FORBIDDEN',
          `ansvar ${link.ansvar} ingår inte i ditt område: koppla åtgärden bara till dina egna ansvar`,
        );
    }
    const visible = visibleAnsvarOf(viewer, units);
    for (const link of before)
      if (isHiddenLink(link, visible) && !links.some((l) => sameLink(l, link))) links.push(link);
  }
  const ansvar = await knownObjects(db, 'ansvar');
  for (const link of links) {
    if (link.kontoPrefix === '' && link.ansvar === '')
      throw new AppError(
        'INVALID_ARGUMENT',
        'en koppling till bokföringen anger konto, ansvar eller båda',
      );
    if (!/^\d{0,8}$/.test(link.kontoPrefix))
      throw new AppError(
        'INVALID_ARGUMENT',
        `kontot "${link.kontoPrefix}" ska vara siffror (början av kontonumret)`,
      );
    if (link.ansvar !== '' && !ansvar.has(link.ansvar))
      throw new AppError('INVALID_ARGUMENT', `okänt ansvar "${link.ansvar}" i kopplingen`);
  }
  return {
    atgardskravId: plan.id,
    title,
    description: input.description ?? previous?.description ?? '',
    ownerUnit,
    start,
    helarseffekt: input.helarseffekt,
    ...(override
      ? { override: { effektAr: override.effektAr, reason: override.reason.trim() } }
      : {}),
    status: input.status,
    statustext: input.statustext ?? previous?.statustext ?? '',
    sort: input.sort ?? previous?.sort ?? 0,
    updatedBy: viewer.actor,
    kpis,
    links,
  };
}

async function loadAtgard(db: Kysely<Database>, id: number): Promise<Atgard> {
  const [atgard] = await repo.findAtgarder(db, { id });
  if (!atgard) throw new AppError('NOT_FOUND', `åtgärd ${id} finns inte`);
  return atgard;
}

/** The audit log keeps a measure's fields, effects included, exactly. */
function audited(atgard: Atgard): Omit<Atgard, 'updatedAt'> {
  return Object.fromEntries(Object.entries(atgard).filter(([key]) => key !== 'updatedAt')) as Omit<
    Atgard,
    'updatedAt'
  >;
}

export async function createAtgard(
  handle: BalansDb,
  viewer: Viewer,
  input: AtgardInput,
): Promise<Atgard> {
  return handle.transaction(async ({ db }) => {
    const fields = await validAtgard(db, viewer, input, await findOrgUnits(db));
    // A new measure comes last in its plan unless a place is given.
    if (input.sort === undefined) {
      const siblings = await repo.findAtgarder(db, { atgardskravIds: [fields.atgardskravId] });
      fields.sort = siblings.reduce((max, a) => Math.max(max, a.sort + 1), 0);
    }
    const id = await repo.insertAtgard(db, fields);
    const saved = await loadAtgard(db, id);
    await writeAudit(db, {
      actor: viewer.actor,
      action: 'atgard.create',
      target: `atgard:${id}`,
      after: audited(saved),
    });
    return saved;
  });
}

/** Changes a measure: the version read must still be the stored one, or nothing is overwritten (409). */
export async function updateAtgard(
  handle: BalansDb,
  viewer: Viewer,
  id: number,
  input: Partial<AtgardInput> & { version: number },
): Promise<Atgard> {
  return handle.transaction(async ({ db }) => {
    const before = await loadAtgard(db, id);
    const units = await findOrgUnits(db);
    if (!mayEditAtgard(viewer, before.ownerUnit, units))
      throw new AppError(
        'FORBIDDEN',
        `åtgärden ägs av ${before.ownerUnit ?? 'ingen enhet'}, som inte ingår i ditt område`,
      );
    if (before.version !== input.version) throw conflict(`åtgärden "${before.title}"`);
    const fields = await validAtgard(
      db,
      viewer,
      {
        atgardskravId: input.atgardskravId ?? before.atgardskravId,
        title: input.title ?? before.title,
        start: input.start ?? periodText(before.start),
        helarseffekt: input.helarseffekt ?? before.helarseffekt,
        status: input.status ?? before.status,
        ...(input.description === undefined ? {} : { description: input.description }),
        ...(input.ownerUnit === undefined ? {} : { ownerUnit: input.ownerUnit }),
        ...(input.override === undefined ? {} : { override: input.override }),
        ...(input.statustext === undefined ? {} : { statustext: input.statustext }),
        ...(input.sort === undefined ? {} : { sort: input.sort }),
        ...(input.kpis === undefined ? {} : { kpis: input.kpis }),
        ...(input.links === undefined ? {} : { links: input.links }),
      },
      units,
      before,
    );
    if (!(await repo.updateAtgard(db, id, input.version, fields)))
      throw conflict(`åtgärden "${before.title}"`);
    const saved = await loadAtgard(db, id);
    await writeAudit(db, {
      actor: viewer.actor,
      action: 'atgard.update',
      target: `atgard:${id}`,
      before: audited(before),
      after: audited(saved),
    });
    return saved;
  });
}

export async function deleteAtgard(
  handle: BalansDb,
  viewer: Viewer,
  id: number,
  version: number,
): Promise<void> {
  requireController(viewer, 'ta bort åtgärder (sätt annars status "ej genomförbar")');
  await handle.transaction(async ({ db }) => {
    const before = await loadAtgard(db, id);
    if (!(await repo.deleteAtgard(db, id, version))) throw conflict(`åtgärden "${before.title}"`);
    await writeAudit(db, {
      actor: viewer.actor,
      action: 'atgard.delete',
      target: `atgard:${id}`,
      before: audited(before),
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Follow-ups and the report

/** A plan as a follow-up keeps it (and as the report reads it, live or frozen). */
export interface PlanState {
  id: number;
  year: number;
  verksamhet: string;
  ansvar: string;
  name: string;
  amount: Ore;
  basis: string;
  description: string;
  kpis: KpiLine[];
  atgarder: AtgardState[];
}

function planStates(plans: readonly PlanView[]): PlanState[] {
  return plans.map((p) => ({
    id: p.id,
    year: p.year,
    verksamhet: p.verksamhet,
    ansvar: p.ansvar,
    name: p.name,
    amount: p.amount,
    basis: p.basis,
    description: p.description,
    kpis: p.kpis,
    atgarder: p.atgarder.map((a) => ({
      id: a.id,
      atgardskravId: a.atgardskravId,
      title: a.title,
      description: a.description,
      ownerUnit: a.ownerUnit,
      start: a.start,
      helarseffekt: a.helarseffekt,
      effektAr: a.effektAr,
      isOverride: a.isOverride,
      overrideReason: a.overrideReason,
      status: a.status,
      statustext: a.statustext,
    })),
  }));
}

/** Frozen state as JSON: öre as text, so that jsonb never makes them floats when read back. */
function freeze(plans: readonly PlanState[]): string {
  return JSON.stringify(plans, (_key, value: unknown) =>
    typeof value === 'bigint' ? `${value}n` : value,
  );
}

function thaw(data: unknown): PlanState[] {
  const text = JSON.stringify(data);
  return JSON.parse(text, (_key, value: unknown) =>
    typeof value === 'string' && /^-?\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value,
  ) as PlanState[];
}

export interface UppfoljningInfo {
  id: number;
  year: number;
  date: string;
  name: string;
  createdAt: Date;
  createdBy: string;
}

/**
 * A follow-up (per 31 mars, per 31 augusti, bokslut): every requirement and measure of the date's
 * year as it stands now, with the key figures as of the date, kept unchanged from then on.
 */
export async function takeUppfoljning(
  handle: BalansDb,
  viewer: Viewer,
  input: { date: string; name?: string; year?: number },
): Promise<UppfoljningInfo & { plans: number; atgarder: number }> {
  requireController(viewer, 'göra en uppföljning av åtgärdsplanen');
  const parsed = isoDate(input.date);
  const { date } = parsed;
  // The plans' year: the date's, unless named (a bokslut dated in February follows up last year).
  const year = input.year ?? parsed.year;
  const period = Math.min(parsed.period, year * 100 + 12);
  return handle.transaction(async ({ db }) => {
    if ((await repo.findUppfoljningar(db, { date })).length > 0)
      throw new AppError(
        'CONFLICT',
        `det finns redan en uppföljning per ${date}; en uppföljning ändras inte i efterhand`,
      );
    const plans = planStates(
      await actionPlans(db, cliViewer(viewer.actor), {
        year,
        throughPeriod: period,
        withLedger: false,
      }),
    );
    if (plans.length === 0)
      throw new AppError('NOT_FOUND', `inga åtgärdskrav för ${year} att följa upp`);
    const name =
      input.name?.trim() ||
      `per ${Number(date.slice(8, 10))} ${monthName(Number(date.slice(5, 7))) ?? ''}`;
    const id = await repo.insertUppfoljning(db, {
      year,
      date,
      name,
      createdBy: viewer.actor,
      data: freeze(plans),
    });
    const atgarder = plans.reduce((n, p) => n + p.atgarder.length, 0);
    await writeAudit(db, {
      actor: viewer.actor,
      action: 'atgard.uppfoljning',
      target: `uppfoljning:${date}`,
      after: { name, plans: plans.length, atgarder },
    });
    const [saved] = await repo.findUppfoljningar(db, { date });
    return {
      id,
      year,
      date,
      name,
      createdAt: saved?.createdAt ?? new Date(),
      createdBy: viewer.actor,
      plans: plans.length,
      atgarder,
    };
  });
}

export async function uppfoljningar(
  db: Kysely<Database>,
  year?: number,
): Promise<UppfoljningInfo[]> {
  return (await repo.findUppfoljningar(db, year === undefined ? {} : { year })).map((u) => ({
    id: u.id,
    year: u.year,
    date: u.date,
    name: u.name,
    createdAt: u.createdAt,
    createdBy: u.createdBy,
  }));
}

/** The plans at a date: the follow-up of that date when there is one, else as they stand now. */
async function plansAt(
  db: Kysely<Database>,
  viewer: Viewer,
  input: string,
): Promise<{
  year: number;
  plans: PlanState[];
  source: { kind: 'uppfoljning'; name: string; createdAt: Date } | { kind: 'live' };
}> {
  const { date, year: dateYear, period } = isoDate(input);
  const [frozen] = await repo.findUppfoljningar(db, { date });
  const year = frozen?.year ?? dateYear;
  const live = await actionPlans(db, viewer, {
    year,
    throughPeriod: Math.min(period, year * 100 + 12),
    withLedger: false,
  });
  if (!frozen) return { year, plans: planStates(live), source: { kind: 'live' } };
  // The same plans the viewer may see now, as they stood then.
  const visible = new Set(live.map((p) => p.id));
  const all = viewer.visibleAnsvar === undefined;
  return {
    year,
    plans: thaw(frozen.data).filter((p) => all || visible.has(p.id)),
    source: { kind: 'uppfoljning', name: frozen.name, createdAt: frozen.createdAt },
  };
}

/** What changed in the measures between two dates (a follow-up, or now when a date has none). */
export async function changesBetweenDates(
  db: Kysely<Database>,
  viewer: Viewer,
  from: string,
  to: string,
): Promise<{ from: string; to: string; changes: (AtgardChange & { plan: string })[] }> {
  const earlier = await plansAt(db, viewer, from);
  const later = await plansAt(db, viewer, to);
  const planName = new Map([...earlier.plans, ...later.plans].map((p) => [p.id, p.name]));
  const changes = changesBetween(
    earlier.plans.flatMap((p) => p.atgarder),
    later.plans.flatMap((p) => p.atgarder),
  );
  return {
    from,
    to,
    changes: changes.map((c) => {
      const krav =
        c.kind === 'added'
          ? c.after.atgardskravId
          : c.kind === 'removed'
            ? c.before.atgardskravId
            : undefined;
      const plan =
        krav !== undefined
          ? planName.get(krav)
          : later.plans.find((p) => p.atgarder.some((a) => a.id === c.id))?.name;
      return { ...c, plan: plan ?? '' };
    }),
  };
}

export interface AtgardsplanReport {
  report: 'atgardsplan';
  date: string;
  year: number;
  unit: 'tkr';
  source: { kind: 'uppfoljning'; name: string; createdAt: Date } | { kind: 'live' };
  verksamheter: {
    code: string;
    verksamhet: string;
    ansvar: string;
    name: string;
    atgardskrav: bigint;
    basis: string;
    description: string;
    kpis: KpiLine[];
    atgarder: {
      id: number;
      title: string;
      description: string;
      start: string;
      effektAr: bigint;
      helarseffekt: bigint;
      effektArOverride: boolean;
      overrideReason: string | null;
      status: AtgardStatus;
      statustext: string;
      countsInTotals: boolean;
    }[];
    summa: { effektAr: bigint; helarseffekt: bigint };
    gap: { effektAr: bigint; helarseffekt: bigint };
  }[];
  total: {
    atgardskrav: bigint;
    summa: { effektAr: bigint; helarseffekt: bigint };
    gap: { effektAr: bigint; helarseffekt: bigint };
  };
}

/** Whole tkr, half away from zero, each cell on its own (as the seed does). */
const tkr = (ore: Ore) => roundToUnit(ore, 'tkr');

/**
 * The action plan at a date, as seed 003 shows it: per activity the requirement, the key figures
 * that steer it, the measures with their effect this year and over a full year, status and status
 * text, and totals and the gap. Each cell in tkr, rounded on its own.
 */
export async function atgardsplanReport(
  db: Kysely<Database>,
  viewer: Viewer,
  query: { date: string },
): Promise<AtgardsplanReport> {
  const { year, plans, source } = await plansAt(db, viewer, query.date);
  let requirement = 0n;
  const all: { effektAr: Ore; helarseffekt: Ore; status: AtgardStatus }[] = [];
  const verksamheter = plans.map((plan) => {
    const totals = planTotals(plan.atgarder);
    const left = gap(plan.amount, totals);
    requirement += plan.amount;
    all.push(...plan.atgarder);
    return {
      code: plan.verksamhet || plan.ansvar,
      verksamhet: plan.verksamhet,
      ansvar: plan.ansvar,
      name: plan.name,
      atgardskrav: tkr(plan.amount),
      basis: plan.basis,
      description: plan.description,
      kpis: plan.kpis,
      atgarder: plan.atgarder.map((a) => ({
        id: a.id,
        title: a.title,
        description: a.description,
        start: periodText(a.start),
        effektAr: tkr(a.effektAr),
        helarseffekt: tkr(a.helarseffekt),
        effektArOverride: a.isOverride,
        overrideReason: a.overrideReason,
        status: a.status,
        statustext: a.statustext,
        countsInTotals: countsInTotals(a.status),
      })),
      summa: { effektAr: tkr(totals.effektAr), helarseffekt: tkr(totals.helarseffekt) },
      gap: { effektAr: tkr(left.effektAr), helarseffekt: tkr(left.helarseffekt) },
    };
  });
  const totals = planTotals(all);
  const left = gap(requirement, totals);
  return {
    report: 'atgardsplan',
    date: query.date,
    year,
    unit: 'tkr',
    source,
    verksamheter,
    total: {
      atgardskrav: tkr(requirement),
      summa: { effektAr: tkr(totals.effektAr), helarseffekt: tkr(totals.helarseffekt) },
      gap: { effektAr: tkr(left.effektAr), helarseffekt: tkr(left.helarseffekt) },
    },
  };
}
