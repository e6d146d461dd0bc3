import { formatRecord, withChecksum } from '../sie/sie-writer.ts';
import type { ObjectRef } from '../sie/sie-records.ts';
import {
  ACTIVITIES_51,
  DRIFTRESULTAT,
  INVESTMENTS,
  TOP_ACTIVITIES,
  type SeedActivity,
} from './seed-004.ts';
import { solve, tkrRange, type Constraint, type Variable } from './solve.ts';

/**
 * "Exempelkommun": a fictitious municipality whose social services have the structure of seed 004
 * (activities 10, 51 with sixteen sub-activities, 55, 56, 57, 60 and 92, several ansvar under
 * each, personnel, capital and other accounts, investment projects). Its 2023 and 2024 ledgers
 * and 2024 budget are written as SIE 4 files that the ordinary import reads, chosen so that
 * the reports reproduce the seed's tables to the tkr.
 */
export interface DemoFile {
  name: string;
  lines: string[];
}

interface Leaf {
  activity: SeedActivity;
  /** The ansvar that book on this activity, with their share of its money (sums to 1). */
  ansvar: { code: string; name: string; share: number }[];
}

const KINDS = ['income', 'personnel', 'capital', 'other'] as const;
type Kind = (typeof KINDS)[number];
const SERIES = ['u24', 'b24', 'u23'] as const;
type Series = (typeof SERIES)[number];

/** Accounts (Kommun-Bas) and each one's share of its kind. */
const ACCOUNTS: Record<Kind, { konto: string; name: string; share: number }[]> = {
  income: [
    { konto: '3511', name: 'Avgifter vård och omsorg', share: 0.45 },
    { konto: '3711', name: 'Bidrag från staten', share: 0.55 },
  ],
  personnel: [
    { konto: '5011', name: 'Månadslön', share: 0.69 },
    { konto: '5611', name: 'Arbetsgivaravgifter och pensioner (PO)', share: 0.31 },
  ],
  capital: [{ konto: '7911', name: 'Avskrivningar inventarier', share: 1 }],
  other: [
    { konto: '4610', name: 'Köp av huvudverksamhet', share: 0.6 },
    { konto: '6410', name: 'Förbrukningsmaterial', share: 0.4 },
  ],
};

const CAPITAL_LEAVES = new Set(['5101', '5105', '5110', '92']);

function leaves(): Leaf[] {
  const result: Leaf[] = [];
  let next = 1;
  const ansvarFor = (a: SeedActivity, count: number) =>
    Array.from({ length: count }, (_, i) => ({
      code: String(1000 + next++ * 10),
      name: count === 1 ? a.name : `${a.name} ${['Norr', 'Söder', 'Centrum'][i] ?? i + 1}`,
      share: count === 1 ? 1 : i === 0 ? 0.6 : 0.4 / (count - 1),
    }));
  for (const a of ACTIVITIES_51)
    result.push({ activity: a, ansvar: ansvarFor(a, a.utfall > 10_000 ? 2 : 1) });
  for (const a of TOP_ACTIVITIES)
    if (a.code !== '51')
      result.push({ activity: a, ansvar: ansvarFor(a, a.utfall > 10_000 ? 3 : 1) });
  return result;
}

/** What the solver chooses; `other` costs are what remains: net + income − personnel − capital. */
const VAR_KINDS = ['net', 'income', 'personnel', 'capital'] as const;
type VarKind = (typeof VAR_KINDS)[number];
type Term = readonly [number, 1 | -1];

