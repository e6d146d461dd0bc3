import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BalansDb } from '../db/database.ts';
import { oreToDecimal, parseAmount } from '../shared/money.ts';
import { createReadState, readSie } from '../sie/sie-reader.ts';
import { chunks, HEADER, SAMPLES, sieFile } from '../../test/sie-fixtures.ts';
import { ENGINES, openTestDb } from '../../test/test-db.ts';
import { ledgerBalances } from './ledger.service.ts';
import { importSie, type SieImportOptions, type SieImportSummary } from './sie-import.service.ts';

type Expectation = { refused: RegExp } | { warns: string[] } | 'clean';

/**
 * Each sample whose name says it is faulty, and what Balans does about it; every other sample
 * imports without a fault warning. Reconciliation differences and the encoding note are
 * checked separately (they are facts about the data, not faults of the format).
 */
const SAMPLE_EXPECTATIONS: Record<string, Expectation> = {
  'BLBLOV_SIE1_erroneous_leap_year.SE': {
    refused: /:10: #RAR 0: räkenskapsåret slutar \(2020-02-28\) innan det börjar/,
  },
  'BLBLOV_SIE1_file_is_read.SE': { warns: ['1:#FLAGGA 1'] },
  'BLBLOV_SIE2_UTF_8_with_errors.SE': { warns: ['216:#SRU "1110" " "', '218:#SRU "11AF"'] },
  'BLBLOV_SIE2_UTF_8_with_multiple_errors.SE': {
    warns: ['216:#SRU "1110" " "', '218:#SRU "11AF"'],
  },
  'BLBLOV_SIE2_UTF_8_with_non_numeric_account_number.SE': {
    warns: ['16:#KONTO "11AF": ett kontonummer ska bestå av siffror', '218:#SRU "11AF"'],
  },
  'BLBLOV_SIE3_UTF_8_with_vouchers.SE': {
    warns: [
      '423:konto 1119 används men är inte deklarerat (#KONTO)',
      '818:#VER i en SIE-fil av typ 3',
    ],
  },
  'BLBLOV_SIE4_ISO_8859_15.SE': {
    warns: ['545:#PBUDGET: period och konto står i omvänd ordning'],
  },
  'BLBLOV_SIE4_UTF_8_IMBALANCED.SI': {
    warns: [
      '1:#FLAGGA 1',
      '8:verifikation K är inte i balans: raderna summerar till 0,55 kr',
      '14:verifikation K är inte i balans: raderna summerar till -0,14 kr',
    ],
  },
  'BLBLOV_SIE4_UTF_8_MISSING_ACCOUNTS.SE': {
    warns: [
      '421:konto 1119 används men är inte deklarerat (#KONTO)',
      '444:konto 2350',
      '466:konto 2941',
      '528:konto 7010',
    ],
  },
  'BLBLOV_SIE4_UTF_8_WITH_FAULTY_ADDRESS.SI': { warns: ['6:#ADRESS har 3 av sina 4 fält'] },
  'BLBLOV_SIE4_UTF_8_with_12_digit_cid.SI': {
    warns: ['7:#ORGNR "165502261513" är varken ett organisationsnummer'],
  },
  'BLBLOV_SIE4_UTF_8_with_8-4_digit_cid.SI': {
    warns: ['7:#ORGNR "16550226-1513" är varken ett organisationsnummer'],
  },
  'BLBLOV_SIE4_UTF_8_with_8_digit_account_number.SE': {
    warns: ['14:#KONTO 11100111: ett kontonummer med 8 siffror'],
  },
  'BLBLOV_SIE4_UTF_8_with_critical_voucher_date_error.SI': {
    refused: /:8: #VER K: verifikationsdatumet "rappakalja" är inget datum/,
  },
  'BLBLOV_SIE4_UTF_8_with_empty_voucher.SE': {
    warns: ['827:verifikation A 2 daterad 2017-01-01 har inga transaktioner'],
  },
  'BLBLOV_SIE4_UTF_8_with_empty_voucher_date.SI': {
    refused: /:8: #VER K: verifikationsdatumet saknas$/,
  },
  'BLBLOV_SIE4_UTF_8_with_erroneous_taxar.SE': {
    warns: ['12:#TAXAR "2018 ÅRL" är inte bara ett årtal (ÅÅÅÅ); 2018 användes'],
  },
  'BLBLOV_SIE4_UTF_8_with_erroneous_voucher_date.SI': {
    refused: /:8: #VER K: verifikationsdatumet "180501" är inget datum/,
  },
  'BLBLOV_SIE4_UTF_8_with_erroneous_voucher_numbers.SI': {
    warns: [
      '8:verifikationsnummer 110000157 i en transaktionsfil (4I)',
      '14:verifikationsnummer 110000158',
    ],
  },
  'BLBLOV_SIE4_UTF_8_with_errors.SE': { warns: ['216:#SRU "1110" " "', '218:#SRU "11AF"'] },
  'BLBLOV_SIE4_UTF_8_with_faulty_transaction.SI': {
    refused: /:10: #TRANS 1930: beloppet saknas$/,
  },
  'BLBLOV_SIE4_UTF_8_with_imbalanced_voucher.SE': {
    warns: ['821:verifikation A 1 är inte i balans: raderna summerar till 0,10 kr'],
  },
  'BLBLOV_SIE4_UTF_8_with_iso_voucher_date.SI': {
    warns: ['8:datumet "2018-05-01" är skrivet ÅÅÅÅ-MM-DD, inte ÅÅÅÅMMDD'],
  },
  'BLBLOV_SIE4_UTF_8_with_missing_account_balance.SE': {
    refused: /:426: #IB 1119: beloppet saknas$/,
  },
  'BLBLOV_SIE4_UTF_8_with_missing_account_numbers.SE': {
    warns: [
      '14:#KONTO "": ett kontonummer ska bestå av siffror; deklarationen hoppades över',
      '15:#KONTO ""',
      '16:#KONTO ""',
    ],
  },
  'BLBLOV_SIE4_UTF_8_with_missing_account_numbers_in_transaction.SI': {
    refused: /:10: #TRANS: kontonumret saknas$/,
  },
  'BLBLOV_SIE4_UTF_8_with_missing_company_name.SI': {
    warns: ['6:#FNAMN: företagsnamnet är tomt'],
  },
  'BLBLOV_SIE4_UTF_8_with_missing_sru_code.SE': { warns: ['216:#SRU "1110" ""'] },
  'BLBLOV_SIE4_UTF_8_with_missing_voucher_date.SI': {
    refused: /:8: #VER K: verifikationsdatumet saknas$/,
  },
  'BLBLOV_SIE4_UTF_8_with_missing_voucher_series.SE': {
    refused:
      /:821: #VER 1 20170101: verifikationsdatumet " " är inget datum .*saknas verifikationsserien\?/,
  },
  'BLBLOV_SIE4_UTF_8_with_non_numeric_account_number.SE': {
    warns: ['16:#KONTO "11AF": ett kontonummer ska bestå av siffror'],
  },
  'BLBLOV_SIE4_UTF_8_with_unparseable_taxar.SE': {
    warns: ['12:#TAXAR "CCMXVIII" är inte bara ett årtal (ÅÅÅÅ); hoppades över'],
  },
  'SIE_with_missing_program_version.se': {
    warns: ['6:#PROGRAM SIR: programversionen saknas'],
  },
  // Not named faulty, but their data has faults a controller must see:
  'Arousells_Visning_AB.SE': {
    warns: [
      '742:objekt "3" i dimension 1 används men är inte deklarerat (#OBJEKT)',
      '744:objekt "100000" i dimension 2',
    ],
  },
  'SIE_test_av_KST_projekt_Testbolaget_e - kopia.SE': {
    warns: [
      '2619:objekt "100001" i dimension 1 används men är inte deklarerat (#OBJEKT)',
      '2623:objekt "1234567891234567" i dimension 6',
    ],
  },
};

