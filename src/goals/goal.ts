/**
 * Goals and indicators as pure rules. Every figure is an exact decimal in canonical text ("10.74");
 * fulfilment (is the target met?) and trend (better or worse than last year, with the indicator's
 * direction) are computed apart, and the printed assessment is proposed from them.
 */
import {
  compareDecimal,
  isComparator,
  meetsTarget,
  parseDecimal,
  swedishDecimal,
  type Comparator,
} from '../kpi/kpi.ts';
import { withinScope, type OrgUnit } from '../organisation/organisation.ts';

export const DIRECTIONS = ['higher', 'lower'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const INDICATOR_SOURCES = ['manual', 'file', 'kolada', 'formula'] as const;
export type IndicatorSource = (typeof INDICATOR_SOURCES)[number];

export const ASSESSMENTS = ['↑', '↓', '→', 'Uppfylld', 'Delvis uppfylld', 'Ej uppfylld'] as const;
export type Assessment = (typeof ASSESSMENTS)[number];

export function isAssessment(text: string): text is Assessment {
  return (ASSESSMENTS as readonly string[]).includes(text);
}

export type Trend = 'improving' | 'worsening' | 'unchanged';

export type GoalTarget =
  | { kind: 'value'; comparator: Comparator; value: string; text: string }
  /** Öka / minska jämfört med förra årets utfall. */
  | { kind: 'relative'; change: 'increase' | 'decrease'; text: string }
  | { kind: 'range'; low: string; high: string; text: string }
  | { kind: 'none'; text: string };

/** The comparator a bare number means: "7 %" sick leave (lower is better) is ≤ 7. */
export function defaultComparator(direction: Direction): Comparator {
  return direction === 'higher' ? '>=' : '<=';
}

/**
 * Reads a target as people write it: "≥ 85 %", "< 5", "7%" (by the direction), "öka", "minska",
 * "Öka jmf utfall 2023", "10–20", "" (none). undefined when it cannot be read.
 */
export function parseGoalTarget(input: string, direction: Direction): GoalTarget | undefined {
  const text = input.trim();
  if (text === '' || /^(inget|ingen|-|–)$/i.test(text)) return { kind: 'none', text: '' };
  if (/^(öka|höja)/i.test(text)) return { kind: 'relative', change: 'increase', text };
  if (/^(minska|sänka)/i.test(text)) return { kind: 'relative', change: 'decrease', text };
  const range = /^([^–-]+?)\s*[–-]\s*(.+)$/.exec(text.replace(/^(−)/, '-'));
  if (range && !/^[<>=≤≥]/.test(text)) {
    const low = parseDecimal(range[1] ?? '');
    const high = parseDecimal(range[2] ?? '');
    if (low !== undefined && high !== undefined && compareDecimal(low, high) <= 0)
      return { kind: 'range', low, high, text: '' };
  }
  const normalised = text.replace('≥', '>=').replace('≤', '<=');
  const match = /^(>=|<=|>|<|=)?\s*(.+)$/.exec(normalised);
  const value = parseDecimal(match?.[2] ?? '');
  if (!match || value === undefined) return undefined;
  const comparator = match[1] ?? defaultComparator(direction);
  return isComparator(comparator) ? { kind: 'value', comparator, value, text: '' } : undefined;
}

const SIGN: Record<Comparator, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '=' };
// A count needs no unit after it: "10", not "10 antal".
const withUnit = (value: string, unit: string) =>
  `${swedishDecimal(value)}${unit && unit !== 'antal' ? ` ${unit}` : ''}`;

/**
 * The target as printed: its own text when it has one; a value in the direction's usual sense
 * without a sign ("7 %" for sick leave), any other comparator with it ("< 5 %").
 */
export function targetText(target: GoalTarget | null, unit: string, direction: Direction): string {
  if (!target) return '';
  if (target.text) return target.text;
  switch (target.kind) {
    case 'value':
      return target.comparator === defaultComparator(direction)
        ? withUnit(target.value, unit)
        : `${SIGN[target.comparator]} ${withUnit(target.value, unit)}`;
    case 'relative':
      return target.change === 'increase' ? 'Öka' : 'Minska';
    case 'range':
      return `${swedishDecimal(target.low)}–${withUnit(target.high, unit)}`;
    case 'none':
      return '';
  }
}

/** The target's number where it has one value: "7" for ≤ 7 %; null when relative, a range or none. */
export function targetValue(target: GoalTarget | null): string | null {
  return target?.kind === 'value' ? target.value : null;
}

/**
 * Whether the outcome meets the target: true/false, null without an outcome or a target (or, for
 * a relative target, without last year's outcome). "Öka": more than last year; "minska": less.
 */
