import { describe, expect, it } from 'vitest';
import { buildHierarchy, childUnder, topOf } from './activity-hierarchy.ts';
import { classify, type ReportLine } from './classification.ts';

const LINES: ReportLine[] = [
  { key: 'intakter', label: 'Intäkter', sort: 10, partOf: null, inResult: true, ranges: [{ from: '3', to: '3' }] },
  { key: 'kostnader', label: 'Kostnader', sort: 20, partOf: null, inResult: true, ranges: [{ from: '4', to: '7' }] },
  { key: 'personal', label: 'varav personalkostnader', sort: 21, partOf: 'kostnader', inResult: true, ranges: [{ from: '5', to: '5' }] },
  { key: 'kapital', label: 'varav kapitalkostnader', sort: 22, partOf: 'kostnader', inResult: true, ranges: [{ from: '79', to: '79' }] },
]; // prettier-ignore

describe('account classification', () => {
  it('puts each account in its line and its "varav" lines, whatever its length', () => {
    const result = classify(['3511', '5011', '79110', '4610', '7010'], LINES);
    expect(Object.fromEntries(result.main)).toEqual({
      '3511': 'intakter',
      '5011': 'kostnader',
      '79110': 'kostnader',
      '4610': 'kostnader',
      '7010': 'kostnader',
    });
    expect(Object.fromEntries(result.parts)).toEqual({
      '5011': ['personal'],
      '79110': ['kapital'],
    });
  });

  it('reports every account that falls in no line instead of dropping it', () => {
    expect(classify(['3511', '9100', '1930', '0001'], LINES).unclassified).toEqual([
      '0001',
      '1930',
      '9100',
    ]);
  });
});

describe('activity hierarchy', () => {
  const nodes = buildHierarchy([
    { code: '51', name: 'Äldreomsorg/LSS', parentCode: null },
    { code: '5101', name: 'Hemtjänst', parentCode: null },
    { code: '510101', name: 'Hemtjänst natt', parentCode: null },
    { code: '5199', name: 'Flyttad', parentCode: '92' },
    { code: '92', name: 'Gemensamt', parentCode: null },
  ]);

  it('takes the longest existing prefix as parent, unless a hierarchy file says otherwise', () => {
    expect(nodes.get('5101')?.parent).toBe('51');
    expect(nodes.get('510101')?.parent).toBe('5101');
    expect(nodes.get('5199')?.parent).toBe('92');
    expect(nodes.get('51')?.parent).toBeNull();
  });

  it('finds the top and the child on the way to it', () => {
    expect(topOf('510101', nodes)).toBe('51');
    expect(childUnder('510101', '51', nodes)).toBe('5101');
    expect(topOf('5199', nodes)).toBe('92');
    expect(childUnder('92', '51', nodes)).toBeUndefined();
  });
});