const NOT_FAULTS = new Set(['ENCODING_MISMATCH', 'RECONCILIATION_DIFFERENCE']);

async function importFile(
  handle: BalansDb,
  path: string,
  options: SieImportOptions = {},
): Promise<SieImportSummary> {
  return handle.transaction((trx) =>
    importSie(
      trx,
      { fileName: path.split('/').pop() ?? path, bytes: createReadStream(path) },
      options,
    ),
  );
}

async function importBytes(
  handle: BalansDb,
  name: string,
  bytes: Buffer,
  options: SieImportOptions = {},
): Promise<SieImportSummary> {
  return handle.transaction((trx) =>
    importSie(trx, { fileName: name, bytes: chunks(bytes, 64) }, options),
  );
}

/** Everything the ledger holds, as comparable text. */
async function snapshot(handle: BalansDb) {
  const tables = [
    'fiscal_year',
    'account',
    'dimension',
    'dimension_object',
    'voucher',
    'voucher_row',
    'ledger_balance',
    'budget_balance',
  ];
  const result: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
      handle.db,
    );
    result[table] = rows.rows
      .map((row) =>
        JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)).replace(
          /"(import_id|outcome_import_id)":\d+/g,
          '"$1":0',
        ),
      )
      .sort();
  }
  return result;
}

