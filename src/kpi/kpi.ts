/**
 * Key figures (nyckeltal) as pure rules: values and targets are exact decimals (text such as
 * "64.6"), compared without floats. A target has a comparator: utförandegrad ≥ 70 %, bomtid < 5 %.
 * The goals-and-KPIs part of Balans builds on this (Kolada, trends, goal fulfilment).
 */
export const COMPARATORS = ['>=', '>', '<=', '<', '='] as const;
export type Comparator = (typeof COMPARATORS)[number];

export function isComparator(text: string): text is Comparator {
  return (COMPARATORS as readonly string[]).includes(text);
}

/** A decimal as people write it ("64,6", "-3.25", "70") → canonical text ("64.6"), or undefined. */
export function parseDecimal(input: string | number): string | undefined {
  const text = (typeof input === 'number' ? (Number.isFinite(input) ? String(input) : 'x') : input)
    .replace(/[\s\u00a0]/g, '')
    .replace(/^[−–]/, '-')
    .replace(',', '.')
    .replace(/%$/, '');
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return undefined;
  const [, sign, whole = '0', fraction = ''] = match;
  const trimmedWhole = whole.replace(/^0+(?=\d)/, '');
  const trimmedFraction = fraction.replace(/0+$/, '');
  const body = trimmedFraction ? `${trimmedWhole}.${trimmedFraction}` : trimmedWhole;
  return sign === '-' && /[1-9]/.test(body) ? `-${body}` : body;
}

/** Compares two canonical decimals: −1, 0 or 1. */
export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  const scale = (text: string) => {
    const [whole = '0', fraction = ''] = text.replace('-', '').split('.');
    return { negative: text.startsWith('-'), whole, fraction };
  };
  const x = scale(a);
  const y = scale(b);
  const digits = Math.max(x.fraction.length, y.fraction.length);
  const toBig = (v: { negative: boolean; whole: string; fraction: string }) => {
    const value = BigInt(v.whole + v.fraction.padEnd(digits, '0'));
    return v.negative ? -value : value;
  };
  const d = toBig(x) - toBig(y);
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}

export interface KpiTarget {
  comparator: Comparator;
  value: string;
}

/** Whether an outcome meets its target: 64,6 against ≥ 70 → false; 3,5 against < 5 → true. */
export function meetsTarget(outcome: string, target: KpiTarget): boolean {
  const c = compareDecimal(outcome, target.value);
  switch (target.comparator) {
    case '>=':
      return c >= 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    case '<':
      return c < 0;
    case '=':
      return c === 0;
  }
}

/** Reads a target as people write it: "≥ 70", ">=70", "< 5", "70" (meaning ≥). */
export function parseTarget(text: string): KpiTarget | undefined {
  const normalised = text.trim().replace('≥', '>=').replace('≤', '<=');
  const match = /^(>=|<=|>|<|=)?\s*(.+)$/.exec(normalised);
  if (!match) return undefined;
  const value = parseDecimal(match[2] ?? '');
  if (value === undefined) return undefined;
  const comparator = match[1] ?? '>=';
  return isComparator(comparator) ? { comparator, value } : undefined;
}

/** A decimal in Swedish form: "64.6" → "64,6". */
export function swedishDecimal(value: string): string {
  return value.replace('-', '−').replace('.', ',');
}

const SIGN: Record<Comparator, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '=' };

/** A target in Swedish form: ≥ 70 %, < 5 %. */
export function formatTarget(target: KpiTarget, unit: string): string {
  return `${SIGN[target.comparator]} ${swedishDecimal(target.value)}${unit ? ` ${unit}` : ''}`;
}
