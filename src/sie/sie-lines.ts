import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/**
 * Turns the bytes of an SIE file into numbered text lines, in bounded memory.
 * SIE says CP437 (PC8); real exports are also UTF-8 or ISO-8859-15 while still saying PC8.
 * The encoding is decided by the first line with a byte over 127 and then held for the file.
 */
export type SieEncoding = 'cp437' | 'utf8' | 'iso-8859-15';

export interface SieLine {
  number: number;
  text: string;
}

export interface LineReaderState {
  encoding: SieEncoding | undefined;
  bytesRead: number;
  /** Line on which a line broken by a lone CR was seen, if any. */
  loneCarriageReturnLine?: number;
  /** Set when a later line contradicts the encoding decided earlier. */
  mixedEncodingLine?: number;
}

const LF = 10;
const CR = 13;

function hasHighByte(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) {
    if ((bytes[i] ?? 0) > 127) return true;
  }
  return false;
}

function guessEightBit(bytes: Buffer): SieEncoding {
  // CP437's Swedish letters (å 0x86, ä 0x84, ö 0x94, Å 0x8F, Ä 0x8E, Ö 0x99, é 0x82) lie in
  // 0x80–0x9F, where ISO-8859-15 has only control characters; ISO's letters lie in 0xC0–0xFF.
  let low = 0;
  let high = 0;
  for (const byte of bytes) {
    if (byte >= 0x80 && byte <= 0x9f) low += 1;
    else if (byte >= 0xc0) high += 1;
  }
  return high > low ? 'iso-8859-15' : 'cp437';
}

function decodeLine(bytes: Buffer, state: LineReaderState, lineNumber: number): string {
  if (!hasHighByte(bytes)) return bytes.toString('latin1');
  if (state.encoding === undefined) {
    state.encoding = isUtf8(bytes) ? 'utf8' : guessEightBit(bytes);
  } else if (state.encoding === 'utf8' && !isUtf8(bytes)) {
    state.mixedEncodingLine ??= lineNumber;
    return iconv.decode(bytes, guessEightBit(bytes));
  }
  return state.encoding === 'utf8' ? bytes.toString('utf8') : iconv.decode(bytes, state.encoding);
}

/** Yields every line (blank ones too, so numbers match an editor's), without line terminators. */
export async function* readLines(
  source: AsyncIterable<Buffer>,
  state: LineReaderState,
): AsyncGenerator<SieLine> {
  let carry: Buffer | undefined;
  let lineNumber = 0;
  let first = true;

  function* split(line: Buffer): Generator<SieLine> {
    let bytes = line;
    if (first) {
      first = false;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
        bytes = bytes.subarray(3);
        state.encoding ??= 'utf8';
      }
    }
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, -1);
    let start = 0;
    let cr = bytes.indexOf(CR, start);
    while (cr !== -1) {
      // A lone CR (old Mac line end) also ends a line.
      lineNumber += 1;
      state.loneCarriageReturnLine ??= lineNumber;
      yield { number: lineNumber, text: decodeLine(bytes.subarray(start, cr), state, lineNumber) };
      start = cr + 1;
      cr = bytes.indexOf(CR, start);
    }
    lineNumber += 1;
    yield { number: lineNumber, text: decodeLine(bytes.subarray(start), state, lineNumber) };
  }

  for await (const chunk of source) {
    state.bytesRead += chunk.length;
    let start = 0;
    let lf = chunk.indexOf(LF, start);
    if (lf !== -1 && carry) {
      yield* split(Buffer.concat([carry, chunk.subarray(0, lf)]));
      carry = undefined;
      start = lf + 1;
      lf = chunk.indexOf(LF, start);
    }
    while (lf !== -1) {
      yield* split(chunk.subarray(start, lf));
      start = lf + 1;
      lf = chunk.indexOf(LF, start);
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      carry = carry ? Buffer.concat([carry, rest]) : Buffer.from(rest);
    }
  }
  if (carry && carry.length > 0) yield* split(carry);
}

/** CP437 bytes of a text, as #KSUMMA is computed over them (spec 10.14). */
export function encodeCp437(text: string): Buffer {
  return iconv.encode(text, 'cp437');
}
