import type { Cell, NumberCell } from '../document-model.ts';

/** U+202F between thousands, U+2212 for minus, decimal comma: the Swedish way every format prints. */
const THIN_SPACE = '\u202f';
const MINUS = '\u2212';
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

interface Decimal {
  negative: boolean;
  whole: string;
  fraction: string;
}

function parseDecimal(n: string): Decimal | undefined {
  const match = DECIMAL.exec(n.trim());
  if (match === null) return undefined;
  return { negative: match[1] === '-', whole: match[2] ?? '0', fraction: match[3] ?? '' };
}

/** Rounds half away from zero on the digits, never through a float: "2.345" at 2 → "2.35". */
function roundDecimal(value: Decimal, decimals: number): Decimal {
  if (value.fraction.length <= decimals)
    return { ...value, fraction: value.fraction.padEnd(decimals, '0') };
  const digits = value.whole + value.fraction.slice(0, decimals);
  const roundUp = (value.fraction[decimals] ?? '0') >= '5';
  const rounded = roundUp ? (BigInt(digits) + 1n).toString().padStart(digits.length, '0') : digits;
  const wholeLength = rounded.length - decimals;
  return {
    negative: value.negative,
    whole: rounded.slice(0, wholeLength).replace(/^0+(?=\d)/, ''),
    fraction: rounded.slice(wholeLength),
  };
}

function groupThousands(whole: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, THIN_SPACE);
}

/** "-13079" → "−13 079"; "64.6" with one decimal and "%" → "64,6 %". A malformed `n` prints as it stands. */
export function formatNumberCell(cell: NumberCell): string {
  const parsed = parseDecimal(cell.n);
  const suffix = formatSuffix(cell.suffix);
  if (parsed === undefined) return cell.n + suffix;
  const value = roundDecimal(parsed, cell.decimals ?? parsed.fraction.length);
  const isZero = /^0*$/.test(value.whole + value.fraction);
  const sign = value.negative && !isZero ? MINUS : '';
  const fraction = value.fraction === '' ? '' : `,${value.fraction}`;
  return `${sign}${groupThousands(value.whole)}${fraction}${suffix}`;
}

// "%" is set apart by a no-break space (64,6 %); a footnote mark ("*") sits on the number.
function formatSuffix(suffix: string | undefined): string {
  if (suffix === undefined || suffix === '') return '';
  return suffix === '%' ? `\u00a0${suffix}` : suffix;
}

/** A plain decimal string ("-13079", "64.6") as a value for the chart axis; undefined when malformed. */
export function decimalValue(n: string | null): number | undefined {
  if (n === null) return undefined;
  return parseDecimal(n) === undefined ? undefined : Number(n);
}

export function isNumberCell(cell: Cell): cell is NumberCell {
  return cell !== null && typeof cell === 'object';
}

/** Any cell as the text a reader sees; the empty string for an empty cell. */
export function formatCell(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  return formatNumberCell(cell);
}
