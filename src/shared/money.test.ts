import { describe, expect, it } from 'vitest';
import { formatKronor, oreToDecimal, parseAmount } from './money.ts';

describe('money', () => {
  it('parses SIE amounts into exact öre', () => {
    expect(parseAmount('-1234.56')).toBe(-123456n);
    expect(parseAmount('100')).toBe(10000n);
    expect(parseAmount('0.5')).toBe(50n);
    expect(parseAmount('99999999999999999.99')).toBe(9999999999999999999n);
  });

  it('refuses what is not an SIE amount', () => {
    for (const bad of ['', '1,5', '+5', '1.234', '1e3', '12a', '-', '.5'])
      expect(parseAmount(bad)).toBeUndefined();
  });

  it('writes exact decimals and Swedish kronor', () => {
    expect(oreToDecimal(-123456n)).toBe('-1234.56');
    expect(oreToDecimal(-5n)).toBe('-0.05');
    expect(oreToDecimal(1050n)).toBe('10.5');
    expect(oreToDecimal(10000n)).toBe('100');
    expect(formatKronor(-1234567n)).toBe('-12\u00a0345,67');
  });
});
