import { describe, expect, it } from 'vitest';
import { parseJsonKeepingValues } from './kolada.client.ts';
import {
  chunk,
  dataUrls,
  decimalFromJsonNumber,
  kpiChanges,
  parseKpiIds,
  parseMunicipalityIds,
  parseYears,
} from './kolada.ts';

describe('Kolada rules', () => {
  it('keeps a JSON number as the decimal text it was written as', () => {
    expect(decimalFromJsonNumber('31.32959689')).toBe('31.32959689');
    expect(decimalFromJsonNumber('10.70')).toBe('10.7');
    expect(decimalFromJsonNumber('590')).toBe('590');
    expect(decimalFromJsonNumber('-0')).toBe('0');
    expect(decimalFromJsonNumber('1.5e-3')).toBe('0.0015');
    expect(decimalFromJsonNumber('2.5E+4')).toBe('25000');
    expect(decimalFromJsonNumber('-12e-1')).toBe('-1.2');
    expect(decimalFromJsonNumber('0.000')).toBe('0');
    expect(decimalFromJsonNumber('1,5')).toBeUndefined();
    expect(decimalFromJsonNumber('NaN')).toBeUndefined();
    // Digits beyond a float's precision survive: JSON.parse alone gives 123456789.12345679.
    const parsed = parseJsonKeepingValues(
      '{"values":[{"value":123456789.123456789,"count":1}]}',
    ) as { values: { value: { source: string }; count: number }[] };
    expect(parsed.values[0]?.value.source).toBe('123456789.123456789');
    expect(parsed.values[0]?.count).toBe(1);
  });

  it('reads ids and years, and asks at most 25 ids a path segment', () => {
    expect(parseKpiIds('n00090, U21468,N00090')).toEqual(['N00090', 'U21468']);
    expect(() => parseKpiIds('N0009')).toThrow(/N0009.*en bokstav och fem siffror/);
    expect(parseMunicipalityIds('1882,0180')).toEqual(['1882', '0180']);
    expect(() => parseMunicipalityIds('Askersund')).toThrow(/fyra siffror/);
    expect(parseYears('2020-2023')).toEqual([2020, 2021, 2022, 2023]);
    expect(parseYears('2024')).toEqual([2024]);
    expect(() => parseYears('2024-2020')).toThrow(/FRÅN-TILL/);
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    const municipalities = Array.from({ length: 30 }, (_, i) => String(1000 + i));
    const urls = dataUrls('https://api.kolada.se/v3', {
      kpis: ['N00090'],
      municipalities,
      years: [2023, 2024],
    });
    expect(urls).toHaveLength(2);
    expect(urls[0]).toBe(
      `https://api.kolada.se/v3/data/kpi/N00090/municipality/${municipalities.slice(0, 25).join(',')}/year/2023,2024`,
    );
    expect(urls[1]).toContain('/municipality/1025,1026,1027,1028,1029/');
  });

  it('tells a changed title or definition apart from an unchanged KPI', () => {
    const since = new Date('2026-01-15T10:00:00Z');
    const before = {
      title: 'Sjukfrånvaro',
      description: 'Andel',
      definitionHash: 'a',
      fetchedAt: since,
    };
    const kpi = { id: 'N00090', title: 'Sjukfrånvaro', description: 'Andel', fields: {} };
    expect(kpiChanges(before, { kpi, definitionHash: 'a' })).toEqual([]);
    expect(
      kpiChanges(before, { kpi: { ...kpi, title: 'Sjukfrånvaro, kommun' }, definitionHash: 'b' }),
    ).toEqual([
      {
        kpi: 'N00090',
        field: 'title',
        before: 'Sjukfrånvaro',
        after: 'Sjukfrånvaro, kommun',
        since,
      },
    ]);
    expect(kpiChanges(before, { kpi, definitionHash: 'c' }).map((c) => c.field)).toEqual([
      'definition',
    ]);
  });
});
