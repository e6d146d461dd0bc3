/**
 * Writes examples/exempelkommun-2024.se, the small ledger that `npm start` loads until the demo
 * municipality exists: a fictitious social services administration's 2024 vouchers and budget,
 * as a CP437 SIE 4E file with a checksum. Run: node scripts/make-example.ts
 */
import { writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { formatRecord, withChecksum } from '../src/sie/sie-writer.ts';

const ansvar = [
  {
    code: '1101',
    name: 'Hemtjänst Norr',
    verksamhet: '5101',
    salary: 1_450_000n,
    purchase: 90_000n,
    income: 380_000n,
  },
  {
    code: '1102',
    name: 'Hemtjänst Söder',
    verksamhet: '5101',
    salary: 1_210_000n,
    purchase: 70_000n,
    income: 310_000n,
  },
  {
    code: '1201',
    name: 'Särskilt boende Åsen',
    verksamhet: '5102',
    salary: 2_300_000n,
    purchase: 160_000n,
    income: 420_000n,
  },
  {
    code: '2101',
    name: 'Personlig assistans',
    verksamhet: '5110',
    salary: 980_000n,
    purchase: 20_000n,
    income: 610_000n,
  },
  {
    code: '3101',
    name: 'Försörjningsstöd',
    verksamhet: '5701',
    salary: 160_000n,
    purchase: 1_250_000n,
    income: 40_000n,
  },
  {
    code: '3201',
    name: 'Barn och unga, familjehem',
    verksamhet: '5601',
    salary: 220_000n,
    purchase: 840_000n,
    income: 15_000n,
  },
];
const verksamheter = [
  ['5101', 'Hemtjänst'],
  ['5102', 'Särskilt boende'],
  ['5110', 'Personlig assistans'],
  ['5601', 'Familjehem barn och unga'],
  ['5701', 'Ekonomiskt bistånd'],
];
const konton = [
  ['1930', 'Bank'],
  ['3511', 'Avgifter hemtjänst och boende'],
  ['3790', 'Övriga bidrag och ersättningar'],
  ['4610', 'Köp av huvudverksamhet'],
  ['4700', 'Lämnade bidrag, försörjningsstöd'],
  ['5011', 'Månadslön'],
  ['5410', 'Arbetsgivaravgifter och pensioner (PO)'],
];

const lines = [
  '#FLAGGA 0',
  formatRecord('PROGRAM', ['Balans exempel', '1.0']),
  '#FORMAT PC8',
  formatRecord('GEN', ['20250115', 'Balans']),
  '#SIETYP 4',
  formatRecord('FNAMN', ['Exempelkommun']),
  formatRecord('ORGNR', ['212000-9999']),
  formatRecord('RAR', [0, '20240101', '20241231']),
  '#KPTYP BAS2024',
  ...konton.map(([k, n]) => formatRecord('KONTO', [k ?? '', n ?? ''])),
  formatRecord('DIM', [1, 'Ansvar']),
  formatRecord('DIM', [2, 'Verksamhet']),
  ...ansvar.map((a) => formatRecord('OBJEKT', [1, a.code, a.name])),
  ...verksamheter.map(([c, n]) => formatRecord('OBJEKT', [2, c ?? '', n ?? ''])),
];

// Budget: twelfths of a yearly amount, rounded to whole kronor with the rest in December.
for (const a of ansvar) {
  const objects = [
    { dimension: 1, code: a.code },
    { dimension: 2, code: a.verksamhet },
  ];
  for (const [konto, monthly] of [
    ['5011', a.salary],
    ['5410', (a.salary * 44n) / 100n],
    ['4610', a.purchase],
    ['3511', -a.income],
  ] as const) {
    const yearly = monthly * 12n * 100n;
    const twelfth = (yearly / 12n / 100n) * 100n;
    for (let month = 1; month <= 12; month++) {
      const amount = month === 12 ? yearly - twelfth * 11n : twelfth;
      lines.push(
        formatRecord('PBUDGET', [
          0,
          `2024${String(month).padStart(2, '0')}`,
          konto,
          objects,
          { amount },
        ]),
      );
    }
  }
}

// Outcome: one voucher per month and ansvar; July carries the summer's vacation pay.
let number = 0;
for (let month = 1; month <= 12; month++) {
  const date = `2024${String(month).padStart(2, '0')}25`;
  for (const a of ansvar) {
    number += 1;
    const objects = [
      { dimension: 1, code: a.code },
      { dimension: 2, code: a.verksamhet },
    ];
    const drift = BigInt(((month * 37 + Number(a.code)) % 11) - 4) * 1000n; // -4 000 … +6 000 kr
    const salary = (a.salary + drift * 3n + (month === 7 ? a.salary / 5n : 0n)) * 100n + 37n;
    const po = (salary * 4453n) / 10000n; // PO-pålägg 44,53 % (SKR 2023)
    const purchase = (a.purchase + drift) * 100n + 50n;
    const income = -(a.income - drift / 2n) * 100n;
    const bank = -(salary + po + purchase + income);
    lines.push(formatRecord('VER', ['A', number, date, `${a.name} ${date.slice(0, 6)}`]), '{');
    lines.push(formatRecord('TRANS', ['5011', objects, { amount: salary }]));
    lines.push(formatRecord('TRANS', ['5410', objects, { amount: po }]));
    lines.push(formatRecord('TRANS', ['4610', objects, { amount: purchase }]));
    lines.push(formatRecord('TRANS', ['3511', objects, { amount: income }]));
    lines.push(formatRecord('TRANS', ['1930', [], { amount: bank }]));
    lines.push('}');
  }
}

const path = new URL('../examples/exempelkommun-2024.se', import.meta.url);
writeFileSync(path, iconv.encode(withChecksum(lines).join('\r\n') + '\r\n', 'cp437'));
console.log(`wrote ${path.pathname}`);
