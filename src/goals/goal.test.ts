import { describe, expect, it } from 'vitest';
import {
  evaluateFormula,
  formulaCodes,
  fulfilment,
  parseFormula,
  parseGoalTarget,
  parsePeriod,
  periodText,
  printedAssessment,
  proposeAssessment,
  roundRational,
  sumDecimals,
  targetText,
  targetValue,
  trend,
} from './goal.ts';

const target = (text: string, direction: 'higher' | 'lower' = 'higher') => {
  const parsed = parseGoalTarget(text, direction);
  if (!parsed) throw new Error(`target "${text}" not read`);
  return parsed;
};

describe('goal targets', () => {
  it('reads the kinds people write', () => {
    expect(target('7%', 'lower')).toEqual({
      kind: 'value',
      comparator: '<=',
      value: '7',
      text: '',
    });
    expect(target('≥ 85 %')).toEqual({ kind: 'value', comparator: '>=', value: '85', text: '' });
    expect(target('< 5')).toMatchObject({ comparator: '<', value: '5' });
    expect(target('Öka jmf utfall 2023')).toEqual({
      kind: 'relative',
      change: 'increase',
      text: 'Öka jmf utfall 2023',
    });
    expect(target('minska', 'lower')).toMatchObject({ kind: 'relative', change: 'decrease' });
    expect(target('10–20')).toEqual({ kind: 'range', low: '10', high: '20', text: '' });
    expect(target('')).toEqual({ kind: 'none', text: '' });
    expect(parseGoalTarget('mycket', 'higher')).toBeUndefined();
    expect(parseGoalTarget('20–10', 'higher')).toBeUndefined();
  });

  it('prints a target without the sign its direction implies, and with any other', () => {
    expect(targetText(target('7', 'lower'), '%', 'lower')).toBe('7 %');
    expect(targetText(target('< 5', 'lower'), '%', 'lower')).toBe('< 5 %');
    expect(targetText(target('≥ 10,5'), '', 'higher')).toBe('10,5');
    expect(targetText(target('öka'), 'antal', 'higher')).toBe('öka');
    expect(targetText(target('10-20'), '%', 'higher')).toBe('10–20 %');
    expect(targetValue(target('7', 'lower'))).toBe('7');
    expect(targetValue(target('öka'))).toBeNull();
  });
});

describe('fulfilment and trend are apart (seed 004)', () => {
  it('sick leave 10,74 % against 7 %, 11,5 % last year: not met, improving, printed ↑', () => {
    const t = target('7%', 'lower');
    const fulfilled = fulfilment(t, '10.74', '11.5');
    const tr = trend('10.74', '11.5', 'lower');
    expect(fulfilled).toBe(false);
    expect(tr).toBe('improving');
    expect(proposeAssessment({ fulfilled, trend: tr })).toBe('↑');
  });

  it('61 % against 85 % without last year: not met, no trend, printed ↓', () => {
    const fulfilled = fulfilment(target('85'), '61', null);
    expect(fulfilled).toBe(false);
    expect(trend('61', null, 'higher')).toBeNull();
    expect(proposeAssessment({ fulfilled, trend: null })).toBe('↓');
    expect(proposeAssessment({ fulfilled: true, trend: null })).toBe('↑');
    expect(proposeAssessment({ fulfilled: null, trend: null })).toBeNull();
  });

  it('judges relative targets against last year, ranges inclusively', () => {
    expect(fulfilment(target('Öka jmf utfall 2023'), '85', '36')).toBe(true);
    expect(fulfilment(target('öka'), '3', '3')).toBe(false);
    expect(fulfilment(target('öka'), '3', null)).toBeNull();
    expect(fulfilment(target('minska', 'lower'), '15', '17')).toBe(true);
    expect(fulfilment(target('10-20'), '20', null)).toBe(true);
    expect(fulfilment(target('10-20'), '20.01', null)).toBe(false);
    expect(fulfilment(target(''), '20', '1')).toBeNull();
    expect(fulfilment(null, '20', '1')).toBeNull();
    expect(fulfilment(target('10', 'lower'), null, '1')).toBeNull();
    expect(trend('3', '3', 'higher')).toBe('unchanged');
    expect(trend('15', '17', 'higher')).toBe('worsening');
    expect(proposeAssessment({ fulfilled: false, trend: 'unchanged' })).toBe('→');
  });

  it("prints the manager's choice, '' as none, else the proposal", () => {
    expect(printedAssessment(null, '↑')).toBe('↑');
    expect(printedAssessment('', '↑')).toBeNull();
    expect(printedAssessment('Uppfylld', '↑')).toBe('Uppfylld');
  });
});

