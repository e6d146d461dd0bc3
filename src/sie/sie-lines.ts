import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { SieFault } from './sie-problems.ts';

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
  /** Lines split so far. */
  lineCount?: number;
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

/** A line longer than this is refused: real SIE lines are well under a kilobyte. */
export const MAX_LINE_BYTES = 1 << 20;

const CR = 13;

/**
 * Splits the file's chunks into numbered lines (blank ones too, so numbers match an editor's),
 * without line terminators; LF, CRLF and a lone CR each end a line. A chunk is decoded as a whole
 * up to its last line end, so most of the work is native; the rest waits for the next chunk.
 * The unfinished rest is kept as a list of pieces and joined once, when its line ends, so time
 * stays linear in the file's size whatever its line ends; a line longer than MAX_LINE_BYTES is
 * refused.
 */
export function createLineSplitter(state: LineReaderState) {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  /** The previous chunk ended with CR: an LF first in this chunk belongs to it (a split CRLF). */
  let afterCr = false;
  let lineNumber = 0;
  let first = true;

  function tooLong(): SieFault {
    return new SieFault(
      lineNumber + 1,
      `raden är längre än ${MAX_LINE_BYTES / (1 << 20)} MiB; en SIE-rad är sällan längre än några hundra tecken: filen är skadad eller ingen SIE-fil`,
    );
  }

  function emitLine(line: string, onLine: OnLine): void {
    if (line.length > MAX_LINE_BYTES) throw tooLong();
    onLine(++lineNumber, line);
    state.lineCount = lineNumber;
  }

  /** endsWithCr: the text was cut before a CR, so a CR at its very end is a lone one, not half a CRLF. */
  function emitText(text: string, onLine: OnLine, endsWithCr: boolean): void {
    let start = 0;
    for (;;) {
      const lf = text.indexOf('\n', start);
      const end = lf === -1 ? text.length : lf;
      let line = text.slice(start, end);
      if (line.endsWith('\r') && !(lf === -1 && endsWithCr)) line = line.slice(0, -1);
      if (line.includes('\r')) {
        // A lone CR (old Mac line end) also ends a line.
        const parts = line.split('\r');
        state.loneCarriageReturnLine ??= lineNumber + 1;
        for (const part of parts) emitLine(part, onLine);
      } else {
        emitLine(line, onLine);
      }
      if (lf === -1) return;
      start = lf + 1;
    }
  }

  function refuseNul(text: string, onLine: OnLine, endsWithCr: boolean): never {
    // Only a block that holds a NUL pays for finding its line.
    const lines: string[] = [];
    const numberBefore = lineNumber;
    emitText(text, (_n, line) => lines.push(line), endsWithCr);
    const index = lines.findIndex((line) => line.includes('\0'));
    lineNumber = numberBefore;
    for (const line of lines.slice(0, index)) emitLine(line, onLine);
    throw new SieFault(
      lineNumber + 1,
      'raden innehåller ett NUL-tecken (byte 0), som aldrig står i en textfil: filen är skadad',
    );
  }

  function emitDecoded(text: string, onLine: OnLine, endsWithCr: boolean): void {
    if (text.includes('\0')) refuseNul(text, onLine, endsWithCr);
    emitText(text, onLine, endsWithCr);
  }

  function decodeBlock(block: Buffer, onLine: OnLine, endsWithCr = false): void {
    if (first) {
      first = false;
      if (block[0] === 0xef && block[1] === 0xbb && block[2] === 0xbf) {
        block = block.subarray(3);
        state.encoding ??= 'utf8';
      }
    }
    if (isAscii(block)) {
      emitDecoded(block.toString('latin1'), onLine, endsWithCr);
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
        emitDecoded(
          isUtf8(bytes) ? bytes.toString('utf8') : iconv.decode(bytes, guessEightBit(bytes)),
          onLine,
          lf === -1 && endsWithCr,
        );
        if (lf === -1) return;
        start = lf + 1;
      }
    }
    emitDecoded(decodeText(block, state.encoding), onLine, endsWithCr);
  }

  function takePending(tail: Buffer): Buffer {
    const block =
      pending.length === 0 ? tail : Buffer.concat([...pending, tail], pendingBytes + tail.length);
    pending = [];
    pendingBytes = 0;
    return block;
  }

  return {
    /** Emits the complete lines of this chunk; keeps the unfinished last line for the next. */
    push(chunk: Buffer, onLine: OnLine): void {
      state.bytesRead += chunk.length;
      if (afterCr) {
        afterCr = false;
        if (chunk[0] === LF) chunk = chunk.subarray(1);
        else if (chunk.length > 0) state.loneCarriageReturnLine ??= lineNumber;
      }
      const lastLf = chunk.lastIndexOf(LF);
      const lastCr = chunk.lastIndexOf(CR);
      const cut = Math.max(lastLf, lastCr);
      if (cut === -1) {
        if (chunk.length === 0) return;
        pendingBytes += chunk.length;
        if (pendingBytes > MAX_LINE_BYTES) throw tooLong();
        pending.push(Buffer.from(chunk));
        return;
      }
      const endsWithCr = cut === lastCr;
      decodeBlock(takePending(chunk.subarray(0, cut)), onLine, endsWithCr);
      if (endsWithCr) {
        // A CR ends the chunk's last line: a lone CR, or the first half of a CRLF split here.
        if (cut + 1 === chunk.length) afterCr = true;
        else state.loneCarriageReturnLine ??= lineNumber;
      }
      if (cut + 1 < chunk.length) {
        const rest = Buffer.from(chunk.subarray(cut + 1));
        pending.push(rest);
        pendingBytes = rest.length;
      }
    },
    /** Emits the last line when the file does not end with a line end. */
    end(onLine: OnLine): void {
      if (pendingBytes > 0) decodeBlock(takePending(Buffer.alloc(0)), onLine);
      pending = [];
      pendingBytes = 0;
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
