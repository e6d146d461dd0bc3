/**
 * Writes a deterministic SIE 4E file in the shape of a Swedish municipality's ledger export:
 * about 400 Kommun-Bas-like accounts, 300 ansvar (dimension 1), 60 verksamheter (dimension 2),
 * opening and closing balances, and vouchers over the twelve months of 2024 with exactly the
 * asked number of #TRANS rows.
 *
 *   node bench/generate-sie.ts OUT.se 1000000 [--seed 2024] [--shape clustered|uniform]
 *
 * Two shapes of ledger:
 * - clustered (the default): each ansvar belongs to one or two verksamheter (dimension 2) of its
 *   förvaltning and books on its own subset of about 40 accounts, so the distinct (period, konto,
 *   ansvar, verksamhet) combinations stay at a few hundred thousand however many rows are asked
 *   for (about 170 000 at 1 M rows);
 * - uniform: the verksamheter are on dimension 23, each ansvar belongs to one of them, and every
 *   voucher has 10 rows whose account (of all 400) and ansvar (of all 300) are drawn uniformly,
 *   so the distinct (period, konto, ansvar, verksamhet) are about 70 % of the rows at 1 M rows
 *   and approach all 12 × 400 × 300 = 1.44 M at 10 M rows.
 *
 * Beside the file, OUT.rows.csv holds every #TRANS row as `period,konto,ansvar,verksamhet,
 * amount_ore` (for the DuckDB baseline of bench/import-bench.ts).
 *
 * The file is written in CP437 (PC8) with CRLF line ends, streamed in bounded memory, to
 * OUT.partial and renamed to OUT when complete. A summary is written to OUT.json and stdout.
 * Generation takes two passes over the same seeded vouchers: the first sums the accounts for
 * #UB and #RES (which SIE places before the vouchers), the second writes the file.
 */
import { once } from 'node:events';
import { createWriteStream, renameSync, writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';

export type Shape = 'clustered' | 'uniform';
export const SHAPES: readonly Shape[] = ['clustered', 'uniform'];

export interface GenerateSummary {
  file: string;
  /** Every #TRANS row as CSV (period,konto,ansvar,verksamhet,amount_ore). */
  rowsCsv?: string;
  shape?: Shape;
  seed: number;
  bytes: number;
  rows: number;
  vouchers: number;
  accounts: number;
  ansvar: number;
  verksamheter: number;
  /** Distinct (period, konto, ansvar, verksamhet) among the #TRANS rows. */
  combinations: number;
  seconds: number;
}

// ---------------------------------------------------------------------------------------------
// Seeded random numbers

class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** mulberry32: uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [low, high]. */
  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  /** Index drawn by weight. */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] ?? 0;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
  /** Up to `count` distinct items, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    const n = Math.min(count, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      const a = copy[i] as T;
      copy[i] = copy[j] as T;
      copy[j] = a;
    }
    return copy.slice(0, n);
  }
  /** A log-normal amount in öre around a median in kronor, within [1 kr, max kr]. */
  ore(medianKr: number, sigma: number, maxKr: number): number {
    const u = 1 - this.next();
    const v = this.next();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    const kr = Math.min(maxKr, Math.max(1, medianKr * Math.exp(sigma * normal)));
    // Many municipal amounts are whole kronor.
    return this.chance(0.3) ? Math.round(kr) * 100 : Math.round(kr * 100);
  }
}

// ---------------------------------------------------------------------------------------------
// The chart of accounts (Kommun-Bas-like): [three-digit group, name, use, accounts in the group]

type Use = 'asset' | 'liability' | 'income' | 'goods' | 'personnel' | 'other' | 'finance';

