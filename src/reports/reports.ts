import type { Ore } from '../shared/money.ts';
import { childUnder, topOf, type ActivityNode } from './activity-hierarchy.ts';
import type { Classification, ReportLine } from './classification.ts';
import type { GroupSum } from './reports.repository.ts';
import { roundTied, roundToUnit, type Unit } from './rounding.ts';

/**
 * The operating-accounts reports as pure functions of period sums. Signs follow the seed
 * (DOMAIN.md): driftredovisning shows net cost positive and avvikelse = budget − utfall;
 * driftresultat shows income positive and costs negative, avvikelse = bokslut − budget;
 * investments show net expenditure negative, avvikelse = utfall − budget.
 */
export interface RoundingOptions {
  unit: Unit;
  /** Round so that rows add up to their totals (largest remainder) instead of each cell alone. */
  tie: boolean;
}

/** Net of the lines that count in the result (SIE signs: costs +, income −), i.e. net cost. */
function netCost(
  sums: readonly GroupSum[],
  classification: Classification,
  lines: readonly ReportLine[],
): Map<string, Ore> {
  const inResult = new Set(lines.filter((l) => l.inResult && l.partOf === null).map((l) => l.key));
  const byGroup = new Map<string, Ore>();
  for (const s of sums) {
    const line = classification.main.get(s.konto);
    if (!line || !inResult.has(line)) continue;
    byGroup.set(s.group, (byGroup.get(s.group) ?? 0n) + s.amount);
  }
  return byGroup;
}

export interface DriftRow {
  code: string;
  name: string;
  utfall: bigint;
  budget: bigint;
  avvikelse: bigint;
  children: DriftRow[];
}

export interface Driftredovisning {
  rows: DriftRow[];
  total: { utfall: bigint; budget: bigint; avvikelse: bigint };
}

interface ExactRow {
  code: string;
  name: string;
  utfall: Ore;
  budget: Ore;
  children: ExactRow[];
}

export interface DriftInput {
  utfall: readonly GroupSum[];
  budget: readonly GroupSum[];
  classification: Classification;
  lines: readonly ReportLine[];
  activities: ReadonlyMap<string, ActivityNode>;
  /** Names of groups that are not activities (ansvar), or activities missing from the tree. */
  names: ReadonlyMap<string, string>;
  /** Group by the activity tree (verksamhet) or list the groups flat (ansvar). */
  tree: boolean;
}

/** Utfall, budget and avvikelse per top-level group, each split into its children. */
export function driftredovisning(input: DriftInput, rounding: RoundingOptions): Driftredovisning {
  const utfall = netCost(input.utfall, input.classification, input.lines);
  const budget = netCost(input.budget, input.classification, input.lines);
  const name = (code: string) =>
    input.activities.get(code)?.name ?? input.names.get(code) ?? (code === '' ? '(ingen)' : code);
  const tops = new Map<string, ExactRow>();
  for (const code of new Set([...utfall.keys(), ...budget.keys()])) {
    const u = utfall.get(code) ?? 0n;
    const b = budget.get(code) ?? 0n;
    const topCode = input.tree ? topOf(code, input.activities) : code;
    let top = tops.get(topCode);
    if (!top) {
      top = { code: topCode, name: name(topCode), utfall: 0n, budget: 0n, children: [] };
      tops.set(topCode, top);
    }
    top.utfall += u;
    top.budget += b;
    if (!input.tree || topCode === code) {
      // Money on the top code itself is a child of its own when the top has other children.
      if (input.tree && [...input.activities.values()].some((n) => n.parent === code))
        addChild(top, code, name(code), u, b);
      continue;
    }
    const childCode = childUnder(code, topCode, input.activities) ?? code;
    addChild(top, childCode, name(childCode), u, b);
  }
  const rows = [...tops.values()].sort((a, b) => compareCodes(a.code, b.code));
  for (const row of rows) row.children.sort((a, b) => compareCodes(a.code, b.code));
  const total = rows.reduce(
    (t, r) => ({ utfall: t.utfall + r.utfall, budget: t.budget + r.budget }),
    { utfall: 0n, budget: 0n },
  );
  return roundDrift(rows, total, rounding);
}

