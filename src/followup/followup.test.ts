import { describe, expect, it } from 'vitest';
import type { OrgUnit } from '../organisation/organisation.ts';
import { buildHierarchy } from '../reports/activity-hierarchy.ts';
import type { ReportLine } from '../reports/classification.ts';
import {
  accountGroupName,
  accountsInResult,
  accountsOfFilter,
  activityPath,
  ansvarInArea,
  checkAnsvarInScope,
  drillPath,
  drillRows,
  kontogruppOf,
  monthRange,
  overview,
  subtreeCodes,
  type PeriodSum,
} from './followup.ts';

const LINES: ReportLine[] = [
  { key: 'intakter', label: 'Intäkter', sort: 10, partOf: null, inResult: true, ranges: [{ from: '3', to: '3' }] },
  { key: 'kostnader', label: 'Kostnader', sort: 20, partOf: null, inResult: true, ranges: [{ from: '4', to: '7' }] },
  { key: 'personal', label: 'varav personal', sort: 21, partOf: 'kostnader', inResult: true, ranges: [{ from: '5', to: '5' }] },
  { key: 'finansiellt', label: 'Finansiellt', sort: 90, partOf: null, inResult: false, ranges: [{ from: '8', to: '8' }] },
  { key: 'balans', label: 'Balans', sort: 99, partOf: null, inResult: false, ranges: [{ from: '1', to: '2' }] },
]; // prettier-ignore

// 51 with children 5101 and 5102 (5102 has 51021 below it), and 55 without children.
const ACTIVITIES = buildHierarchy([
  { code: '51', name: 'Äldreomsorg', parentCode: null },
  { code: '5101', name: 'Hemtjänst', parentCode: null },
  { code: '5102', name: 'Särskilt boende', parentCode: null },
  { code: '51021', name: 'Demensboende', parentCode: null },
  { code: '55', name: 'Missbruk', parentCode: null },
]);

const UNITS = new Map<string, OrgUnit>(
  [
    { code: 'SOC', name: 'Socialförvaltningen', level: 'forvaltning', parent: null },
    { code: 'VOO', name: 'Vård och omsorg', level: 'verksamhetsomrade', parent: 'SOC' },
    { code: 'IFO', name: 'IFO', level: 'verksamhetsomrade', parent: 'SOC' },
    { code: 'E1', name: 'Enhet hemtjänst', level: 'enhet', parent: 'VOO' },
    { code: '1010', name: 'Hemtjänst Norr', level: 'ansvar', parent: 'E1' },
    { code: '1020', name: 'Boende', level: 'ansvar', parent: 'VOO' },
    { code: '2010', name: 'Missbruk', level: 'ansvar', parent: 'IFO' },
  ].map((u) => [u.code, u as OrgUnit]),
);

const kr = (kronor: number) => BigInt(kronor) * 100n;
const PERIODS = [202401, 202402, 202403, 202404];

function sum(period: number, ansvar: string, verksamhet: string, kronor: number): PeriodSum {
  return { period, ansvar, verksamhet, amount: kr(kronor) };
}

describe('accounts of the operating result', () => {
  it('takes income and costs, leaves out financial and balance accounts, and names the unclassified', () => {
    expect(accountsInResult(['3511', '5011', '7911', '8410', '1930', '9999'], LINES)).toEqual({
      inResult: ['3511', '5011', '7911'],
      unclassified: ['9999'],
    });
  });

  it('narrows them to a kontogrupp and a konto', () => {
    const all = ['3511', '5011', '5611', '6410'];
    expect(accountsOfFilter(all, { kontogrupp: '56' })).toEqual(['5611']);
    expect(accountsOfFilter(all, { konto: '5011' })).toEqual(['5011']);
    expect(accountsOfFilter(all, { kontogrupp: '56', konto: '5011' })).toEqual([]);
    expect(accountsOfFilter(all, { konto: '8410' })).toEqual([]);
    expect(kontogruppOf('5011')).toBe('50');
    expect(accountGroupName('50', new Map([['50', 'Löner arbetad tid']]))).toBe(
      'Löner arbetad tid',
    );
    expect(accountGroupName('35', new Map())).toBe('Kontogrupp 35');
  });
});

