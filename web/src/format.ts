/**
 * Swedish formats everywhere (sv-SE), whatever the language of the interface: "−13 079",
 * "64,6 %", "2024-03-28". Amounts arrive as integers (tkr, or öre for exact kronor) and are
 * formatted as integers: money never passes through a float here.
 */
const integer = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });

/** A whole number in the report's unit (tkr or mnkr): "−13 079". */
export function formatUnit(value: number): string {
  return integer.format(value);
}

/** Öre as kronor, whole (rounded half away from zero) or with öre: "1 234 568" / "1 234 567,89". */
export function formatOre(ore: number, decimals: 0 | 2 = 0): string {
  const value = BigInt(ore);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  if (decimals === 0) {
    const kronor = (abs + 50n) / 100n;
    return integer.format(negative && kronor !== 0n ? -kronor : kronor);
  }
  const kronor = abs / 100n;
  const rest = (abs % 100n).toString().padStart(2, '0');
  const whole = integer.format(kronor);
  return `${negative ? '−' : ''}${whole},${rest}`;
}

const percent = new Intl.NumberFormat('sv-SE', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/** A share as a percentage with one decimal: 0.646 → "64,6 %". */
export function formatPercent(share: number): string {
  return percent.format(share);
}

/** An ISO date or timestamp as a Swedish date (and time): "2024-03-28 14:05". */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('sv-SE', { dateStyle: 'short', timeStyle: 'short' });
}

/** Bytes for people: "12,4 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${integer.format(bytes)} B`;
  const units = ['kB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1 }).format(value)} ${units[unit] ?? ''}`;
}

/** "2024-01" etc. as month names in the interface language: "jan 2024". */
export function monthName(
  month: number,
  language: 'sv' | 'en',
  style: 'short' | 'long' = 'short',
): string {
  return new Date(Date.UTC(2024, month - 1, 1)).toLocaleString(
    language === 'sv' ? 'sv-SE' : 'en-GB',
    {
      month: style,
      timeZone: 'UTC',
    },
  );
}

/**
 * An exact decimal as the API sends it ("10.74", "-3", "162000") in Swedish format: "10,74",
 * "−3", "162 000". Text in, text out: the digits never pass through a float.
 */
export function formatDecimal(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return text;
  const whole = integer.format(BigInt(match[2] ?? '0'));
  return `${match[1] === '-' ? '−' : ''}${whole}${match[3] ? `,${match[3]}` : ''}`;
}