function addChild(top: ExactRow, code: string, name: string, utfall: Ore, budget: Ore): void {
  let child = top.children.find((c) => c.code === code);
  if (!child) {
    child = { code, name, utfall: 0n, budget: 0n, children: [] };
    top.children.push(child);
  }
  child.utfall += utfall;
  child.budget += budget;
}

function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function roundDrift(
  rows: ExactRow[],
  total: { utfall: Ore; budget: Ore },
  rounding: RoundingOptions,
): Driftredovisning {
  const { unit } = rounding;
  const round = (value: Ore) => roundToUnit(value, unit);
  // With --tie each level is tied to its parent's tied figure, down from the total.
  const level = (
    list: readonly ExactRow[],
    parent?: { utfall: bigint; budget: bigint },
  ): DriftRow[] => {
    const utfall = rounding.tie
      ? roundTied(
          list.map((r) => r.utfall),
          unit,
          parent?.utfall,
        )
      : list.map((r) => round(r.utfall));
    const budget = rounding.tie
      ? roundTied(
          list.map((r) => r.budget),
          unit,
          parent?.budget,
        )
      : list.map((r) => round(r.budget));
    return list.map((r, i) => {
      const u = utfall[i] ?? 0n;
      const b = budget[i] ?? 0n;
      return {
        code: r.code,
        name: r.name,
        utfall: u,
        budget: b,
        avvikelse: rounding.tie ? b - u : round(r.budget - r.utfall),
        children: r.children.length === 0 ? [] : level(r.children, { utfall: u, budget: b }),
      };
    });
  };
  const totalRounded = { utfall: round(total.utfall), budget: round(total.budget) };
  return {
    rows: level(rows, totalRounded),
    total: {
      ...totalRounded,
      avvikelse: rounding.tie
        ? totalRounded.budget - totalRounded.utfall
        : round(total.budget - total.utfall),
    },
  };
}

export interface ResultRow {
  key: string;
  label: string;
  bokslutForegaende: bigint;
  bokslut: bigint;
  budget: bigint;
  avvikelse: bigint;
}

export interface DriftresultatInput {
  previous: readonly GroupSum[];
  current: readonly GroupSum[];
  budget: readonly GroupSum[];
  classification: Classification;
  lines: readonly ReportLine[];
}

/** Intäkter, Kostnader, their "varav" lines and Resultat; income positive, costs negative. */
export function driftresultat(input: DriftresultatInput, unit: Unit): ResultRow[] {
  const perLine = (sums: readonly GroupSum[]) => {
    const totals = new Map<string, Ore>();
    for (const s of sums) {
      const main = input.classification.main.get(s.konto);
      if (!main) continue;
      for (const key of [main, ...(input.classification.parts.get(s.konto) ?? [])]) {
        totals.set(key, (totals.get(key) ?? 0n) - s.amount);
      }
    }
    return totals;
  };
  const [previous, current, budget] = [
    perLine(input.previous),
    perLine(input.current),
    perLine(input.budget),
  ];
  const shown = input.lines.filter((l) => l.inResult).sort((a, b) => a.sort - b.sort);
  const row = (key: string, label: string, value: (m: Map<string, Ore>) => Ore): ResultRow => {
    const [p, c, b] = [value(previous), value(current), value(budget)];
    return {
      key,
      label,
      bokslutForegaende: roundToUnit(p, unit),
      bokslut: roundToUnit(c, unit),
      budget: roundToUnit(b, unit),
      avvikelse: roundToUnit(c - b, unit),
    };
  };
  const mains = shown.filter((l) => l.partOf === null).map((l) => l.key);
  return [
    ...shown.map((l) => row(l.key, l.label, (m) => m.get(l.key) ?? 0n)),
    row('resultat', 'Resultat', (m) => mains.reduce((sum, key) => sum + (m.get(key) ?? 0n), 0n)),
  ];
}

