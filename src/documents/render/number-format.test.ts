import { describe, expect, it } from 'vitest';
import { formatCell, formatNumberCell } from './number-format.ts';

describe('formatNumberCell', () => {
  it('groups thousands with a narrow no-break space and writes a true minus sign', () => {
    expect(formatNumberCell({ n: '-13079' })).toBe('\u221213\u202f079');
    expect(formatNumberCell({ n: '1234567' })).toBe('1\u202f234\u202f567');
    expect(formatNumberCell({ n: '999' })).toBe('999');
  });

  it('writes a decimal comma and keeps the decimals of n unless told', () => {
    expect(formatNumberCell({ n: '64.6' })).toBe('64,6');
    expect(formatNumberCell({ n: '1234.50' })).toBe('1\u202f234,50');
    expect(formatNumberCell({ n: '64', decimals: 1 })).toBe('64,0');
  });

  it('rounds half away from zero on the digits, not through a float', () => {
    expect(formatNumberCell({ n: '2.345', decimals: 2 })).toBe('2,35');
    expect(formatNumberCell({ n: '-2.345', decimals: 2 })).toBe('\u22122,35');
    expect(formatNumberCell({ n: '999.96', decimals: 1 })).toBe('1\u202f000,0');
    expect(formatNumberCell({ n: '1249.5', decimals: 0 })).toBe('1\u202f250');
    expect(formatNumberCell({ n: '0.0000000000000000001', decimals: 2 })).toBe('0,00');
  });

  it('does not print a minus on a value that rounds to zero', () => {
    expect(formatNumberCell({ n: '-0.04', decimals: 1 })).toBe('0,0');
  });

  it('sets a per cent sign apart with a no-break space and a footnote mark on the number', () => {
    expect(formatNumberCell({ n: '64.6', suffix: '%' })).toBe('64,6\u00a0%');
    expect(formatNumberCell({ n: '12', suffix: '*' })).toBe('12*');
  });

  it('prints a malformed number as it stands', () => {
    expect(formatNumberCell({ n: 'n/a' })).toBe('n/a');
  });
});

describe('formatCell', () => {
  it('writes text as it stands and an empty cell as nothing', () => {
    expect(formatCell('Äldreomsorg')).toBe('Äldreomsorg');
    expect(formatCell(null)).toBe('');
  });
});