describe('periods', () => {
  it('reads a year or a month', () => {
    expect(parsePeriod('2024')).toEqual({ from: 202401, to: 202412 });
    expect(parsePeriod('2024-03')).toEqual({ from: 202403, to: 202403 });
    expect(parsePeriod('2024-13')).toBeUndefined();
    expect(parsePeriod('24')).toBeUndefined();
    expect(periodText(202401, 202412)).toBe('2024');
    expect(periodText(202403, 202403)).toBe('2024-03');
    expect(periodText(202401, 202403)).toBe('2024-01–2024-03');
  });
});

describe('formulas over base measures, exactly', () => {
  it('utförandegrad = performed hours at the customer / working hours, rounded half away from zero', () => {
    const f = '100 * TC_UTFORD / TC_ARBETAD';
    expect(formulaCodes(f)).toEqual(['TC_UTFORD', 'TC_ARBETAD']);
    // 6 460 of 10 000 hours: 64,6 %
    const value = evaluateFormula(
      f,
      new Map([
        ['TC_UTFORD', '6460'],
        ['TC_ARBETAD', '10000'],
      ]),
    );
    if (!value) throw new Error('no value');
    expect(roundRational(value, 1)).toBe('64.6');
    // 1/3 of the hours: 33,333… → 33,3; 2/3 → 66,7; exactly ,x5 rounds away from zero
    const third = evaluateFormula(
      f,
      new Map([
        ['TC_UTFORD', '1'],
        ['TC_ARBETAD', '3'],
      ]),
    );
    const twoThirds = evaluateFormula(
      f,
      new Map([
        ['TC_UTFORD', '2'],
        ['TC_ARBETAD', '3'],
      ]),
    );
    const half = evaluateFormula(
      f,
      new Map([
        ['TC_UTFORD', '0.125'],
        ['TC_ARBETAD', '100'],
      ]),
    );
    if (!third || !twoThirds || !half) throw new Error('no value');
    expect(roundRational(third, 1)).toBe('33.3');
    expect(roundRational(twoThirds, 1)).toBe('66.7');
    expect(roundRational(half, 2)).toBe('0.13');
    expect(roundRational({ n: -1n, d: 8n }, 2)).toBe('-0.13');
    expect(roundRational({ n: -1n, d: 1000n }, 2)).toBe('0');
  });

  it('direkt + indirekt brukartid, a float would lose 0,1 + 0,2', () => {
    const f = '(DIREKT + INDIREKT) / TOTAL * 100';
    const value = evaluateFormula(
      f,
      new Map([
        ['DIREKT', '0.1'],
        ['INDIREKT', '0.2'],
        ['TOTAL', '0.3'],
      ]),
    );
    if (!value) throw new Error('no value');
    expect(roundRational(value, 6)).toBe('100');
    expect(value).toEqual({ n: 100n, d: 1n });
  });

  it('has no figure when a base measure is missing or a divisor is zero', () => {
    expect(evaluateFormula('A / B', new Map([['A', '1']]))).toBeNull();
    expect(
      evaluateFormula(
        'A / B',
        new Map([
          ['A', '1'],
          ['B', '0'],
        ]),
      ),
    ).toBeNull();
    expect(evaluateFormula('-A + 2', new Map([['A', '1']]))).toEqual({ n: 1n, d: 1n });
  });

  it('refuses formulas it cannot read', () => {
    expect(() => parseFormula('A +')).toThrow(/slutar/);
    expect(() => parseFormula('(A')).toThrow(/parentes/);
    expect(() => parseFormula('A $ B')).toThrow(/oväntat tecken/);
    expect(() => parseFormula('A B')).toThrow(/oväntat/);
  });

  it('sums monthly base measures exactly', () => {
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimals(['1200.5', '1300.25', '-0.75'])).toBe('2500');
    expect(sumDecimals([])).toBe('0');
  });
});
