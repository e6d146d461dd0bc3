import { describe, expect, it } from 'vitest';
import { createLineSplitter, MAX_LINE_BYTES, type LineReaderState } from './sie-lines.ts';
import { SieFault } from './sie-problems.ts';

function split(bytes: Buffer, size: number): { lines: string[]; state: LineReaderState } {
  const state: LineReaderState = { encoding: undefined, bytesRead: 0 };
  const splitter = createLineSplitter(state);
  const lines: string[] = [];
  const onLine = (n: number, text: string) => {
    expect(n).toBe(lines.length + 1);
    lines.push(text);
  };
  for (let i = 0; i < bytes.length; i += size) splitter.push(bytes.subarray(i, i + size), onLine);
  splitter.end(onLine);
  return { lines, state };
}

function refusal(work: () => void): SieFault {
  try {
    work();
  } catch (error) {
    if (error instanceof SieFault) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('the line splitter', () => {
  it('ends lines at LF, CRLF and a lone CR, wherever the chunks split them', () => {
    const text = '#A 1\r\n#B 2\n#C 3\r#D\r\r\n\r\n#E\r';
    const expected = ['#A 1', '#B 2', '#C 3', '#D', '', '', '#E'];
    for (let size = 1; size <= text.length; size++) {
      expect(split(Buffer.from(text), size).lines, `chunks of ${size}`).toEqual(expected);
    }
    expect(split(Buffer.from(text), 3).state.loneCarriageReturnLine).toBe(3);
    expect(split(Buffer.from('#A\r\n#B\r\n'), 3).state.loneCarriageReturnLine).toBeUndefined();
  });

  it('splits a file with lone-CR line ends as it reads it, instead of carrying it to the end (was quadratic)', () => {
    const state: LineReaderState = { encoding: undefined, bytesRead: 0 };
    const splitter = createLineSplitter(state);
    let emitted = 0;
    const line = Buffer.from('#TRANS 1930 {} 100.00\r');
    const chunk = Buffer.concat(Array.from({ length: 3000 }, () => line)).subarray(0, 65536);
    for (let i = 0; i < 64; i++) {
      const before = emitted;
      splitter.push(chunk, () => (emitted += 1));
      // Every chunk's complete lines come out at once: nothing but the unfinished last line waits.
      expect(emitted - before).toBeGreaterThanOrEqual(Math.floor(65536 / line.length) - 1);
    }
  });

  it('refuses a line longer than the bound while reading it, with its line number (was read to the end of the file)', () => {
    const state: LineReaderState = { encoding: undefined, bytesRead: 0 };
    const splitter = createLineSplitter(state);
    const onLine = () => undefined;
    splitter.push(Buffer.from('#FLAGGA 0\n#PROSA "'), onLine);
    const chunk = Buffer.alloc(65536, 'x');
    const fault = refusal(() => {
      for (let i = 0; i < 2 * (MAX_LINE_BYTES / 65536); i++) splitter.push(chunk, onLine);
    });
    expect(fault.line).toBe(2);
    expect(fault.message).toMatch(/raden är längre än 1 MiB/);
    expect(state.bytesRead).toBeLessThanOrEqual(MAX_LINE_BYTES + 2 * 65536);
    // The same line inside a single large chunk.
    const whole = Buffer.concat([Buffer.from('#A\n'), Buffer.alloc(MAX_LINE_BYTES + 1, 'x')]);
    expect(
      refusal(() => split(Buffer.concat([whole, Buffer.from('\n')]), whole.length + 1)).line,
    ).toBe(2);
  });

  it('refuses a NUL byte with the line it is on (was "invalid byte sequence for encoding UTF8: 0x00" from the database)', () => {
    const bytes = Buffer.from(
      '#FLAGGA 0\r\n#FNAMN "Exempel\0kommun"\r\n#RAR 0 20240101 20241231\r\n',
    );
    for (const size of [1, 5, 64]) {
      const fault = refusal(() => split(bytes, size));
      expect(fault.line).toBe(2);
      expect(fault.message).toMatch(/NUL-tecken/);
    }
  });
});
