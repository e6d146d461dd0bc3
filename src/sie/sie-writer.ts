import { crc32 } from 'node:zlib';
import { oreToDecimal, type Ore } from '../shared/money.ts';
import { encodeCp437 } from './sie-lines.ts';
import type { ObjectRef } from './sie-records.ts';
import { checksumParts, tokenizeRecord } from './sie-syntax.ts';

/**
 * Writes SIE records as the spec asks (5.7): fields quoted when needed, `\"` inside quotes,
 * amounts with a point and two decimals, object lists in braces. Used for the demo
 * municipality, benchmarks and round-trip tests; files are then encoded in CP437.
 */
export type WriteField = string | number | readonly ObjectRef[] | { amount: Ore };

function quote(text: string): string {
  return /^[^\s"{}]+$/.test(text) ? text : `"${text.replace(/"/g, '\\"')}"`;
}

export function formatField(field: WriteField): string {
  if (typeof field === 'number') return String(field);
  if (typeof field === 'string') return quote(field);
  if ('amount' in field) {
    const text = oreToDecimal(field.amount);
    return text.includes('.') ? text.replace(/\.(\d)$/, '.$10') : `${text}.00`;
  }
  return `{${field.map((o) => `${o.dimension} ${quote(o.code)}`).join(' ')}}`;
}

export function formatRecord(label: string, fields: readonly WriteField[]): string {
  return [`#${label}`, ...fields.map(formatField)].join(' ');
}

/**
 * Adds the #KSUMMA pair (spec 10) around the records after #FLAGGA: the CRC-32 of the CP437
 * bytes of every label and field, without quotes, braces or spaces.
 */
export function withChecksum(lines: readonly string[]): string[] {
  const [flagga, ...rest] = lines;
  let crc: number | undefined;
  for (const line of rest) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('#')) continue;
    for (const part of checksumParts(tokenizeRecord(trimmed).tokens))
      crc = crc32(encodeCp437(part), crc);
  }
  return [flagga ?? '#FLAGGA 0', '#KSUMMA', ...rest, `#KSUMMA ${(crc ?? 0) >>> 0}`];
}