const ACCOUNT_GROUPS: readonly (readonly [string, string, Use, number])[] = [
  ['111', 'Markreserv', 'asset', 2],
  ['112', 'Verksamhetsfastigheter', 'asset', 5],
  ['113', 'Fastigheter för affärsverksamhet', 'asset', 3],
  ['114', 'Publika fastigheter', 'asset', 4],
  ['115', 'Fastigheter för annan verksamhet', 'asset', 3],
  ['121', 'Maskiner', 'asset', 3],
  ['122', 'Inventarier', 'asset', 5],
  ['123', 'Bilar och andra transportmedel', 'asset', 3],
  ['131', 'Aktier och andelar', 'asset', 3],
  ['138', 'Långfristiga fordringar', 'asset', 3],
  ['141', 'Förråd', 'asset', 2],
  ['151', 'Kundfordringar', 'asset', 5],
  ['152', 'Fordringar hos staten', 'asset', 4],
  ['159', 'Övriga kortfristiga fordringar', 'asset', 4],
  ['161', 'Kortfristiga placeringar', 'asset', 3],
  ['171', 'Förutbetalda kostnader', 'asset', 3],
  ['179', 'Upplupna intäkter', 'asset', 3],
  ['191', 'Kassa', 'asset', 2],
  ['193', 'Bank', 'asset', 4],
  ['201', 'Eget kapital', 'liability', 3],
  ['205', 'Resultatutjämningsreserv', 'liability', 2],
  ['221', 'Avsättningar för pensioner', 'liability', 4],
  ['229', 'Andra avsättningar', 'liability', 3],
  ['231', 'Långfristiga lån', 'liability', 5],
  ['241', 'Kortfristiga lån', 'liability', 3],
  ['244', 'Leverantörsskulder', 'liability', 4],
  ['251', 'Skatteskulder', 'liability', 3],
  ['264', 'Ingående mervärdesskatt', 'liability', 3],
  ['271', 'Personalens skatter', 'liability', 3],
  ['273', 'Arbetsgivaravgifter', 'liability', 3],
  ['274', 'Semesterlöneskuld', 'liability', 3],
  ['290', 'Upplupna kostnader', 'liability', 4],
  ['295', 'Förutbetalda intäkter', 'liability', 3],
  ['301', 'Försäljning av verksamhet', 'income', 5],
  ['311', 'Taxor och avgifter', 'income', 7],
  ['312', 'Avgifter äldreomsorg', 'income', 4],
  ['313', 'VA-avgifter', 'income', 3],
  ['314', 'Renhållningsavgifter', 'income', 3],
  ['351', 'Hyror och arrenden', 'income', 6],
  ['361', 'Bidrag från staten', 'income', 9],
  ['362', 'EU-bidrag', 'income', 3],
  ['371', 'Försäljning av tjänster', 'income', 6],
  ['381', 'Interna intäkter', 'income', 7],
  ['391', 'Övriga intäkter', 'income', 4],
  ['401', 'Material', 'goods', 7],
  ['411', 'Livsmedel', 'goods', 5],
  ['421', 'Köp av huvudverksamhet', 'goods', 9],
  ['431', 'Köp av verksamhet från föreningar', 'goods', 4],
  ['441', 'Bidrag till hushåll', 'goods', 6],
  ['451', 'Entreprenader', 'goods', 5],
  ['461', 'Lämnade bidrag', 'goods', 5],
  ['471', 'Läromedel', 'goods', 5],
  ['481', 'Förbrukningsinventarier', 'goods', 6],
  ['501', 'Månadslön', 'personnel', 9],
  ['502', 'Timlön', 'personnel', 6],
  ['503', 'Övertidsersättning', 'personnel', 4],
  ['504', 'Sjuklön', 'personnel', 4],
  ['505', 'OB-tillägg', 'personnel', 5],
  ['506', 'Semesterlön', 'personnel', 4],
  ['507', 'Arvoden', 'personnel', 4],
  ['508', 'Förtroendevalda', 'personnel', 4],
  ['512', 'Jour och beredskap', 'personnel', 3],
  ['541', 'Arbetsgivaravgifter', 'personnel', 6],
  ['551', 'Pensionskostnader', 'personnel', 6],
  ['561', 'Utbildning', 'personnel', 4],
  ['571', 'Övriga personalkostnader', 'personnel', 5],
  ['581', 'Traktamenten', 'personnel', 3],
  ['591', 'Personalförsäkringar', 'personnel', 3],
  ['601', 'Lokalkostnader, övriga', 'other', 5],
  ['611', 'Lokalhyror', 'other', 7],
  ['621', 'Energi', 'other', 5],
  ['631', 'Vatten och avlopp', 'other', 3],
  ['641', 'Städning', 'other', 4],
  ['651', 'Fastighetsunderhåll', 'other', 6],
  ['661', 'Tele och IT', 'other', 7],
  ['671', 'Porto', 'other', 3],
  ['681', 'Försäkringar', 'other', 4],
  ['691', 'Konsulttjänster', 'other', 7],
  ['711', 'Transporter och resor', 'other', 6],
  ['721', 'Leasing av fordon', 'other', 4],
  ['731', 'Representation', 'other', 3],
  ['741', 'Annonser', 'other', 4],
  ['751', 'Kontorsmaterial', 'other', 5],
  ['761', 'Licenser och avgifter', 'other', 6],
  ['771', 'Hyra av inventarier', 'other', 5],
  ['781', 'Avskrivningar', 'other', 5],
  ['791', 'Övriga kostnader', 'other', 5],
  ['841', 'Ränteintäkter', 'finance', 3],
  ['845', 'Räntekostnader', 'finance', 4],
  ['851', 'Skatteintäkter', 'finance', 3],
  ['861', 'Generella statsbidrag', 'finance', 4],
  ['871', 'Övriga finansiella kostnader', 'finance', 3],
];

