import { describe, expect, it } from 'vitest';
import { compareDecimal, formatTarget, meetsTarget, parseDecimal, parseTarget } from './kpi.ts';

describe('key figures', () => {
  it('reads decimals as people write them, exactly', () => {
    expect(parseDecimal('64,6')).toBe('64.6');
    expect(parseDecimal('64,60 %')).toBe('64.6');
    expect(parseDecimal('−3,25')).toBe('-3.25');
    expect(parseDecimal('007')).toBe('7');
    expect(parseDecimal('-0,0')).toBe('0');
    expect(parseDecimal('sex')).toBeUndefined();
    expect(compareDecimal('64.6', '70')).toBe(-1);
    expect(compareDecimal('0.1', '0.10')).toBe(0);
    expect(compareDecimal('-1.5', '-1.25')).toBe(-1);
  });

  it('judges outcomes against targets with a direction (seed 003)', () => {
    const atLeast70 = parseTarget('>= 70');
    const under5 = parseTarget('< 5');
    const under1 = parseTarget('< 1');
    if (!atLeast70 || !under5 || !under1) throw new Error('targets not read');
    expect(meetsTarget('64.6', atLeast70)).toBe(false); // utförandegrad
    expect(meetsTarget('70', atLeast70)).toBe(true);
    expect(meetsTarget('3.5', under5)).toBe(true); // bomtid
    expect(meetsTarget('1.4', under1)).toBe(false); // avböjda besök
    expect(meetsTarget('1', under1)).toBe(false);
    expect(formatTarget(atLeast70, '%')).toBe('≥ 70 %');
    expect(parseTarget('≤ 7')).toEqual({ comparator: '<=', value: '7' });
    expect(parseTarget('98')).toEqual({ comparator: '>=', value: '98' });
    expect(parseTarget('mer')).toBeUndefined();
  });
});