describe('months, scope and trees', () => {
  it('turns months of the fiscal year into periods and names the bad parameter', () => {
    const broken = [202407, 202408, 202409]; // a fiscal year from July
    expect(monthRange(broken, 1, 2)).toEqual({ fromPeriod: 202407, toPeriod: 202408 });
    expect(() => monthRange(broken, 1, 4)).toThrow(/^to: månad 4 finns inte/);
    expect(() => monthRange(broken, 0, 2)).toThrow(/^from:/);
    expect(() => monthRange(broken, 3, 2)).toThrow(/^from: månad 3 ligger efter to/);
  });

  it("refuses a manager another unit's ansvar, and lets those who see everything ask for any", () => {
    expect(() => {
      checkAnsvarInScope('1010', new Set(['2010']));
    }).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => {
      checkAnsvarInScope('2010', new Set(['2010']));
    }).not.toThrow();
    expect(() => {
      checkAnsvarInScope('1010', undefined);
    }).not.toThrow();
  });

  it('finds the ansvar of an area through enheter, a subtree of activities and a path up', () => {
    expect(ansvarInArea('VOO', UNITS)).toEqual(['1010', '1020']);
    expect(ansvarInArea('IFO', UNITS)).toEqual(['2010']);
    expect(subtreeCodes('51', ACTIVITIES)).toEqual(['51', '5101', '5102', '51021']);
    expect(subtreeCodes('5102', ACTIVITIES)).toEqual(['5102', '51021']);
    expect(subtreeCodes('77', ACTIVITIES)).toEqual(['77']);
    expect(activityPath('51021', ACTIVITIES)).toEqual(['51', '5102', '51021']);
  });
});

