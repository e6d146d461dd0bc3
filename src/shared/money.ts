/**
 * Money is an integer number of öre (bigint) from the moment it is parsed until it is formatted.
 * Nothing here goes through a JavaScript float.
 */
export type Ore = bigint;

/** Parses an SIE amount ("-1234.5", "100", "0.05") into öre, or undefined if malformed. */
export function parseAmount(text: string): Ore | undefined {
  // A hand-written scan: this runs once per transaction row of files with millions of them.
  const n = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0; // '-'
  const digitsStart = i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  if (i === digitsStart) return undefined;
  let ore: string;
  if (i === n) {
    ore = text.slice(digitsStart) + '00';
  } else {
    if (text.charCodeAt(i) !== 46) return undefined; // '.'
    const fraction = text.slice(i + 1);
    if (fraction.length > 2) return undefined;
    for (let j = 0; j < fraction.length; j++)
      if (!isDigit(fraction.charCodeAt(j))) return undefined;
    ore = text.slice(digitsStart, i) + fraction.padEnd(2, '0');
  }
  const value = BigInt(ore);
  return digitsStart === 1 ? -value : value;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Exact decimal text in kronor with at most two decimals: 123456n → "1234.56", -5n → "-0.05", 100n → "1". */
export function oreToDecimal(ore: Ore): string {
  const negative = ore < 0n;
  const abs = negative ? -ore : ore;
  const kronor = abs / 100n;
  const rest = abs % 100n;
  let text = kronor.toString();
  if (rest !== 0n) {
    text += '.' + rest.toString().padStart(2, '0').replace(/0$/, '');
  }
  return negative ? '-' + text : text;
}

/** Swedish display in kronor with two decimals: -1234567n → "-12 345,67". */
export function formatKronor(ore: Ore): string {
  const negative = ore < 0n;
  const abs = negative ? -ore : ore;
  const kronor = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  const rest = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${kronor},${rest}`;
}

export function sumOre(values: Iterable<Ore>): Ore {
  let total = 0n;
  for (const value of values) total += value;
  return total;
}

/** Öre in one tkr (thousand kronor). */
export const ORE_PER_TKR = 100_000n;

/**
 * An amount in tkr as people write it: "2 750", "67,5", "-1 239", "0.125" or a spreadsheet number;
 * at most three decimals (whole kronor). Undefined when it is not an amount.
 */
export function parseTkr(cell: string | number): Ore | undefined {
  // A spreadsheet number is read through its shortest decimal text (67.5 → "67.5"), never rounded.
  const text = (typeof cell === 'number' ? (Number.isFinite(cell) ? String(cell) : 'x') : cell)
    .replace(/[\s\u00a0]/g, '')
    .replace(/^[−–]/, '-')
    .replace(/tkr$/i, '');
  const match = /^(-?)(\d+)(?:[.,](\d{1,3}))?$/.exec(text);
  if (!match) return undefined;
  const [, sign, whole = '0', fraction = ''] = match;
  const ore = BigInt(whole) * ORE_PER_TKR + BigInt(fraction.padEnd(3, '0')) * 100n;
  return sign === '-' ? -ore : ore;
}

/** A whole number with Swedish thousands (no-break spaces) and a minus sign: -13079n → "-13 079". */
export function formatWhole(value: bigint): string {
  const text = (value < 0n ? -value : value).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return value < 0n ? `-${text}` : text;
}