const ACCOUNT_SUFFIXES = [
  '',
  'intern',
  'extern',
  'övrig',
  'tillfällig',
  'projekt',
  'statsbidrag',
  'köpt',
  'återbetalning',
  'justering',
];

interface Account {
  konto: string;
  name: string;
  type: 'T' | 'S' | 'I' | 'K';
  use: Use;
}

function chartOfAccounts(): Account[] {
  const accounts: Account[] = [];
  for (const [group, name, use, count] of ACCOUNT_GROUPS) {
    for (let i = 0; i < count; i++) {
      const suffix = ACCOUNT_SUFFIXES[i] ?? String(i);
      const type =
        use === 'asset'
          ? 'T'
          : use === 'liability'
            ? 'S'
            : use === 'income' || (use === 'finance' && /intäkter|bidrag/.test(name))
              ? 'I'
              : 'K';
      accounts.push({
        konto: `${group}${i}`,
        name: suffix === '' ? name : `${name}, ${suffix}`,
        type,
        use,
      });
    }
  }
  return accounts;
}

// ---------------------------------------------------------------------------------------------
// Förvaltningar, verksamheter (dim 2) and ansvar (dim 1)

const FORVALTNINGAR: readonly { name: string; ansvar: number; verksamheter: string[] }[] = [
  {
    name: 'Kommunstyrelsen',
    ansvar: 30,
    verksamheter: [
      '1000 Politisk verksamhet',
      '1100 Kommunfullmäktige',
      '1200 Revision',
      '1300 Överförmyndare',
      '1400 Kommunledning',
      '1500 Ekonomiadministration',
      '1600 Personaladministration',
      '1700 IT-verksamhet',
      '1800 Näringslivsfrämjande',
    ],
  },
  {
    name: 'Samhällsbyggnad',
    ansvar: 35,
    verksamheter: [
      '2100 Fysisk planering',
      '2300 Gator och vägar',
      '2400 Parker',
      '2500 Miljö- och hälsoskydd',
      '2600 Räddningstjänst',
      '2700 Bygglov',
      '2800 Vatten och avlopp',
      '2900 Avfallshantering',
    ],
  },
  {
    name: 'Kultur och fritid',
    ansvar: 25,
    verksamheter: [
      '3100 Allmän kulturverksamhet',
      '3200 Bibliotek',
      '3300 Musikskola',
      '3400 Idrotts- och fritidsanläggningar',
      '3500 Fritidsgårdar',
      '3600 Stöd till föreningar',
    ],
  },
  {
    name: 'Barn och utbildning',
    ansvar: 90,
    verksamheter: [
      '4010 Förskola',
      '4020 Pedagogisk omsorg',
      '4030 Fritidshem',
      '4040 Förskoleklass',
      '4050 Grundskola',
      '4060 Grundsärskola',
      '4070 Gymnasieskola',
      '4080 Gymnasiesärskola',
      '4090 Vuxenutbildning',
      '4100 Svenska för invandrare',
      '4110 Skolskjuts',
      '4120 Elevhälsa',
      '4130 Skolmåltider',
    ],
  },
  {
    name: 'Vård och omsorg',
    ansvar: 70,
    verksamheter: [
      '5100 Särskilt boende',
      '5110 Hemtjänst',
      '5120 Dagverksamhet äldre',
      '5130 Hemsjukvård',
      '5140 Korttidsvård',
      '5150 Anhörigstöd',
      '5200 Boende LSS',
      '5210 Daglig verksamhet LSS',
      '5220 Personlig assistans',
      '5230 Korttidsvistelse LSS',
    ],
  },
  {
    name: 'Individ- och familjeomsorg',
    ansvar: 35,
    verksamheter: [
      '5500 Institutionsvård vuxna',
      '5510 Öppenvård missbruk',
      '5520 HVB barn och unga',
      '5530 Familjehem',
      '5540 Öppenvård barn och familj',
      '5550 Ekonomiskt bistånd',
      '5560 Familjerätt',
      '5570 Våld i nära relationer',
      '5580 Socialpsykiatri',
      '5590 Flyktingmottagande',
    ],
  },
  {
    name: 'Arbetsmarknad och service',
    ansvar: 15,
    verksamheter: [
      '6100 Arbetsmarknadsåtgärder',
      '6300 Måltidsverksamhet',
      '6400 Lokalförsörjning',
      '6500 Fastighetsförvaltning',
    ],
  },
];