/** The #RES 0 lines of a file, read with a plain pattern: figures written outside Balans. */
function declaredResults(path: string, encoding: BufferEncoding): Map<string, string> {
  const declared = new Map<string, string>();
  for (const match of readFileSync(path, encoding).matchAll(/^#RES 0 (\d+) (-?[\d.]+)/gm)) {
    declared.set(match[1] ?? '', oreToDecimal(parseAmount(match[2] ?? '') ?? 0n));
  }
  return declared;
}

/** The year's net per result account (classes 3–8) as the ledger holds it. */
async function resultAccounts(
  handle: BalansDb,
  year: number,
): Promise<Map<string | undefined, string>> {
  const lines = await ledgerBalances(handle.db, { year, by: ['konto'] });
  return new Map(
    lines
      .filter((l) => Number(l.keys['konto']?.[0]) >= 3)
      .map((l) => [l.keys['konto'], oreToDecimal(l.amount)]),
  );
}

const sampleFiles = readdirSync(SAMPLES)
  .filter((f) => /\.s[ei]$/i.test(f))
  .sort();

describe.each(ENGINES)('SIE import on %s', (engine) => {
  let handle: BalansDb;
  beforeAll(async () => {
    handle = await openTestDb(engine);
  });
  afterAll(async () => {
    await handle.close();
  });

  async function fresh(work: () => Promise<void>): Promise<void> {
    // Each sample in a clean ledger: sample companies differ, so empty the tables in between.
    await sql`truncate voucher_row, voucher, ledger_balance, ledger_balance_verksamhet, ledger_balance_year_verksamhet, ledger_balance_ansvar, budget_balance, budget_version, account_sru, account, dimension_object, dimension, fiscal_year, import_batch, organisation restart identity cascade`.execute(
      handle.db,
    );
    await work();
  }

  it.each(sampleFiles)('%s: refused, warned about or clean as its name says', async (file) => {
    await fresh(async () => {
      const expectation = SAMPLE_EXPECTATIONS[file] ?? 'clean';
      const attempt = importFile(handle, join(SAMPLES, file));
      if (typeof expectation === 'object' && 'refused' in expectation) {
        await expect(attempt).rejects.toThrow(expectation.refused);
        expect((await snapshot(handle))['voucher_row']).toEqual([]);
        return;
      }
      const summary = await attempt;
      const faults = summary.warnings
        .filter((w) => !NOT_FAULTS.has(w.code))
        .map((w) => `${w.line ?? ''}:${w.message}`);
      if (expectation === 'clean') {
        expect(faults).toEqual([]);
      } else {
        for (const expected of expectation.warns)
          expect(faults.some((f) => f.startsWith(expected))).toBe(true);
      }
    });
  });

  it('takes the outcome from the vouchers and agrees with the balances the file declares', async () => {
    await fresh(async () => {
      const path = join(SAMPLES, 'BLBLOV_SIE4_UTF_8_1.SE');
      const summary = await importFile(handle, path);
      expect(summary.warnings).toEqual([
        {
          code: 'ENCODING_MISMATCH',
          message: 'filen anger PC8 (CP437) men är skriven i UTF-8; den lästes som UTF-8',
        },
      ]);
      expect(summary.fiscalYears).toEqual([
        { start: '2016-01-01', end: '2016-12-31', outcome: 'year', budget: false },
        { start: '2017-01-01', end: '2017-12-31', outcome: 'vouchers', budget: true },
      ]);
      expect(await resultAccounts(handle, 2017)).toEqual(declaredResults(path, 'utf8'));
      const budget = await ledgerBalances(handle.db, { year: 2017, by: ['konto'], budget: true });
      expect(budget.length).toBeGreaterThan(0);
    });
  });

  it('takes the outcome from #PSALDO (type 2) and from #RES and #UB − #IB (type 1) when there are no vouchers', async () => {
    for (const [file, source] of [
      ['BLBLOV_SIE2.SE', 'periods'],
      ['BLBLOV_SIE1.SE', 'year'],
    ] as const) {
      await fresh(async () => {
        const path = join(SAMPLES, file);
        const summary = await importFile(handle, path);
        expect(summary.fiscalYears.find((y) => y.start === '2017-01-01')?.outcome).toBe(source);
        expect(await resultAccounts(handle, 2017)).toEqual(declaredResults(path, 'latin1'));
        const months = new Set(
          (await ledgerBalances(handle.db, { year: 2017, by: ['period', 'konto'] })).map(
            (l) => l.keys['period'],
          ),
        );
        expect(months.size).toBe(source === 'periods' ? 12 : 1);
      });
    }
  });

  it('never replaces a finer outcome with a coarser one', async () => {
    await fresh(async () => {
      await importFile(handle, join(SAMPLES, 'BLBLOV_SIE4_UTF_8_1.SE'));
      const vouchers = await snapshot(handle);
      const summary = await importFile(handle, join(SAMPLES, 'BLBLOV_SIE1_copy.SE'));
      // 2016 had year balances only, and gets them again; 2017's vouchers stay.
      expect(summary.fiscalYears.map((y) => y.outcome)).toEqual(['year', 'kept']);
      expect((await snapshot(handle))['ledger_balance']).toEqual(vouchers['ledger_balance']);
    });
  });

  it('is idempotent: importing the same file twice changes nothing', async () => {
    await fresh(async () => {
      for (const file of [
        'BLBLOV_SIE4_UTF_8_1.SE',
        'BLBLOV_SIE4_UTF_8.SI',
        'SIE_test_av_KST_projekt_Testbolaget_e - kopia ny.SE',
      ]) {
        await importFile(handle, join(SAMPLES, file));
        const once = await snapshot(handle);
        const again = await importFile(handle, join(SAMPLES, file));
        expect(await snapshot(handle)).toEqual(once);
        if (file.endsWith('.SI')) expect(again.alreadyImported).toBe(true);
        await sql`truncate voucher_row, voucher, ledger_balance, ledger_balance_verksamhet, ledger_balance_year_verksamhet, ledger_balance_ansvar, budget_balance, budget_version, account_sru, account, dimension_object, dimension, fiscal_year, import_batch, organisation restart identity cascade`.execute(
          handle.db,
        );
      }
    });
  });

  it('refuses a bad file without importing any of it, and leaves the earlier import untouched', async () => {
    await fresh(async () => {
      const good = sieFile([
        ...HEADER,
        '#VER A 1 20240131',
        '{',
        '#TRANS 5011 {1 "100" 2 "5101"} 500',
        '#TRANS 1930 {} -500',
        '}',
      ]);
      await importBytes(handle, 'good.se', good);
      const before = await snapshot(handle);
      const bad = sieFile([
        ...HEADER,
        '#VER A 1 20240131',
        '{',
        '#TRANS 5011 {1 "100"} 900',
        '#TRANS 1930 {} -900',
        '}',
        '#VER A 2 20250105',
        '{',
        '#TRANS 1930 {} 1',
        '}',
      ]);
      await expect(importBytes(handle, 'bad.se', bad)).rejects.toThrow(
        /^bad\.se:24: verifikationen daterad 2025-01-05 ligger utanför alla räkenskapsår som filen deklarerar \(2024-01-01–2024-12-31\)$/,
      );
      expect(await snapshot(handle)).toEqual(before);
    });
  });

  it('replaces a fiscal year on reload, keeping its budget unless the new file has one', async () => {
    await fresh(async () => {
      const budget = ['#PBUDGET 0 202401 5011 {1 "100"} 12000'];
      const voucher = (amount: number) => [
        '#VER A 1 20240131',
        '{',
        `#TRANS 5011 {1 "100" 2 "5101"} ${amount}`,
        `#TRANS 1930 {} -${amount}`,
        '}',
      ];
      await importBytes(handle, 'jan.se', sieFile([...HEADER, ...budget, ...voucher(500)]));
      await importBytes(
        handle,
        'feb.se',
        sieFile([
          ...HEADER,
          ...voucher(700),
          '#VER A 2 20240215',
          '{',
          '#TRANS 5011 {1 "200" 2 "5102"} 50',
          '#TRANS 1930 {} -50',
          '}',
        ]),
      );
      const outcome = await ledgerBalances(handle.db, {
        year: 2024,
        by: ['konto', 'ansvar', 'verksamhet', 'period'],
      });
      expect(outcome.map((l) => [l.keys, oreToDecimal(l.amount)])).toEqual([
        [{ konto: '1930', ansvar: '', verksamhet: '', period: '2024-01' }, '-700'],
        [{ konto: '1930', ansvar: '', verksamhet: '', period: '2024-02' }, '-50'],
        [{ konto: '5011', ansvar: '100', verksamhet: '5101', period: '2024-01' }, '700'],
        [{ konto: '5011', ansvar: '200', verksamhet: '5102', period: '2024-02' }, '50'],
      ]);
      const kept = await ledgerBalances(handle.db, { year: 2024, by: ['ansvar'], budget: true });
      expect(kept.map((l) => [l.keys['ansvar'], oreToDecimal(l.amount)])).toEqual([
        ['100', '12000'],
      ]);
    });
  });

  it('counts #RTRANS once and never counts #BTRANS', async () => {
    await fresh(async () => {
      const lines = [
        ...HEADER,
        '#VER "" "" 20240101 "Porto"',
        '{',
        '#TRANS 1930 {} -1000.00',
        '#TRANS 4010 {} 200.00',
        '#BTRANS 4010 {} 800.00',
        '#RTRANS 5011 {} 800.00',
        '#TRANS 5011 {} 800.00',
        '}',
      ];
      await importBytes(handle, 'rtrans.se', sieFile(lines));
      const lines2 = await ledgerBalances(handle.db, { year: 2024, by: ['konto'] });
      expect(lines2.map((l) => [l.keys['konto'], oreToDecimal(l.amount)])).toEqual([
        ['1930', '-1000'],
        ['4010', '200'],
        ['5011', '800'],
      ]);
    });
  });

  it('maps dimensions to ansvar, verksamhet and projekt, with --dim overriding', async () => {
    await fresh(async () => {
      const lines = [
        ...HEADER.filter((l) => !l.startsWith('#DIM 2') && !l.startsWith('#OBJEKT 2')),
        '#DIM 21 "Aktivitet"',
        '#OBJEKT 21 "5101" "Hemtjänst"',
        '#VER A 1 20240131',
        '{',
        '#TRANS 5011 {1 "100" 21 "5101" 6 "P1"} 10',
        '#TRANS 1930 {} -10',
        '}',
      ];
      const summary = await importBytes(handle, 'dims.se', sieFile(lines), {
        dims: { verksamhet: 21 },
      });
      expect(summary.dimensions.map((d) => [d.number, d.role])).toEqual([
        [1, 'ansvar'],
        [6, 'projekt'],
        [21, 'verksamhet'],
      ]);
      // Dimension 6 is SIE's reserved Projekt: used without #DIM, it needs no warning.
      expect(summary.warnings.map((w) => w.code)).toEqual(['OBJECT_NOT_DECLARED']);
      expect(summary.dimensions.find((d) => d.number === 6)?.name).toBe('Projekt');
      const rows = await ledgerBalances(handle.db, {
        year: 2024,
        by: ['konto', 'ansvar', 'verksamhet', 'projekt'],
      });
      expect(rows.find((r) => r.keys['konto'] === '5011')?.keys).toEqual({
        konto: '5011',
        ansvar: '100',
        verksamhet: '5101',
        projekt: 'P1',
      });
    });
  });

  it('turns every warning into a refusal with --strict', async () => {
    await fresh(async () => {
      const lines = [
        ...HEADER,
        '#VER A 1 20240131',
        '{',
        '#TRANS 5011 {} 10',
        '#TRANS 1930 {} -9',
        '}',
      ];
      await expect(
        importBytes(handle, 'strict.se', sieFile(lines), { strict: true }),
      ).rejects.toThrow(
        /^strict\.se:19: verifikation A 1 är inte i balans: raderna summerar till 1,00 kr \(filen vägrades: --strict\)$/,
      );
      expect((await snapshot(handle))['voucher']).toEqual([]);
    });
  });

  it('lists each difference between declared balances and vouchers', async () => {
    await fresh(async () => {
      const summary = await importFile(
        handle,
        join(SAMPLES, 'BLBLOV_SIE4_UTF_8_with_imbalanced_voucher.SE'),
      );
      const differences = summary.warnings
        .filter((w) => w.code === 'RECONCILIATION_DIFFERENCE')
        .map((w) => w.message);
      expect(differences).toEqual([
        '2017, konto 2640 (#UB = #IB + verifikationer): filen anger 58\u00a0930,78 kr men dess verifikationer ger 58\u00a0930,88 kr (skillnad -0,10 kr)',
      ]);
    });
  });

  it('reconciles object balances (#OUB) per object', async () => {
    await fresh(async () => {
      const clean = await importFile(
        handle,
        join(SAMPLES, 'SIE_test_av_KST_projekt_Testbolaget_e - kopia ny.SE'),
      );
      expect(clean.warnings.filter((w) => w.code === 'RECONCILIATION_DIFFERENCE')).toEqual([]);
    });
    await fresh(async () => {
      // The same file with its objects renumbered in #OBJEKT and #TRANS but not in #OUB.
      const changed = await importFile(
        handle,
        join(SAMPLES, 'SIE_test_av_KST_projekt_Testbolaget_e - kopia.SE'),
      );
      const differences = changed.warnings
        .filter((w) => w.code === 'RECONCILIATION_DIFFERENCE')
        .map((w) => `${w.line ?? ''}: ${w.message}`);
      expect(differences).toContain(
        '2619: 2021, konto 5010, ansvar 100001 (#OUB): filen anger 200,00 kr men dess verifikationer ger 0,00 kr (skillnad 200,00 kr)',
      );
    });
  });

  it('refuses a file for another organisation than the one the database holds', async () => {
    await fresh(async () => {
      await importBytes(handle, 'ours.se', sieFile(HEADER));
      const other = sieFile(
        HEADER.map((l) =>
          l.startsWith('#ORGNR')
            ? '#ORGNR 556000-0000'
            : l.startsWith('#FNAMN')
              ? '#FNAMN "Annat AB"'
              : l,
        ),
      );
      await expect(importBytes(handle, 'theirs.se', other)).rejects.toThrow(
        /^theirs\.se: filen gäller Annat AB, 556000-0000, men den här databasen har huvudboken för Exempelkommun, 212000-0000; importera filen till en annan datamapp \(--data DIR\)$/,
      );
    });
  });
});

describe('agreement with another parser (sie4j json/)', () => {
  it('reads BLBLOV_SIE4_UTF_8.SI as sie4j does', async () => {
    const json = JSON.parse(
      readFileSync(join(SAMPLES, 'json', 'BLBLOV_SIE4_UTF_8_SI.json'), 'utf8'),
    ) as {
      metaData: { company: { name: string; corporateId: string } };
      vouchers: {
        series: string;
        date: string;
        text: string;
        registrationDate: string;
        transactions: { accountNumber: string; amount: number }[];
      }[];
    };
    const state = createReadState();
    const vouchers = [];
    for await (const record of readSie(
      createReadStream(join(SAMPLES, 'BLBLOV_SIE4_UTF_8.SI')),
      state,
      { onWarning: () => undefined },
    )) {
      if (record.kind === 'voucher') vouchers.push(record);
    }
    expect(state.header.companyName).toBe(json.metaData.company.name);
    expect(state.header.orgnr?.orgnr).toBe(json.metaData.company.corporateId);
    // sie4j keeps amounts as floats; two decimals written back as text compare exactly.
    expect(
      vouchers.map((v) => ({
        series: v.series,
        date: v.date,
        text: v.text,
        reg: v.regDate,
        rows: v.rows.map((r) => [r.konto, oreToDecimal(r.amount)]),
      })),
    ).toEqual(
      json.vouchers.map((v) => ({
        series: v.series,
        date: v.date,
        text: v.text,
        reg: v.registrationDate,
        rows: v.transactions.map((t) => [t.accountNumber, String(t.amount)]),
      })),
    );
  });

  it('disagrees on purpose about BLBLOV_SIE1_erroneous_leap_year.SE', async () => {
    // sie4j's json_with_erroneous_leap_year.json reads this file; Balans refuses it, because its
    // #RAR 0 ends (20200228) before it starts (20210301): no figure can be placed in that year.
    const json = readFileSync(join(SAMPLES, 'json', 'json_with_erroneous_leap_year.json'), 'utf8');
    expect(json.length).toBeGreaterThan(0);
    const state = createReadState();
    const reading = Array.fromAsync(
      readSie(createReadStream(join(SAMPLES, 'BLBLOV_SIE1_erroneous_leap_year.SE')), state, {
        onWarning: () => undefined,
      }),
    );
    await expect(reading).rejects.toThrow(
      /räkenskapsåret slutar \(2020-02-28\) innan det börjar \(2021-03-01\)/,
    );
  });
});

describe.each(ENGINES)('SIE import faults found in review, on %s', (engine) => {
  let handle: BalansDb;
  beforeAll(async () => {
    handle = await openTestDb(engine);
  });
  afterAll(async () => {
    await handle.close();
  });
  const load = (name: string, lines: string[]) =>
    handle.transaction((tx) =>
      importSie(tx, { fileName: name, bytes: chunks(sieFile(lines), 64) }),
    );

  it('refuses a period balance or budget outside every declared fiscal year', async () => {
    await expect(load('psaldo.se', [...HEADER, '#PSALDO 0 202501 3010 {} -10'])).rejects.toThrow(
      /^psaldo\.se:19: #PSALDO: perioden 202501 ligger utanför alla räkenskapsår som filen deklarerar$/,
    );
    await expect(load('pbudget.se', [...HEADER, '#PBUDGET 0 202501 3010 {} -10'])).rejects.toThrow(
      /#PBUDGET: perioden 202501 ligger utanför alla räkenskapsår/,
    );
  });

  it('imports a file whose dimensions play no role, with its warnings', async () => {
    const lines = [
      ...HEADER.filter((l) => !/^#(DIM|OBJEKT)/.test(l)),
      '#DIM 2 "Kostnadsbärare"',
      '#VER A 1 20240131',
      '{',
      '#TRANS 3010 {2 "K1" 7 "q" 27 "x"} -10',
      '#TRANS 1930 {} 10',
      '}',
    ];
    const summary = await load('dims.se', lines);
    // 7 (Anställd) is reserved and needs no #DIM; 27 is the file's own and does.
    expect(
      summary.warnings
        .filter((w) => w.code === 'DIMENSION_NOT_DECLARED')
        .map((w) => `${w.line ?? ''}:${w.message}`),
    ).toEqual(['16:dimension 27 används men är inte deklarerad (#DIM)']);
  });

  it('refuses to add a transaction file to a year that holds period balances', async () => {
    // Its own year (2023): the other tests of this block load vouchers for 2024.
    const header2023 = HEADER.map((l) =>
      l === '#SIETYP 4'
        ? '#SIETYP 2'
        : l === '#RAR 0 20240101 20241231'
          ? '#RAR 0 20230101 20231231'
          : l,
    );
    await load('perioder.se', [...header2023, '#PSALDO 0 202301 3010 {} -1000']);
    const si = [
      '#FLAGGA 0',
      '#PROGRAM "Kassa" 1.0',
      '#FORMAT PC8',
      '#GEN 20230301',
      '#SIETYP 4',
      '#FNAMN "Exempelkommun"',
      '#ORGNR 212000-0000',
      '#VER "" "" 20230215',
      '{',
      '#TRANS 3010 {} -500',
      '#TRANS 1930 {} 500',
      '}',
    ];
    await expect(load('kassa.si', si)).rejects.toThrow(
      /kassa\.si:8: räkenskapsåret 2023-01-01–2023-12-31 har periodsaldon, inte verifikationer/,
    );
  });
});