export function fulfilment(
  target: GoalTarget | null,
  outcome: string | null,
  previous: string | null,
): boolean | null {
  if (!target || outcome === null) return null;
  switch (target.kind) {
    case 'value':
      return meetsTarget(outcome, target);
    case 'range':
      return compareDecimal(outcome, target.low) >= 0 && compareDecimal(outcome, target.high) <= 0;
    case 'relative': {
      if (previous === null) return null;
      const c = compareDecimal(outcome, previous);
      return target.change === 'increase' ? c > 0 : c < 0;
    }
    case 'none':
      return null;
  }
}

/** Better or worse than last year, by the direction: sick leave 11,5 → 10,74 is improving. */
export function trend(
  outcome: string | null,
  previous: string | null,
  direction: Direction,
): Trend | null {
  if (outcome === null || previous === null) return null;
  const c = compareDecimal(outcome, previous);
  if (c === 0) return 'unchanged';
  return c > 0 === (direction === 'higher') ? 'improving' : 'worsening';
}

/**
 * The assessment proposed for printing, in the seed's style: the trend's arrow where there is one
 * (10,74 % against 7 % is ↑ because it improved), else met ↑ / not met ↓, else none.
 */
export function proposeAssessment(input: {
  fulfilled: boolean | null;
  trend: Trend | null;
}): Assessment | null {
  switch (input.trend) {
    case 'improving':
      return '↑';
    case 'worsening':
      return '↓';
    case 'unchanged':
      return '→';
    case null:
      return input.fulfilled === null ? null : input.fulfilled ? '↑' : '↓';
  }
}

/** What is printed: the manager's choice ('' = deliberately none), else the proposal. */
export function printedAssessment(
  chosen: string | null,
  proposed: Assessment | null,
): Assessment | null {
  if (chosen === null) return proposed;
  return isAssessment(chosen) ? chosen : null;
}

// ── Periods ────────────────────────────────────────────────────────────────────────────────

/** "2024" → the year's months 202401..202412; "2024-03" → 202403..202403; undefined otherwise. */
export function parsePeriod(text: string): { from: number; to: number } | undefined {
  const match = /^(\d{4})(?:-(\d{2}))?$/.exec(text.trim());
  if (!match) return undefined;
  const year = Number(match[1]);
  if (year < 1900 || year > 2999) return undefined;
  if (match[2] === undefined) return { from: year * 100 + 1, to: year * 100 + 12 };
  const month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  return { from: year * 100 + month, to: year * 100 + month };
}

export function periodText(from: number, to: number): string {
  const year = Math.floor(from / 100);
  if (from === year * 100 + 1 && to === year * 100 + 12) return String(year);
  const month = (p: number) => `${Math.floor(p / 100)}-${String(p % 100).padStart(2, '0')}`;
  return from === to ? month(from) : `${month(from)}–${month(to)}`;
}

// ── Exact arithmetic for formulas ─────────────────────────────────────────────────────────────

/** An exact rational number: numerator / denominator, denominator > 0. */
export interface Rational {
  n: bigint;
  d: bigint;
}

export function rationalFromDecimal(text: string): Rational {
  const canonical = parseDecimal(text);
  if (canonical === undefined) throw new Error(`not a decimal: ${text}`);
  const [whole = '0', fraction = ''] = canonical.replace('-', '').split('.');
  const n = BigInt(whole + fraction) * (canonical.startsWith('-') ? -1n : 1n);
  return { n, d: 10n ** BigInt(fraction.length) };
}

const abs = (x: bigint) => (x < 0n ? -x : x);

/** Rounds to a number of decimals, half away from zero: 2/3 at 1 → "0.7", −0.25 at 1 → "-0.3". */
export function roundRational(value: Rational, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const scaled = abs(value.n) * scale;
  let q = scaled / value.d;
  if ((scaled % value.d) * 2n >= value.d) q += 1n;
  const digits = q.toString().padStart(decimals + 1, '0');
  const whole = decimals === 0 ? digits : digits.slice(0, -decimals);
  const fraction = decimals === 0 ? '' : digits.slice(-decimals);
  const negative = value.n < 0n && q !== 0n;
  return parseDecimal(`${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`) ?? '0';
}

type Token = { type: 'number'; value: string } | { type: 'code'; value: string } | { type: string };

function tokenize(formula: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\d+(?:[.,]\d+)?)|([A-Za-z_][\w.]*)|([-+*/()]))/y;
  let at = 0;
  while (at < formula.length) {
    if (/^\s*$/.test(formula.slice(at))) break;
    pattern.lastIndex = at;
    const match = pattern.exec(formula);
    if (!match) throw new FormulaError(`oväntat tecken vid position ${at + 1}`);
    at = pattern.lastIndex;
    if (match[1] !== undefined) tokens.push({ type: 'number', value: match[1].replace(',', '.') });
    else if (match[2] !== undefined) tokens.push({ type: 'code', value: match[2] });
    else tokens.push({ type: match[3] ?? '' });
  }
  return tokens;
}

export class FormulaError extends Error {}

type Expr =
  | { op: 'number'; value: Rational }
  | { op: 'code'; code: string }
  | { op: 'neg'; arg: Expr }
  | { op: '+' | '-' | '*' | '/'; left: Expr; right: Expr };

