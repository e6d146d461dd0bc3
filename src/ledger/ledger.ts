import type { IsoDate } from '../shared/dates.ts';
import type { Ore } from '../shared/money.ts';
import type { AccountType, ObjectRef } from '../sie/sie-records.ts';

/** The dimensions Balans reports by; any other dimension is kept in `objekt`. */
export type DimensionRole = 'ansvar' | 'verksamhet' | 'projekt';
export const DIMENSION_ROLES: readonly DimensionRole[] = ['ansvar', 'verksamhet', 'projekt'];

export interface ObjectColumns {
  ansvar: string;
  verksamhet: string;
  projekt: string;
  objekt: string;
}

export const NO_OBJECTS: ObjectColumns = { ansvar: '', verksamhet: '', projekt: '', objekt: '' };

export interface DeclaredDimension {
  number: number;
  name: string;
}

/**
 * Which dimension number plays which role. An explicit choice (`--dim verksamhet=21`) wins, then
 * what this database already uses, then the defaults: dim 1 ansvar (SIE's kostnadsställe),
 * dim 6 projekt, and a dimension whose name contains "verksamhet" verksamhet.
 */
export function assignRoles(
  declared: readonly DeclaredDimension[],
  stored: ReadonlyMap<DimensionRole, number>,
  overrides: Partial<Record<DimensionRole, number>>,
): Map<DimensionRole, number> {
  const roles = new Map<DimensionRole, number>();
  const taken = new Set<number>();
  const set = (role: DimensionRole, dim: number | undefined) => {
    if (dim === undefined || roles.has(role) || taken.has(dim)) return;
    roles.set(role, dim);
    taken.add(dim);
  };
  for (const role of DIMENSION_ROLES) set(role, overrides[role]);
  for (const role of DIMENSION_ROLES) set(role, stored.get(role));
  const named = [...declared]
    .sort((a, b) => a.number - b.number)
    .find((d) => /verksamhet/i.test(d.name));
  set('verksamhet', named?.number);
  set('ansvar', 1);
  set('projekt', 6);
  return roles;
}

export interface MappedObjects {
  columns: ObjectColumns;
  /** A dimension named twice in one object list; the first object was used. */
  repeatedDimension?: number;
}

/** Puts an object list into the role columns; other dimensions become "dim=code;dim=code". */
export function toObjectColumns(
  objects: readonly ObjectRef[],
  roles: ReadonlyMap<DimensionRole, number>,
): MappedObjects {
  if (objects.length === 0) return { columns: NO_OBJECTS };
  // Runs once per transaction row: plain loops, no sets.
  const columns: ObjectColumns = { ansvar: '', verksamhet: '', projekt: '', objekt: '' };
  let other: ObjectRef[] | undefined;
  let repeatedDimension: number | undefined;
  for (let i = 0; i < objects.length; i++) {
    const ref = objects[i];
    if (!ref) continue;
    let repeated = false;
    for (let j = 0; j < i; j++) if (objects[j]?.dimension === ref.dimension) repeated = true;
    if (repeated) {
      repeatedDimension ??= ref.dimension;
      continue;
    }
    const role = roleOf(ref.dimension, roles);
    if (role) columns[role] = ref.code;
    else (other ??= []).push(ref);
  }
  if (other) {
    columns.objekt = other
      .sort((a, b) => a.dimension - b.dimension)
      .map((ref) => `${ref.dimension}=${ref.code}`)
      .join(';');
  }
  return repeatedDimension === undefined ? { columns } : { columns, repeatedDimension };
}

export function roleOf(
  dimension: number,
  roles: ReadonlyMap<DimensionRole, number>,
): DimensionRole | undefined {
  for (const [role, dim] of roles) if (dim === dimension) return role;
  return undefined;
}

/** Balance accounts (tillgångar, skulder: class 1–2) carry an opening balance; result accounts do not. */
export function isBalanceAccount(konto: string, type: AccountType | undefined): boolean {
  if (type) return type === 'T' || type === 'S';
  return konto.startsWith('1') || konto.startsWith('2');
}

export function objectKey(columns: ObjectColumns): string {
  return `${columns.ansvar}\u0001${columns.verksamhet}\u0001${columns.projekt}\u0001${columns.objekt}`;
}

export interface BalanceCandidate {
  objects: readonly ObjectRef[];
  amount: Ore;
}

export interface BalancePart {
  columns: ObjectColumns;
  amount: Ore;
}

/**
 * SIE type 3 writes a balance for the account as a whole ({}) and again per object of each
 * dimension; adding them all would count the money several times. Balans keeps one breakdown:
 * the object-list shape covering the most dimensions (ties: the lowest dimension numbers), plus
 * the remainder of the account total as a row without objects. No shape: the total alone.
 */
export function chooseBreakdown(
  candidates: readonly BalanceCandidate[],
  roles: ReadonlyMap<DimensionRole, number>,
): BalancePart[] {
  let total: Ore | undefined;
  const shapes = new Map<string, BalanceCandidate[]>();
  for (const candidate of candidates) {
    if (candidate.objects.length === 0) {
      total = (total ?? 0n) + candidate.amount;
      continue;
    }
    const shape = [...new Set(candidate.objects.map((o) => o.dimension))]
      .sort((a, b) => a - b)
      .join(',');
    const list = shapes.get(shape) ?? [];
    list.push(candidate);
    shapes.set(shape, list);
  }
  const best = [...shapes.entries()].sort(([a], [b]) => {
    const da = a.split(',').map(Number);
    const dbs = b.split(',').map(Number);
    if (da.length !== dbs.length) return dbs.length - da.length;
    for (let i = 0; i < da.length; i++) if (da[i] !== dbs[i]) return (da[i] ?? 0) - (dbs[i] ?? 0);
    return 0;
  })[0];
  const parts = new Map<string, BalancePart>();
  let allocated = 0n;
  for (const candidate of best?.[1] ?? []) {
    const { columns } = toObjectColumns(candidate.objects, roles);
    const key = objectKey(columns);
    const part = parts.get(key);
    if (part) part.amount += candidate.amount;
    else parts.set(key, { columns, amount: candidate.amount });
    allocated += candidate.amount;
  }
  const rest = total === undefined ? 0n : total - allocated;
  if (rest !== 0n) {
    const key = objectKey(NO_OBJECTS);
    const part = parts.get(key);
    if (part) part.amount += rest;
    else parts.set(key, { columns: NO_OBJECTS, amount: rest });
  }
  return [...parts.values()].filter((p) => p.amount !== 0n);
}

export interface FiscalYearSpan {
  start: IsoDate;
  end: IsoDate;
}

/** The fiscal year (by year index 0, -1 …) that holds a date, or undefined. */
export function yearIndexOf(
  date: IsoDate,
  years: ReadonlyMap<number, FiscalYearSpan>,
): number | undefined {
  for (const [index, span] of years) if (date >= span.start && date <= span.end) return index;
  return undefined;
}

/**
 * An account's kontogrupp: its first two characters (Kommun-Bas's account groups, e.g. 45 or 51;
 * the same as PostgreSQL's `left(konto, 2)`). The roll-up `ledger_balance_ansvar` sums by it.
 */
export function kontogrupp(konto: string): string {
  const [first = '', second = ''] = konto;
  return first + second;
}
