import { describe, expect, it } from 'vitest';
import { checksumParts, tokenizeRecord } from './sie-syntax.ts';

describe('tokenizeRecord', () => {
  it('reads quoted and unquoted fields separated by spaces and tabs', () => {
    const { tokens, problem } = tokenizeRecord('#VER\t"A"  12 20240105 "Lön januari"\t20240106');
    expect(problem).toBeUndefined();
    expect(tokens).toEqual({
      label: 'VER',
      fields: ['A', '12', '20240105', 'Lön januari', '20240106'],
    });
  });

  it('unescapes \\" inside a quoted field (spec 5.7)', () => {
    const { tokens } = tokenizeRecord('#KONTO 1915 "Kassa \\"special\\""');
    expect(tokens.fields).toEqual(['1915', 'Kassa "special"']);
    expect(checksumParts(tokens)).toEqual(['#KONTO', '1915', 'Kassa "special"']);
  });

  it('reads object lists, with quoted or bare dimension numbers and no spaces inside the braces', () => {
    const { tokens } = tokenizeRecord('#TRANS 7010 {"1" "456" 7 47} 13200.00');
    expect(tokens.fields).toEqual(['7010', { items: ['1', '456', '7', '47'] }, '13200.00']);
    expect(tokenizeRecord('#TRANS 1910 {} -13200.00').tokens.fields).toEqual([
      '1910',
      { items: [] },
      '-13200.00',
    ]);
    expect(tokenizeRecord('#TRANS 1910 {1 "100"}-5').tokens.fields).toEqual([
      '1910',
      { items: ['1', '100'] },
      '-5',
    ]);
  });

  it('reports an object list that is never closed', () => {
    expect(tokenizeRecord('#TRANS 7010 {1 "456" 13200.00').problem).toBe('UNCLOSED_BRACE');
  });

  it('reports an unclosed quote and keeps the rest of the line', () => {
    const { tokens, problem } = tokenizeRecord('#FNAMN "Exempelkommun');
    expect(problem).toBe('UNCLOSED_QUOTE');
    expect(tokens.fields).toEqual(['Exempelkommun']);
  });
});