/** Whole kronor per leaf, series and kind, meeting every printed cell of the seed. */
export function solveDemoAmounts(): { leaves: Leaf[]; amounts: Map<string, number> } {
  const all = leaves();
  const allCodes = all.map((l) => l.activity.code);
  const variables: Variable[] = [];
  const index = new Map<string, number>();
  const key = (leaf: string, series: Series, kind: VarKind) => `${leaf}|${series}|${kind}`;
  const top51 = TOP_ACTIVITIES.find((a) => a.code === '51');
  if (!top51?.intakt) throw new Error('seed figures for 51 are missing');

  // A first guess: income shares of 51's income, personnel 71 % of costs, capital on a few leaves.
  for (const leaf of all) {
    const a = leaf.activity;
    for (const series of SERIES) {
      const isBudget = series === 'b24';
      const net = (isBudget ? a.budget : a.utfall) * 1000;
      const income = a.intakt
        ? (isBudget ? a.intakt.budget : a.intakt.utfall) * 1000
        : Math.round(
            (a.incomeShare ?? 0) * (isBudget ? top51.intakt.budget : top51.intakt.utfall) * 1000,
          ) + (net < 0 ? -net : 0);
      const capital = CAPITAL_LEAVES.has(a.code) ? 527_000 : 0;
      const personnel = Math.round((net + income - capital) * 0.71);
      const scale = series === 'u23' ? 1.02 : 1;
      const guess: Record<VarKind, number> = { net, income, personnel, capital };
      for (const kind of VAR_KINDS) {
        index.set(key(a.code, series, kind), variables.length);
        variables.push({
          lo: kind === 'net' ? -1e10 : 0,
          hi: 1e10,
          value: Math.round(guess[kind] * scale),
        });
      }
    }
  }

  const constraints: Constraint[] = [];
  const v = (leaf: string, series: Series, kind: VarKind) =>
    index.get(key(leaf, series, kind)) ?? -1;
  const terms = (codes: readonly string[], series: Series, kind: VarKind, sign: 1 | -1): Term[] =>
    codes.map((c) => [v(c, series, kind), sign]);
  // Net cost as printed in driftredovisning; costs = net + income.
  const net = (codes: readonly string[], series: Series, sign: 1 | -1 = 1) =>
    terms(codes, series, 'net', sign);
  const cost = (codes: readonly string[], series: Series, sign: 1 | -1) => [
    ...terms(codes, series, 'net', sign),
    ...terms(codes, series, 'income', sign),
  ];
  const add = (label: string, t: readonly Term[], tkr: number) =>
    constraints.push({ label, terms: t, ...tkrRange(tkr) });
  const codesOf = (top: string) =>
    allCodes.filter((c) => c === top || (top === '51' && c.startsWith('51')));

  for (const a of ACTIVITIES_51) {
    add(`${a.code} utfall`, net([a.code], 'u24'), a.utfall);
    add(`${a.code} budget`, net([a.code], 'b24'), a.budget);
    add(
      `${a.code} avvikelse`,
      [...net([a.code], 'b24'), ...net([a.code], 'u24', -1)],
      a.budget - a.utfall,
    );
  }
  for (const a of TOP_ACTIVITIES) {
    const codes = codesOf(a.code);
    add(`${a.code} utfall`, net(codes, 'u24'), a.utfall);
    add(`${a.code} budget`, net(codes, 'b24'), a.budget);
    add(
      `${a.code} avvikelse`,
      [...net(codes, 'b24'), ...net(codes, 'u24', -1)],
      a.budget - a.utfall,
    );
    if (a.intakt && a.kostnad) {
      add(`${a.code} intäkt utfall`, terms(codes, 'u24', 'income', 1), a.intakt.utfall);
      add(`${a.code} intäkt budget`, terms(codes, 'b24', 'income', 1), a.intakt.budget);
      add(`${a.code} kostnad utfall`, cost(codes, 'u24', -1), a.kostnad.utfall);
      add(`${a.code} kostnad budget`, cost(codes, 'b24', -1), a.kostnad.budget);
    }
  }
  const d = DRIFTRESULTAT;
  add('total utfall', net(allCodes, 'u24'), d.total.utfall);
  add('total budget', net(allCodes, 'b24'), d.total.budget);
  add('total avvikelse', [...net(allCodes, 'b24'), ...net(allCodes, 'u24', -1)], d.total.avvikelse);
  const rows: { series: Series; figures: typeof d.bokslut2024 }[] = [
    { series: 'u23', figures: d.bokslut2023 },
    { series: 'u24', figures: d.bokslut2024 },
    { series: 'b24', figures: d.budget2024 },
  ];
  for (const { series, figures } of rows) {
    add(`${series} intäkter`, terms(allCodes, series, 'income', 1), figures.intakter);
    add(`${series} kostnader`, cost(allCodes, series, -1), figures.kostnader);
    add(`${series} personal`, terms(allCodes, series, 'personnel', -1), figures.personal);
    add(`${series} kapital`, terms(allCodes, series, 'capital', -1), figures.kapital);
    add(`${series} resultat`, net(allCodes, series, -1), figures.resultat);
  }
  add(
    'avvikelse intäkter',
    [...terms(allCodes, 'u24', 'income', 1), ...terms(allCodes, 'b24', 'income', -1)],
    d.avvikelse.intakter,
  );
  add(
    'avvikelse kostnader',
    [...cost(allCodes, 'u24', -1), ...cost(allCodes, 'b24', 1)],
    d.avvikelse.kostnader,
  );
  add(
    'avvikelse personal',
    [...terms(allCodes, 'u24', 'personnel', -1), ...terms(allCodes, 'b24', 'personnel', 1)],
    d.avvikelse.personal,
  );
  add(
    'avvikelse kapital',
    [...terms(allCodes, 'u24', 'capital', -1), ...terms(allCodes, 'b24', 'capital', 1)],
    d.avvikelse.kapital,
  );
  add(
    'avvikelse resultat',
    [...net(allCodes, 'u24', -1), ...net(allCodes, 'b24', 1)],
    d.avvikelse.resultat,
  );
  // Other costs (net + income − personnel − capital) may not be negative.
  for (const code of allCodes) {
    for (const series of SERIES) {
      const t: Term[] = [
        [v(code, series, 'net'), 1],
        [v(code, series, 'income'), 1],
        [v(code, series, 'personnel'), -1],
        [v(code, series, 'capital'), -1],
      ];
      constraints.push({ label: `${code} ${series} other costs`, terms: t, lo: 0, hi: 1e10 });
    }
  }

  const values = solve(variables, constraints);
  const amounts = new Map<string, number>();
  for (const code of allCodes) {
    for (const series of SERIES) {
      const get = (kind: VarKind) => values[v(code, series, kind)] ?? 0;
      const base = `${code}|${series}|`;
      amounts.set(base + 'income', get('income'));
      amounts.set(base + 'personnel', get('personnel'));
      amounts.set(base + 'capital', get('capital'));
      amounts.set(base + 'other', get('net') + get('income') - get('personnel') - get('capital'));
    }
  }
  return { leaves: all, amounts };
}