const PLACES = [
  'Centrum', 'Norr', 'Söder', 'Öster', 'Väster', 'Åsen', 'Björkö', 'Ängby', 'Lövsta', 'Ekbacken',
  'Solrosen', 'Hagalund', 'Källby', 'Röda stugan', 'Älvsbacka', 'Sjöhagen', 'Granbo', 'Tallåsen',
]; // prettier-ignore

interface Ansvar {
  code: string;
  name: string;
  verksamheter: string[];
  income: string[];
  purchases: string[];
  personnel: string[];
}

interface Model {
  shape: Shape;
  /** The dimension of the verksamheter: 2 (clustered) or 23 (uniform). */
  verksamhetDim: number;
  accounts: Account[];
  verksamheter: { code: string; name: string }[];
  ansvar: Ansvar[];
}

function buildModel(random: Random, shape: Shape): Model {
  const accounts = chartOfAccounts();
  const byUse = (use: Use) => accounts.filter((a) => a.use === use).map((a) => a.konto);
  const income = byUse('income');
  const purchases = [...byUse('goods'), ...byUse('other')];
  const personnel = byUse('personnel');
  const verksamheter: { code: string; name: string }[] = [];
  const ansvar: Ansvar[] = [];
  FORVALTNINGAR.forEach((forvaltning, f) => {
    const own = forvaltning.verksamheter.map((v) => {
      const [code = '', ...words] = v.split(' ');
      return { code, name: words.join(' ') };
    });
    verksamheter.push(...own);
    for (let i = 0; i < forvaltning.ansvar; i++) {
      const main = random.pick(own);
      const chosen = random.chance(0.3) ? random.sample(own, 2) : [main];
      const first = chosen[0] ?? main;
      // Each ansvar books salaries on ~14 accounts, purchases on ~20, income on ~5: ~40 in all.
      ansvar.push({
        code: `${f + 1}${String(i + 1).padStart(3, '0')}`,
        name: `${first.name} ${random.pick(PLACES)}`,
        verksamheter: chosen.map((v) => v.code),
        income: random.sample(income, random.int(3, 7)),
        purchases: random.sample(purchases, random.int(17, 24)),
        personnel: [
          '5010',
          '5410',
          '5510',
          ...random.sample(
            personnel.filter((k) => !['5010', '5410', '5510'].includes(k)),
            random.int(9, 13),
          ),
        ],
      });
    }
  });
  if (shape === 'uniform') {
    // Every ansvar in one verksamhet of its förvaltning (5 ansvar a verksamhet on average).
    for (const a of ansvar) a.verksamheter = a.verksamheter.slice(0, 1);
  }
  return { shape, verksamhetDim: shape === 'uniform' ? 23 : 2, accounts, verksamheter, ansvar };
}

