import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/**
 * Turns the bytes of an SIE file into numbered text lines, in bounded memory.
 * SIE says CP437 (PC8); real exports are also UTF-8 or ISO-8859-15 while still saying PC8.
 * The encoding is decided by the first line with a byte over 127 and then held for the file.
 */
export type SieEncoding = 'cp437' | 'utf8' | 'iso-8859-15';

/** Receives each line with its number (1-based, as an editor counts). */
export type OnLine = (lineNumber: number, text: string) => void;

export interface LineReaderState {
  encoding: SieEncoding | undefined;
  bytesRead: number;
  /** Line on which a line broken by a lone CR was seen, if any. */
  loneCarriageReturnLine?: number;
  /** Set when a later line contradicts the encoding decided earlier. */
  mixedEncodingLine?: number;
}

const LF = 10;

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

/**
 * Splits the file's chunks into numbered lines (blank ones too, so numbers match an editor's),
 * without line terminators. A chunk is decoded as a whole up to its last line feed, so most of
 * the work is native; the rest waits for the next chunk.
 */
export function createLineSplitter(state: LineReaderState) {
  let carry: Buffer | undefined;
  let lineNumber = 0;
  let first = true;

  function emitText(text: string, onLine: OnLine): void {
    let start = 0;
    for (;;) {
      const lf = text.indexOf('\n', start);
      const end = lf === -1 ? text.length : lf;
      let line = text.slice(start, end);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line.includes('\r')) {
        // A lone CR (old Mac line end) also ends a line.
        const parts = line.split('\r');
        state.loneCarriageReturnLine ??= lineNumber + 1;
        for (const part of parts) onLine(++lineNumber, part);
      } else {
        onLine(++lineNumber, line);
      }
      if (lf === -1) return;
      start = lf + 1;
    }
  }

  function decodeBlock(block: Buffer, onLine: OnLine): void {
    if (first) {
      first = false;
      if (block[0] === 0xef && block[1] === 0xbb && block[2] === 0xbf) {
        block = block.subarray(3);
        state.encoding ??= 'utf8';
      }
    }
    if (isAscii(block)) {
      emitText(block.toString('latin1'), onLine);
      return;
    }
    if (state.encoding === undefined) {
      state.encoding = isUtf8(block) ? 'utf8' : guessEightBit(block);
    }
    if (state.encoding === 'utf8' && !isUtf8(block)) {
      // Find the line that breaks UTF-8, and read it as 8-bit text; the reader refuses the file.
      let start = 0;
      for (;;) {
        const lf = block.indexOf(LF, start);
        const end = lf === -1 ? block.length : lf;
        const bytes = block.subarray(start, end);
        const lineNumberHere = lineNumber + 1;
        if (!isUtf8(bytes)) state.mixedEncodingLine ??= lineNumberHere;
        emitText(
          isUtf8(bytes) ? bytes.toString('utf8') : iconv.decode(bytes, guessEightBit(bytes)),
          onLine,
        );
        if (lf === -1) return;
        start = lf + 1;
      }
    }
    emitText(decodeText(block, state.encoding), onLine);
  }

  return {
    /** Emits the complete lines of this chunk; keeps the unfinished last line for the next. */
    push(chunk: Buffer, onLine: OnLine): void {
      state.bytesRead += chunk.length;
      const lastLf = chunk.lastIndexOf(LF);
      if (lastLf === -1) {
        carry = carry ? Buffer.concat([carry, chunk]) : Buffer.from(chunk);
        return;
      }
      const head = chunk.subarray(0, lastLf);
      decodeBlock(carry ? Buffer.concat([carry, head]) : head, onLine);
      carry = lastLf + 1 < chunk.length ? Buffer.from(chunk.subarray(lastLf + 1)) : undefined;
    },
    /** Emits the last line when the file does not end with a line feed. */
    end(onLine: OnLine): void {
      if (carry && carry.length > 0) decodeBlock(carry, onLine);
      carry = undefined;
    },
  };
}

// CP437's upper half, for decoding as Latin-1 (native and fast) and then mapping those characters.
const CP437_HIGH = iconv.decode(
  Buffer.from(Array.from({ length: 128 }, (_, i) => 128 + i)),
  'cp437',
);

function decodeText(block: Buffer, encoding: SieEncoding): string {
  if (encoding === 'utf8') return block.toString('utf8');
  if (encoding === 'iso-8859-15') return iconv.decode(block, encoding);
  return block
    .toString('latin1')
    .replace(/[\x80-\xff]/g, (c) => CP437_HIGH[c.charCodeAt(0) - 128] ?? c);
}

/** CP437 bytes of a text, as #KSUMMA is computed over them (spec 10.14). */
export function encodeCp437(text: string): Buffer {
  return iconv.encode(text, 'cp437');
}
