import { describe, expect, it } from 'vitest';
import { parseTkr } from '../shared/money.ts';
import {
  changesBetween,
  effektAr,
  gap,
  monthsOfEffect,
  parseStatus,
  planTotals,
  plannedToDate,
  proRataEffect,
  type AtgardState,
} from './action-plan.ts';

const tkr = (text: string) => {
  const value = parseTkr(text);
  if (value === undefined) throw new Error(text);
  return value;
};

describe('effect this year', () => {
  it('is the full-year effect pro rata from the start month, in whole tkr (seed 003)', () => {
    // A move saving 270 tkr a year from October: 3/12 → 67,5 → 68.
    expect(proRataEffect(tkr('270'), 202310, 2023)).toBe(tkr('68'));
    // Two posts fewer (943) from May: 8/12 → 628,67 → 629.
    expect(proRataEffect(tkr('943'), 202305, 2023)).toBe(tkr('629'));
    // More assistance hours decided for July (443): 6/12 → 221,5 → 222.
    expect(proRataEffect(tkr('443'), 202307, 2023)).toBe(tkr('222'));
  });

  it('counts the months of effect within the year', () => {
    expect(monthsOfEffect(202301, 2023)).toBe(12);
    expect(monthsOfEffect(202312, 2023)).toBe(1);
    expect(monthsOfEffect(202204, 2023)).toBe(12);
    expect(monthsOfEffect(202401, 2023)).toBe(0);
    expect(proRataEffect(tkr('532'), 202204, 2023)).toBe(tkr('532'));
    expect(proRataEffect(tkr('100'), 202402, 2023)).toBe(0n);
  });

  it('rounds half away from zero, also for savings written as negative amounts', () => {
    expect(proRataEffect(tkr('-270'), 202310, 2023)).toBe(tkr('-68'));
    expect(proRataEffect(tkr('6'), 202312, 2023)).toBe(tkr('1')); // 0,5 → 1
    expect(proRataEffect(tkr('5,9'), 202312, 2023)).toBe(0n); // 0,49 → 0
  });

  it('takes an override with its reason instead of the rule, and says so', () => {
    const measure = {
      helarseffekt: tkr('888'),
      start: 202301,
      override: { effektAr: tkr('540'), reason: 'uppskattning' },
    };
    expect(effektAr(measure, 2023)).toEqual({ effektAr: tkr('540'), isOverride: true });
    expect(effektAr({ helarseffekt: tkr('888'), start: 202301 }, 2023)).toEqual({
      effektAr: tkr('888'),
      isOverride: false,
    });
  });
});

describe('totals and gap', () => {
  it('leaves what the measures do not cover: hemtjänst 4 200 − 2 750 = 1 450 tkr', () => {
    const totals = planTotals([
      { effektAr: tkr('2750'), helarseffekt: tkr('2750'), status: 'pågående' },
      { effektAr: 0n, helarseffekt: 0n, status: 'pågående' },
    ]);
    expect(gap(tkr('4200'), totals)).toEqual({ effektAr: tkr('1450'), helarseffekt: tkr('1450') });
  });

  it('counts no effect of a measure judged not feasible', () => {
    const totals = planTotals([
      { effektAr: tkr('177'), helarseffekt: tkr('532'), status: 'genomförd' },
      { effektAr: tkr('300'), helarseffekt: tkr('300'), status: 'ej genomförbar' },
      { effektAr: tkr('222'), helarseffekt: tkr('443'), status: 'uppskjuten' },
    ]);
    expect(totals).toEqual({ effektAr: tkr('399'), helarseffekt: tkr('975') });
  });
});

describe('follow-up', () => {
  it('spreads the effect over its months when asking what should show by a month', () => {
    // 68 tkr from October: nothing by September, a third by October, all by December.
    expect(plannedToDate(tkr('68'), 202310, 2023, 202309)).toBe(0n);
    expect(plannedToDate(tkr('60'), 202310, 2023, 202310)).toBe(tkr('20'));
    expect(plannedToDate(tkr('68'), 202310, 2023, 202312)).toBe(tkr('68'));
    expect(plannedToDate(tkr('1200'), 202204, 2023, 202303)).toBe(tkr('300'));
  });

  const measure = (changes: Partial<AtgardState> = {}): AtgardState => ({
    id: 1,
    atgardskravId: 1,
    title: 'Flytt till ny lokal',
    description: '',
    ownerUnit: null,
    start: 202310,
    helarseffekt: tkr('270'),
    effektAr: tkr('68'),
    isOverride: false,
    overrideReason: null,
    status: 'planerad',
    statustext: '',
    ...changes,
  });

  it('lists what changed between two dates: added, removed and changed fields', () => {
    const earlier = [measure(), measure({ id: 2, title: 'Lokalhyra' })];
    const later = [
      measure({ status: 'pågående', start: 202311, effektAr: tkr('45') }),
      measure({ id: 3, title: 'Ny' }),
    ];
    expect(changesBetween(earlier, later)).toEqual([
      {
        kind: 'changed',
        id: 1,
        title: 'Flytt till ny lokal',
        fields: [
          { field: 'start', before: 202310, after: 202311 },
          { field: 'effektAr', before: tkr('68'), after: tkr('45') },
          { field: 'status', before: 'planerad', after: 'pågående' },
        ],
      },
      { kind: 'added', id: 3, title: 'Ny', after: later[1] },
      { kind: 'removed', id: 2, title: 'Lokalhyra', before: earlier[1] },
    ]);
    expect(changesBetween(later, later)).toEqual([]);
  });

  it('reads statuses as people write them', () => {
    expect(parseStatus('Pågående')).toBe('pågående');
    expect(parseStatus('ej_genomforbar')).toBe('ej genomförbar');
    expect(parseStatus('klar')).toBeUndefined();
  });
});