// ---------------------------------------------------------------------------------------------
// Vouchers

interface Row {
  konto: string;
  ansvar: string;
  verksamhet: string;
  ore: number;
  date?: string;
  text?: string;
}

interface Voucher {
  series: string;
  number: number;
  date: string;
  text: string;
  rows: Row[];
}

const SUPPLIERS = [
  'Åhléns AB', 'Löfbergs Lila', 'Sjöströms Bygg AB', 'Öresundskraft', 'Skånska Byggvaror',
  'Nordiska Läromedel', 'Vårdföretagarna i Mälardalen', 'Städbolaget Rent & Fint', 'Telia Sverige',
  'Lantmännen', 'Göteborgs Energi', 'Bokus Företag', 'Mölnlycke Health Care', 'Ekonomikonsult AB',
  'Fordonsservice i Värmland', 'Måltidsgrossisten', 'Bäckströms Transport', 'Kontorsvaror Norr',
]; // prettier-ignore

const MONTH_NAMES = [
  'januari', 'februari', 'mars', 'april', 'maj', 'juni',
  'juli', 'augusti', 'september', 'oktober', 'november', 'december',
]; // prettier-ignore

// July is quiet, December busy.
const MONTH_WEIGHTS = [1, 1, 1.05, 1, 1, 1, 0.6, 0.9, 1.05, 1.05, 1.05, 1.3];
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

const UNIFORM_ROWS = 10;

/** The uniform shape's vouchers: 10 rows each, account and ansvar drawn uniformly per row. */
function* uniformVouchers(model: Model, total: number, seed: number): Generator<Voucher> {
  const random = new Random(seed);
  let written = 0;
  let number = 0;
  for (let month = 0; month < 12; month++) {
    const monthEnd = Math.round((total * (month + 1)) / 12);
    const monthStart = written;
    const days = DAYS_IN_MONTH[month] ?? 30;
    while (written < monthEnd) {
      const share = (written - monthStart) / Math.max(1, monthEnd - monthStart);
      const date = `2024${pad2(month + 1)}${pad2(1 + Math.floor(share * days))}`;
      let lines = Math.min(UNIFORM_ROWS, monthEnd - written);
      if (monthEnd - written - lines === 1) lines -= 1; // never leave a single row for the month
      const rows: Row[] = [];
      let sum = 0;
      for (let i = 0; i < lines; i++) {
        const a = random.pick(model.ansvar);
        const last = i === lines - 1 && lines > 1;
        const ore = last ? -sum : random.ore(2500, 1.3, 2_000_000) * (random.chance(0.5) ? 1 : -1);
        sum += ore;
        rows.push({
          konto: random.pick(model.accounts).konto,
          ansvar: a.code,
          verksamhet: a.verksamheter[0] ?? '',
          ore,
        });
      }
      number += 1;
      written += rows.length;
      yield { series: 'A', number, date, text: `Verifikation ${number}`, rows };
    }
  }
}

