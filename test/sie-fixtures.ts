import { join } from 'node:path';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';

/** The real SIE samples, read in place (never copied into this repository). */
export const SAMPLES = join(import.meta.dirname, '..', '..', 'shared', 'data', 'sie', 'sie4j');

/** An SIE file from lines, as CP437 bytes (the encoding SIE prescribes). */
export function sieFile(
  lines: readonly string[],
  encoding: 'cp437' | 'utf8' | 'iso-8859-15' = 'cp437',
): Buffer {
  return iconv.encode(lines.join('\r\n') + '\r\n', encoding);
}

/** Small chunks, so that lines and multi-byte characters are split across reads. */
export function chunks(bytes: Buffer, size = 7): AsyncIterable<Buffer> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
  return Readable.from(pieces);
}

export const HEADER = [
  '#FLAGGA 0',
  '#PROGRAM "Balans test" 1.0',
  '#FORMAT PC8',
  '#GEN 20250115',
  '#SIETYP 4',
  '#FNAMN "Exempelkommun"',
  '#ORGNR 212000-0000',
  '#RAR 0 20240101 20241231',
  '#KONTO 1930 "Bank"',
  '#KONTO 4010 "Inköp material"',
  '#KONTO 5011 "Månadslön"',
  '#KONTO 3010 "Försäljning"',
  '#DIM 1 "Ansvar"',
  '#DIM 2 "Verksamhet"',
  '#OBJEKT 1 "100" "Hemtjänst Norr"',
  '#OBJEKT 1 "200" "Säbo Åsen"',
  '#OBJEKT 2 "5101" "Hemtjänst"',
  '#OBJEKT 2 "5102" "Särskilt boende"',
];