describe('the overview', () => {
  const input = {
    periods: PERIODS,
    throughMonth: 2,
    unit: 'tkr' as const,
    activities: ACTIVITIES,
    units: UNITS,
    ansvarNames: new Map([['9000', 'Gammalt ansvar']]),
    budget: [
      ...PERIODS.map((p) => sum(p, '1010', '5101', 10_000)),
      ...PERIODS.map((p) => sum(p, '2010', '55', 2_000)),
      sum(202401, '9000', '51', 1_400),
    ],
    utfall: [
      sum(202401, '1010', '5101', 12_600),
      sum(202402, '1010', '51021', 9_000),
      sum(202401, '2010', '55', 1_000),
      sum(202402, '9000', '51', 700),
      // After throughMonth: not outcome to date.
      sum(202403, '1010', '5101', 50_000),
    ],
  };

  it('sums budget for the year and to date, utfall to date, each cell rounded on its own', () => {
    const result = overview(input);
    // Budget year 40 000 + 8 000 + 1 400 = 49 400; to date 20 000 + 4 000 + 1 400 = 25 400.
    // Utfall 12 600 + 9 000 + 1 000 + 700 = 23 300; avvikelse 2 100 → 2 tkr.
    expect(result.total).toEqual({ budgetYear: 49n, budget: 25n, utfall: 23n, avvikelse: 2n });
  });

  it('puts ansvar under their verksamhetsområde, and those outside the tree last', () => {
    expect(overview(input).areas).toEqual([
      { code: 'IFO', name: 'IFO', budgetYear: 8n, budget: 4n, utfall: 1n, avvikelse: 3n },
      { code: 'VOO', name: 'Vård och omsorg', budgetYear: 40n, budget: 20n, utfall: 22n, avvikelse: -2n },
      { code: '', name: 'Utanför organisationen', budgetYear: 1n, budget: 1n, utfall: 1n, avvikelse: 1n },
    ]); // prettier-ignore
  });

  it('folds activities into their tops and direct children, money on the top itself as its own child', () => {
    const [top51, top55] = overview(input).activities;
    expect(top51?.code).toBe('51');
    expect(top51?.children.map((c) => [c.code, c.budget, c.utfall])).toEqual([
      ['51', 1n, 1n],
      ['5101', 20n, 13n],
      // 51021 is below 5102: counted in 5102.
      ['5102', 0n, 9n],
    ]);
    expect(top55).toMatchObject({ code: '55', budget: 4n, utfall: 1n, children: [] });
  });

  it('gives every month, with utfall null after throughMonth and cumulative sums ending at the totals', () => {
    const { series, total } = overview(input);
    expect(series.map((s) => s.period)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04']);
    expect(series[1]).toEqual({
      month: 2,
      period: '2024-02',
      budget: 12n,
      utfall: 10n,
      budgetCumulative: 25n,
      utfallCumulative: 23n,
    });
    expect(series[2]?.utfall).toBeNull();
    expect(series[2]?.utfallCumulative).toBeNull();
    expect(series[1]?.utfallCumulative).toBe(total.utfall);
    expect(series[1]?.budgetCumulative).toBe(total.budget);
    expect(series[3]?.budgetCumulative).toBe(total.budgetYear);
  });

  it('lists the largest deviations per ansvar by exact öre, largest first, zero deviations left out', () => {
    const result = overview({
      ...input,
      budget: [
        sum(202401, '1010', '5101', 1_000),
        sum(202401, '1020', '5102', 1_000),
        sum(202401, '2010', '55', 5_000),
      ],
      // 1010: −400,00; 1020: +400,01 (larger by one öre); 2010: no deviation.
      utfall: [
        sum(202401, '1010', '5101', 1_400),
        { period: 202401, ansvar: '1020', verksamhet: '5102', amount: kr(600) - 1n },
        sum(202401, '2010', '55', 5_000),
      ],
    });
    expect(result.largestDeviations).toEqual([
      { ansvar: '1020', name: 'Boende', area: 'VOO', budget: 1n, utfall: 1n, avvikelse: 0n },
      { ansvar: '1010', name: 'Hemtjänst Norr', area: 'VOO', budget: 1n, utfall: 1n, avvikelse: 0n },
    ]); // prettier-ignore
  });

  it('keeps at most ten deviations', () => {
    const budget = Array.from({ length: 12 }, (_, i) => sum(202401, String(3000 + i), '55', i + 1));
    const result = overview({ ...input, budget, utfall: [] });
    expect(result.largestDeviations.map((d) => d.ansvar)).toEqual(
      Array.from({ length: 10 }, (_, i) => String(3011 - i)),
    );
  });

  it('has no utfall at all before the first month with outcome', () => {
    const result = overview({ ...input, throughMonth: 0 });
    expect(result.total).toEqual({ budgetYear: 49n, budget: 0n, utfall: 0n, avvikelse: 0n });
    expect(result.series.every((s) => s.utfall === null)).toBe(true);
  });
});

describe('the drill-down', () => {
  const name = (code: string) => `namn ${code}`;
  const utfall = [
    { code: '51', amount: kr(100) },
    { code: '5101', amount: kr(1_000) },
    { code: '51021', amount: kr(300) },
    { code: '55', amount: kr(50) },
  ];
  const budget = [
    { code: '5101', amount: kr(900) },
    { code: '55', amount: kr(50) },
    { code: '56', amount: 0n },
  ];

  it('lists the top activities without a filter, zero rows left out', () => {
    const result = drillRows({ by: 'verksamhet', utfall, budget, activities: ACTIVITIES, name });
    expect(result.rows).toEqual([
      { code: '51', name: 'namn 51', budget: kr(900), utfall: kr(1_400), avvikelse: kr(-500), hasChildren: true },
      { code: '55', name: 'namn 55', budget: kr(50), utfall: kr(50), avvikelse: 0n, hasChildren: false },
    ]); // prettier-ignore
    expect(result.total).toEqual({ budget: kr(950), utfall: kr(1_450), avvikelse: kr(-500) });
  });

  it('lists the children of the filtered activity, and the activity itself for money booked on it', () => {
    const result = drillRows({
      by: 'verksamhet',
      utfall: utfall.filter((u) => u.code.startsWith('51')),
      budget: budget.filter((b) => b.code.startsWith('51')),
      verksamhet: '51',
      activities: ACTIVITIES,
      name,
    });
    expect(result.rows.map((r) => [r.code, r.utfall, r.hasChildren])).toEqual([
      ['51', kr(100), false],
      ['5101', kr(1_000), false],
      ['5102', kr(300), true],
    ]);
  });

  it('lists other dimensions by their own codes', () => {
    const result = drillRows({
      by: 'kontogrupp',
      utfall: [
        { code: '56', amount: 5n },
        { code: '50', amount: 7n },
      ],
      budget: [],
      activities: ACTIVITIES,
      name,
    });
    expect(result.rows.map((r) => [r.code, r.avvikelse, r.hasChildren])).toEqual([
      ['50', -7n, false],
      ['56', -5n, false],
    ]);
  });

  it('writes the breadcrumb in drill order, with the ancestors of a verksamhet', () => {
    const path = drillPath(
      { konto: '5011', verksamhet: '5102', ansvar: '1010', kontogrupp: '50', omrade: 'VOO' },
      {
        activities: ACTIVITIES,
        area: (code) => UNITS.get(code)?.name ?? code,
        ansvar: (code) => UNITS.get(code)?.name ?? code,
        kontogrupp: (code) => `grupp ${code}`,
        konto: (code) => `konto ${code}`,
      },
    );
    expect(path).toEqual([
      { by: 'omrade', code: 'VOO', name: 'Vård och omsorg' },
      { by: 'verksamhet', code: '51', name: 'Äldreomsorg' },
      { by: 'verksamhet', code: '5102', name: 'Särskilt boende' },
      { by: 'ansvar', code: '1010', name: 'Hemtjänst Norr' },
      { by: 'kontogrupp', code: '50', name: 'grupp 50' },
      { by: 'konto', code: '5011', name: 'konto 5011' },
    ]);
  });
});