/** The vouchers of 2024 with exactly `total` #TRANS rows, the same for the same seed. */
function* vouchers(model: Model, total: number, seed: number): Generator<Voucher> {
  if (model.shape === 'uniform') {
    yield* uniformVouchers(model, total, seed);
    return;
  }
  const random = new Random(seed);
  const weightSum = MONTH_WEIGHTS.reduce((a, b) => a + b, 0);
  const numbers = { LF: 0, KF: 0, LO: 0 };
  let written = 0;
  let cumulative = 0;
  for (let month = 0; month < 12; month++) {
    cumulative += MONTH_WEIGHTS[month] ?? 1;
    const monthEnd = month === 11 ? total : Math.round((total * cumulative) / weightSum);
    const monthStart = written;
    const days = DAYS_IN_MONTH[month] ?? 30;
    while (written < monthEnd) {
      const share = (written - monthStart) / Math.max(1, monthEnd - monthStart);
      const date = `2024${pad2(month + 1)}${pad2(1 + Math.floor(share * days))}`;
      const ansvar = random.pick(model.ansvar);
      const kind = random.weighted([0.62, 0.18, 0.2]);
      // Cost or income rows; one more row is the counter-entry.
      let lines =
        kind === 0
          ? 1 + random.weighted([0.4, 0.25, 0.15, 0.12, 0.08])
          : kind === 1
            ? random.int(1, 3)
            : random.int(8, 19);
      const left = monthEnd - written;
      if (left - (lines + 1) < 2) lines = left - 1; // never leave a single row for the month
      const rows: Row[] = [];
      let sum = 0;
      let voucher: Voucher;
      if (kind === 0) {
        // Supplier invoice: purchases on one ansvar (sometimes two), against leverantörsskulder.
        const second = random.chance(0.15) ? random.pick(model.ansvar) : ansvar;
        const credit = random.chance(0.04) ? -1 : 1;
        for (let i = 0; i < lines; i++) {
          const a = i > 0 && random.chance(0.5) ? second : ansvar;
          const ore = credit * random.ore(2500, 1.3, 2_000_000);
          sum += ore;
          rows.push({
            konto: random.pick(a.purchases),
            ansvar: a.code,
            verksamhet: random.pick(a.verksamheter),
            ore,
          });
        }
        rows.push({ konto: '2440', ansvar: '', verksamhet: '', ore: -sum });
        numbers.LF += 1;
        voucher = {
          series: 'LF',
          number: numbers.LF,
          date,
          text: `Leverantörsfaktura ${random.pick(SUPPLIERS)} ${random.int(100000, 9999999)}`,
          rows,
        };
      } else if (kind === 1) {
        // Customer invoices and fees paid in: income (credit) against the bank.
        const text = `Avgifter ${MONTH_NAMES[month] ?? ''}`;
        for (let i = 0; i < lines; i++) {
          const ore = -random.ore(1500, 1.2, 1_000_000);
          sum += ore;
          rows.push({
            konto: random.pick(ansvar.income),
            ansvar: ansvar.code,
            verksamhet: random.pick(ansvar.verksamheter),
            ore,
            date,
            text,
          });
        }
        rows.push({ konto: '1930', ansvar: '', verksamhet: '', ore: -sum });
        numbers.KF += 1;
        voucher = { series: 'KF', number: numbers.KF, date, text: `Kundreskontra ${date}`, rows };
      } else {
        // Salaries of an ansvar: pay, arbetsgivaravgifter and pension, paid from the bank.
        for (let i = 0; i < lines; i++) {
          const ore = random.ore(25000, 0.8, 500_000);
          sum += ore;
          rows.push({
            konto: random.pick(ansvar.personnel),
            ansvar: ansvar.code,
            verksamhet: random.pick(ansvar.verksamheter),
            ore,
          });
        }
        rows.push({ konto: '1930', ansvar: '', verksamhet: '', ore: -sum });
        numbers.LO += 1;
        voucher = {
          series: 'LÖ',
          number: numbers.LO,
          date,
          text: `Lön ${MONTH_NAMES[month] ?? ''} ansvar ${ansvar.code}`,
          rows,
        };
      }
      written += rows.length;
      yield voucher;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Writing

function money(ore: number): string {
  const abs = Math.abs(ore);
  const rest = abs % 100;
  return `${ore < 0 ? '-' : ''}${Math.floor(abs / 100)}.${rest < 10 ? '0' : ''}${rest}`;
}

const quote = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

const CHUNK_CHARS = 1 << 20;

/** Generates the file; see the comment at the top. */
export async function generateSie(
  file: string,
  rows: number,
  options: { seed?: number; shape?: Shape } = {},
): Promise<GenerateSummary> {
  const { seed = 2024, shape = 'clustered' } = options;
  if (!Number.isInteger(rows) || rows < 2) throw new Error('rows must be an integer of at least 2');
  const started = performance.now();
  const model = buildModel(new Random(seed), shape);
  const voucherSeed = seed * 7919 + 17;

  // Pass 1: account movements (for #UB and #RES) and the number of distinct combinations.
  const movement = new Map<string, number>();
  const combinations = new Set<string>();
  let voucherCount = 0;
  let rowCount = 0;
  for (const voucher of vouchers(model, rows, voucherSeed)) {
    voucherCount += 1;
    const period = voucher.date.slice(4, 6);
    for (const row of voucher.rows) {
      rowCount += 1;
      movement.set(row.konto, (movement.get(row.konto) ?? 0) + row.ore);
      combinations.add(`${period}|${row.konto}|${row.ansvar}|${row.verksamhet}`);
    }
  }
  if (rowCount !== rows) throw new Error(`internal: ${rowCount} rows generated, ${rows} asked`);
  for (const [konto, sum] of movement)
    if (!Number.isSafeInteger(sum)) throw new Error(`internal: the sum of ${konto} overflows`);

  // Opening balances: assets debit, liabilities credit, balanced by eget kapital (2010).
  const random = new Random(seed + 1);
  const opening = new Map<string, number>();
  for (const account of model.accounts) {
    if (account.konto === '2010') continue;
    if (account.use === 'asset') opening.set(account.konto, random.ore(20_000_000, 1.2, 2e9));
    else if (account.use === 'liability' && random.chance(0.7))
      opening.set(account.konto, -random.ore(10_000_000, 1.2, 1e9));
  }
  let openingSum = 0;
  for (const amount of opening.values()) openingSum += amount;
  opening.set('2010', -openingSum);

  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  const rowsCsv = `${file}.rows.csv`;
  const csv = createWriteStream(`${rowsCsv}.partial`);
  let csvParts: string[] = ['period,konto,ansvar,verksamhet,amount_ore\n'];
  const flushCsv = async () => {
    const text = csvParts.join('');
    csvParts = [];
    if (!csv.write(text)) await once(csv, 'drain');
  };
  let bytes = 0;
  let parts: string[] = [];
  let chars = 0;
  const flush = async () => {
    if (parts.length === 0) return;
    const buffer = iconv.encode(parts.join(''), 'cp437');
    parts = [];
    chars = 0;
    bytes += buffer.length;
    if (!out.write(buffer)) await once(out, 'drain');
  };
  const line = async (text: string) => {
    parts.push(text, '\r\n');
    chars += text.length + 2;
    if (chars >= CHUNK_CHARS) await flush();
  };

  await line('#FLAGGA 0');
  await line('#PROGRAM "Balans bench-generator" 1.0');
  await line('#FORMAT PC8');
  await line('#GEN 20250115 "bench"');
  await line('#SIETYP 4');
  await line('#FNAMN "Benchkommun"');
  await line('#ORGNR 212000-9994');
  await line('#RAR 0 20240101 20241231');
  await line('#KPTYP "KOMMUN-BAS"');
  await line('#VALUTA SEK');
  for (const account of model.accounts) {
    await line(`#KONTO ${account.konto} ${quote(account.name)}`);
    await line(`#KTYP ${account.konto} ${account.type}`);
  }
  const vdim = model.verksamhetDim;
  await line('#DIM 1 "Ansvar"');
  await line(`#DIM ${vdim} "Verksamhet"`);
  for (const a of model.ansvar) await line(`#OBJEKT 1 "${a.code}" ${quote(a.name)}`);
  for (const v of model.verksamheter) await line(`#OBJEKT ${vdim} "${v.code}" ${quote(v.name)}`);
  for (const [konto, amount] of opening) await line(`#IB 0 ${konto} ${money(amount)}`);
  for (const account of model.accounts) {
    const moved = movement.get(account.konto) ?? 0;
    if (account.use === 'asset' || account.use === 'liability') {
      const ib = opening.get(account.konto) ?? 0;
      if (ib !== 0 || moved !== 0) await line(`#UB 0 ${account.konto} ${money(ib + moved)}`);
    } else if (moved !== 0) {
      await line(`#RES 0 ${account.konto} ${money(moved)}`);
    }
  }

  // Pass 2: the same vouchers, written.
  for (const voucher of vouchers(model, rows, voucherSeed)) {
    await line(
      `#VER ${voucher.series} ${voucher.number} ${voucher.date} ${quote(voucher.text)} ${voucher.date}`,
    );
    await line('{');
    const period = voucher.date.slice(0, 6);
    for (const row of voucher.rows) {
      const objects = row.ansvar === '' ? '{}' : `{1 "${row.ansvar}" ${vdim} "${row.verksamhet}"}`;
      const tail = row.text === undefined ? '' : ` ${row.date ?? '""'} ${quote(row.text)}`;
      await line(`#TRANS ${row.konto} ${objects} ${money(row.ore)}${tail}`);
      csvParts.push(`${period},${row.konto},${row.ansvar},${row.verksamhet},${row.ore}\n`);
    }
    await line('}');
    if (csvParts.length >= 50_000) await flushCsv();
  }
  await flush();
  await flushCsv();
  out.end();
  csv.end();
  await Promise.all([once(out, 'finish'), once(csv, 'finish')]);
  renameSync(`${rowsCsv}.partial`, rowsCsv);
  renameSync(partial, file);

  const summary: GenerateSummary = {
    file,
    rowsCsv,
    shape,
    seed,
    bytes,
    rows: rowCount,
    vouchers: voucherCount,
    accounts: model.accounts.length,
    ansvar: model.ansvar.length,
    verksamheter: model.verksamheter.length,
    combinations: combinations.size,
    seconds: (performance.now() - started) / 1000,
  };
  writeFileSync(`${file}.json`, JSON.stringify(summary, null, 2) + '\n');
  return summary;
}

function usage(): never {
  process.stderr.write(
    'usage: node bench/generate-sie.ts OUT.se ROWS [--seed N] [--shape clustered|uniform]\n',
  );
  process.exit(2);
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  let seed = 2024;
  let shape: Shape = 'clustered';
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--seed') seed = Number(args[++i]);
    else if (arg === '--shape') {
      const value = args[++i] ?? '';
      if (!SHAPES.includes(value as Shape)) usage();
      shape = value as Shape;
    } else positional.push(arg);
  }
  const [file, rowsText] = positional;
  const rows = Number(rowsText?.replace(/_/g, ''));
  if (!file || !Number.isInteger(rows) || !Number.isInteger(seed)) usage();
  const summary = await generateSie(file, rows, { seed, shape });
  process.stdout.write(JSON.stringify(summary) + '\n');
}