/** Parses "100 * (DIREKT + INDIREKT) / ARBETAD"; throws FormulaError (Swedish) when it cannot. */
export function parseFormula(formula: string): Expr {
  const tokens = tokenize(formula);
  let i = 0;
  const peek = () => tokens[i]?.type;
  const primary = (): Expr => {
    const token = tokens[i++];
    if (!token) throw new FormulaError('formeln slutar för tidigt');
    if (token.type === 'number' && 'value' in token)
      return { op: 'number', value: rationalFromDecimal(token.value) };
    if (token.type === 'code' && 'value' in token) return { op: 'code', code: token.value };
    if (token.type === '-') return { op: 'neg', arg: primary() };
    if (token.type === '(') {
      const inner = sum();
      if (tokens[i++]?.type !== ')') throw new FormulaError('en parentes stängs inte');
      return inner;
    }
    throw new FormulaError(`oväntat "${token.type}"`);
  };
  const product = (): Expr => {
    let left = primary();
    while (peek() === '*' || peek() === '/') {
      const op = peek() === '*' ? '*' : '/';
      i++;
      left = { op, left, right: primary() };
    }
    return left;
  };
  const sum = (): Expr => {
    let left = product();
    while (peek() === '+' || peek() === '-') {
      const op = peek() === '+' ? '+' : '-';
      i++;
      left = { op, left, right: product() };
    }
    return left;
  };
  if (tokens.length === 0) throw new FormulaError('formeln är tom');
  const expr = sum();
  if (i < tokens.length) throw new FormulaError(`oväntat "${tokens[i]?.type ?? ''}"`);
  return expr;
}

/** The base measures a formula reads, in order of first use. */
export function formulaCodes(formula: string): string[] {
  const codes: string[] = [];
  const walk = (e: Expr): void => {
    if (e.op === 'code') {
      if (!codes.includes(e.code)) codes.push(e.code);
    } else if (e.op === 'neg') walk(e.arg);
    else if (e.op !== 'number') {
      walk(e.left);
      walk(e.right);
    }
  };
  walk(parseFormula(formula));
  return codes;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = abs(a);
  let y = abs(b);
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

function normalise(n: bigint, d: bigint): Rational {
  const sign = d < 0n ? -1n : 1n;
  const g = gcd(n, d);
  return { n: (sign * n) / g, d: (sign * d) / g };
}

/**
 * Evaluates a formula exactly over its base measures' values (exact decimal text). null when a
 * base measure has no value or a divisor is zero: no figure rather than a wrong one.
 */
export function evaluateFormula(
  formula: string,
  values: ReadonlyMap<string, string>,
): Rational | null {
  const evaluate = (e: Expr): Rational | null => {
    switch (e.op) {
      case 'number':
        return e.value;
      case 'code': {
        const value = values.get(e.code);
        return value === undefined ? null : rationalFromDecimal(value);
      }
      case 'neg': {
        const arg = evaluate(e.arg);
        return arg && { n: -arg.n, d: arg.d };
      }
      case '+':
      case '-':
      case '*':
      case '/': {
        const a = evaluate(e.left);
        const b = evaluate(e.right);
        if (!a || !b) return null;
        if (e.op === '+') return normalise(a.n * b.d + b.n * a.d, a.d * b.d);
        if (e.op === '-') return normalise(a.n * b.d - b.n * a.d, a.d * b.d);
        if (e.op === '*') return normalise(a.n * b.n, a.d * b.d);
        return b.n === 0n ? null : normalise(a.n * b.d, a.d * b.n);
      }
    }
  };
  return evaluate(parseFormula(formula));
}

/** Sums exact decimals: the base measures of a year from its months. */
export function sumDecimals(values: readonly string[]): string {
  let total: Rational = { n: 0n, d: 1n };
  for (const v of values) {
    const r = rationalFromDecimal(v);
    total = normalise(total.n * r.d + r.n * total.d, total.d * r.d);
  }
  // A sum of decimals is a decimal: its denominator is a power of ten's divisor.
  let decimals = 0;
  while ((total.n * 10n ** BigInt(decimals)) % total.d !== 0n) decimals++;
  return roundRational(total, decimals);
}

// ── Who may change what ───────────────────────────────────────────────────────────────────────

/**
 * The controller changes every indicator's analysis and values; a verksamhets- or enhetschef those
 * of indicators addressed to a unit within their scope (an indicator addressed to VOO is Vård och
 * omsorg's chef's, not the chef's of one home-care ansvar below it). Others read.
 */
export function mayEditIndicator(
  viewer: { role: string; scope: readonly string[] },
  adressering: readonly string[],
  units: ReadonlyMap<string, OrgUnit>,
): boolean {
  if (viewer.role === 'controller') return true;
  if (viewer.role !== 'verksamhetschef' && viewer.role !== 'enhetschef') return false;
  return adressering.some((code) => withinScope(code, viewer.scope, units));
}