/** Splits a whole-kronor amount into parts by shares, exactly: the last part takes the rest. */
function splitExact(total: number, shares: readonly number[]): number[] {
  const parts = shares.map((s) => Math.floor(total * s));
  parts[parts.length - 1] = total - parts.slice(0, -1).reduce((a, b) => a + b, 0);
  return parts;
}

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

/** Weights per month, January first, made into shares that add up to 1. */
function shares(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

/**
 * How the year's money falls over its months, as a social services administration's does. The
 * budget spreads staff costs by a staffing profile (summer vikarier in June–August) and the rest
 * by twelfths. The outcome has the same summer peak, a lower December for staff (the holiday pay
 * debt is settled in the summer), supplier invoices gathering at the year's end, state grants
 * arriving in lumps (quarterly, with a large settlement in December), and in 2024 the
 * placements of children and young people (56) and ekonomiskt bistånd (57) rising through the
 * autumn, as the deficit in the seed's bokslut grew. The year's totals are the seed's; only their
 * timing is shaped here, so that forecasts made in different months differ as in real life.
 */
function monthProfile(series: Series, kind: Kind, activity: string): number[] {
  if (series === 'b24')
    return kind === 'personnel'
      ? shares([8.1, 7.6, 8.2, 7.9, 8.2, 9.2, 10.6, 9.1, 8.0, 8.1, 7.9, 7.1])
      : shares(MONTHS.map(() => 1));
  switch (kind) {
    case 'personnel':
      return series === 'u24'
        ? shares([7.9, 7.5, 8.1, 7.9, 8.3, 9.5, 10.9, 9.2, 8.1, 8.2, 8.0, 6.4])
        : shares([8.0, 7.6, 8.2, 7.9, 8.2, 9.3, 10.7, 9.1, 8.0, 8.1, 7.9, 7.0]);
    case 'income':
      return series === 'u24'
        ? shares([6.0, 6.5, 9.5, 6.8, 7.0, 10.2, 5.9, 6.6, 9.3, 7.4, 7.8, 17.0])
        : shares([6.5, 6.8, 9.0, 7.0, 7.2, 9.8, 6.2, 6.9, 9.1, 7.6, 7.9, 16.0]);
    case 'capital':
      return shares(MONTHS.map(() => 1));
    case 'other':
      if (series === 'u24' && (activity === '56' || activity === '57'))
        return shares([6.0, 6.4, 7.0, 7.4, 7.8, 8.1, 8.3, 8.6, 9.1, 9.6, 10.2, 11.5]);
      return shares([7.4, 7.7, 8.3, 8.0, 8.4, 8.2, 6.6, 7.5, 8.4, 8.7, 8.9, 11.9]);
  }
}

function header(year: number): string[] {
  return [
    '#FLAGGA 0',
    formatRecord('PROGRAM', ['Balans demo', '1.0']),
    '#FORMAT PC8',
    formatRecord('GEN', [`${year + 1}0115`, 'Balans']),
    '#SIETYP 4',
    formatRecord('FNAMN', ['Exempelkommun']),
    formatRecord('ORGNR', ['212000-0001']),
    formatRecord('RAR', [0, `${year}0101`, `${year}1231`]),
    '#KPTYP KOMMUNBAS13',
  ];
}

const AREAS = [
  {
    code: 'VOO',
    name: 'Vård och omsorg',
    activities: ['5100', '5101', '5102', '5103', '5104', '5105', '5106', '5107', '5109'],
  },
  {
    code: 'FS',
    name: 'Funktionsstöd',
    activities: ['5108', '5110', '5111', '5112', '5113', '5114', '5115'],
  },
  { code: 'IFO', name: 'Individ- och familjeomsorg', activities: ['55', '56', '57', '60'] },
  { code: 'STAB', name: 'Stab och gemensamt', activities: ['10', '92'] },
];

/** The demo's organisation as an import file: förvaltning → verksamhetsområde → ansvar. */
export function demoOrganisation(): string {
  const lines = ['kod;namn;niva;overordnad', 'SOC;Socialförvaltningen;forvaltning;'];
  for (const area of AREAS) lines.push(`${area.code};${area.name};verksamhetsomrade;SOC`);
  for (const leaf of leaves()) {
    const area = AREAS.find((a) => a.activities.includes(leaf.activity.code));
    for (const ansvar of leaf.ansvar)
      lines.push(`${ansvar.code};${ansvar.name};ansvar;${area?.code ?? ''}`);
  }
  return lines.join('\n') + '\n';
}

/** The demo's SIE files: the 2023 ledger, and the 2024 ledger with its budget. */
export function demoFiles(): DemoFile[] {
  const { leaves: all, amounts } = solveDemoAmounts();
  const declarations = [
    ...Object.values(ACCOUNTS)
      .flat()
      .map((a) => formatRecord('KONTO', [a.konto, a.name])),
    formatRecord('KONTO', ['1221', 'Inventarier']),
    formatRecord('KONTO', ['1930', 'Bank']),
    formatRecord('KONTO', ['2440', 'Leverantörsskulder']),
    formatRecord('DIM', [1, 'Ansvar']),
    formatRecord('DIM', [2, 'Verksamhet']),
    formatRecord('DIM', [6, 'Projekt']),
    ...all.flatMap((l) => l.ansvar.map((a) => formatRecord('OBJEKT', [1, a.code, a.name]))),
    ...[...TOP_ACTIVITIES, ...ACTIVITIES_51].map((a) =>
      formatRecord('OBJEKT', [2, a.code, a.name]),
    ),
    ...INVESTMENTS.map((p) => formatRecord('OBJEKT', [6, p.code, p.name])),
  ];

  // Money per (ansvar, verksamhet, konto, month) in öre, SIE signs (income negative).
  const postings = (series: Series) => {
    const list: { objects: ObjectRef[]; konto: string; month: number; ore: bigint }[] = [];
    for (const leaf of all) {
      for (const kind of KINDS) {
        const total = amounts.get(`${leaf.activity.code}|${series}|${kind}`) ?? 0;
        const byAccount = splitExact(
          total,
          ACCOUNTS[kind].map((a) => a.share),
        );
        ACCOUNTS[kind].forEach((account, ai) => {
          const byAnsvar = splitExact(
            byAccount[ai] ?? 0,
            leaf.ansvar.map((a) => a.share),
          );
          leaf.ansvar.forEach((ansvar, ri) => {
            splitExact(byAnsvar[ri] ?? 0, monthProfile(series, kind, leaf.activity.code)).forEach(
              (kr, mi) => {
                if (kr === 0) return;
                const ore = BigInt(kr) * 100n;
                list.push({
                  objects: [
                    { dimension: 1, code: ansvar.code },
                    { dimension: 2, code: leaf.activity.code },
                  ],
                  konto: account.konto,
                  month: mi + 1,
                  ore: kind === 'income' ? -ore : ore,
                });
              },
            );
          });
        });
      }
    }
    return list;
  };

  const vouchers = (year: number, series: Series): string[] => {
    const lines: string[] = [];
    let number = 0;
    const all24 = postings(series);
    for (const month of MONTHS) {
      const ofMonth = all24.filter((p) => p.month === month);
      const byAnsvar = new Map<string, typeof ofMonth>();
      for (const p of ofMonth) {
        const ansvar = p.objects[0]?.code ?? '';
        byAnsvar.set(ansvar, [...(byAnsvar.get(ansvar) ?? []), p]);
      }
      const date = `${year}${String(month).padStart(2, '0')}28`;
      for (const [ansvar, rows] of byAnsvar) {
        number += 1;
        lines.push(
          formatRecord('VER', ['A', number, date, `Månadens bokföring ansvar ${ansvar}`]),
          '{',
        );
        let sum = 0n;
        for (const row of rows) {
          lines.push(formatRecord('TRANS', [row.konto, row.objects, { amount: row.ore }]));
          sum += row.ore;
        }
        lines.push(formatRecord('TRANS', ['1930', [], { amount: -sum }]), '}');
      }
    }
    if (year === 2024) {
      // Investments: expenditure on inventarier per project, paid through leverantörsskulder.
      for (const [i, project] of INVESTMENTS.entries()) {
        if (project.bokslut === 0) continue;
        number += 1;
        const ore = BigInt(-project.bokslut) * 100_000n;
        lines.push(
          formatRecord('VER', [
            'I',
            number,
            `2024${String(3 + i).padStart(2, '0')}15`,
            project.name,
          ]),
          '{',
        );
        lines.push(
          formatRecord('TRANS', ['1221', [{ dimension: 6, code: project.code }], { amount: ore }]),
        );
        lines.push(formatRecord('TRANS', ['2440', [], { amount: -ore }]), '}');
      }
    }
    return lines;
  };

  const budget = postings('b24').map((p) =>
    formatRecord('PBUDGET', [
      0,
      `2024${String(p.month).padStart(2, '0')}`,
      p.konto,
      p.objects,
      { amount: p.ore },
    ]),
  );
  const investmentBudget = INVESTMENTS.map((p) =>
    formatRecord('PBUDGET', [
      0,
      '202412',
      '1221',
      [{ dimension: 6, code: p.code }],
      { amount: BigInt(-p.budget) * 100_000n },
    ]),
  );

  return [
    {
      name: 'exempelkommun-2023.se',
      lines: withChecksum([...header(2023), ...declarations, ...vouchers(2023, 'u23')]),
    },
    {
      name: 'exempelkommun-2024.se',
      lines: withChecksum([
        ...header(2024),
        ...declarations,
        ...budget,
        ...investmentBudget,
        ...vouchers(2024, 'u24'),
      ]),
    },
  ];
}
