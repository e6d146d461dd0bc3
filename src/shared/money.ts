/**
 * Money is an integer number of öre (bigint) from the moment it is parsed until it is formatted.
 * Nothing here goes through a JavaScript float.
 */
export type Ore = bigint;

const AMOUNT = /^(-?)(\d+)(?:\.(\d{0,2}))?$/;

/** Parses an SIE amount ("-1234.5", "100", "0.05") into öre, or undefined if malformed. */
export function parseAmount(text: string): Ore | undefined {
  const match = AMOUNT.exec(text);
  if (!match) return undefined;
  const [, sign, whole = '0', fraction = ''] = match;
  const ore = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return sign === '-' ? -ore : ore;
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