export interface AnalysisRow {
  code: string;
  name: string;
  intakt: { utfall: bigint; budget: bigint };
  kostnad: { utfall: bigint; budget: bigint };
  nettoavvikelse: bigint;
}

/** Per top-level activity: income (positive) and cost (negative), utfall and budget, and the net deviation. */
export function verksamhetsanalys(input: DriftInput, unit: Unit): AnalysisRow[] {
  const split = (sums: readonly GroupSum[]) => {
    const result = new Map<string, { income: Ore; cost: Ore }>();
    for (const s of sums) {
      const line = input.classification.main.get(s.konto);
      if (line !== 'intakter' && line !== 'kostnader') continue;
      const top = topOf(s.group, input.activities);
      const entry = result.get(top) ?? { income: 0n, cost: 0n };
      if (line === 'intakter') entry.income -= s.amount;
      else entry.cost -= s.amount;
      result.set(top, entry);
    }
    return result;
  };
  const utfall = split(input.utfall);
  const budget = split(input.budget);
  const codes = [...new Set([...utfall.keys(), ...budget.keys()])].sort(compareCodes);
  return codes.map((code) => {
    const u = utfall.get(code) ?? { income: 0n, cost: 0n };
    const b = budget.get(code) ?? { income: 0n, cost: 0n };
    return {
      code,
      name: input.activities.get(code)?.name ?? input.names.get(code) ?? code,
      intakt: { utfall: roundToUnit(u.income, unit), budget: roundToUnit(b.income, unit) },
      kostnad: { utfall: roundToUnit(u.cost, unit), budget: roundToUnit(b.cost, unit) },
      nettoavvikelse: roundToUnit(u.income + u.cost - (b.income + b.cost), unit),
    };
  });
}

export interface InvestmentRow {
  code: string;
  name: string;
  bokslut: bigint;
  budget: bigint;
  avvikelse: bigint;
  /** Unspent money asked to be moved to next year (ombudgetering). */
  ombudgetering: bigint;
  comment: string;
}

export interface InvestmentInput {
  utfall: readonly GroupSum[];
  budget: readonly GroupSum[];
  investmentAccounts: (konto: string) => boolean;
  projects: ReadonlyMap<string, { name: string; comment: string; carryOver: Ore }>;
  names: ReadonlyMap<string, string>;
}

/** Per investment project: net expenditure (negative), budget, avvikelse = utfall − budget. */
export function investeringsredovisning(
  input: InvestmentInput,
  unit: Unit,
): { rows: InvestmentRow[]; total: Omit<InvestmentRow, 'code' | 'name' | 'comment'> } {
  const net = (sums: readonly GroupSum[]) => {
    const result = new Map<string, Ore>();
    for (const s of sums) {
      if (s.group === '' || !input.investmentAccounts(s.konto)) continue;
      result.set(s.group, (result.get(s.group) ?? 0n) - s.amount);
    }
    return result;
  };
  const utfall = net(input.utfall);
  const budget = net(input.budget);
  const codes = [...new Set([...utfall.keys(), ...budget.keys(), ...input.projects.keys()])].sort(
    compareCodes,
  );
  let totalU = 0n;
  let totalB = 0n;
  let totalCarry = 0n;
  const rows = codes.map((code) => {
    const u = utfall.get(code) ?? 0n;
    const b = budget.get(code) ?? 0n;
    const project = input.projects.get(code);
    totalU += u;
    totalB += b;
    totalCarry += project?.carryOver ?? 0n;
    return {
      code,
      name: project?.name ?? input.names.get(code) ?? code,
      bokslut: roundToUnit(u, unit),
      budget: roundToUnit(b, unit),
      avvikelse: roundToUnit(u - b, unit),
      ombudgetering: roundToUnit(project?.carryOver ?? 0n, unit),
      comment: project?.comment ?? '',
    };
  });
  return {
    rows,
    total: {
      bokslut: roundToUnit(totalU, unit),
      budget: roundToUnit(totalB, unit),
      avvikelse: roundToUnit(totalU - totalB, unit),
      ombudgetering: roundToUnit(totalCarry, unit),
    },
  };
}
