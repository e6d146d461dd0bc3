import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readTable } from '../files/table-file.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.ts';
import { HEADER, SAMPLES, sieFile } from '../../test/sie-fixtures.ts';
import { createPostgresDatabase, ENGINES } from '../../test/test-db.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, 'balans.ts');

async function balans(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      env: { ...process.env, DATABASE_URL: '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('balans CLI (embedded database)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'balans-cli-'));
  const data = join(dir, 'data');
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports an SIE file, prints a summary and the balances as JSON with exact amounts', async () => {
    const file = join(dir, 'ledger.se');
    writeFileSync(
      file,
      sieFile([
        ...HEADER,
        '#VER A 1 20240131 "Lön"',
        '{',
        '#TRANS 5011 {1 "100" 2 "5101"} 12345.67',
        '#TRANS 3010 {1 "100"} -0.05',
        '#TRANS 1930 {} -12345.62',
        '}',
      ]),
    );
    const imported = await balans(['import', 'sie', file, '--data', data]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/company: +Exempelkommun \(212000-0000\)/);
    expect(imported.stdout).toMatch(/vouchers: +1, rows 3/);
    const json = await balans([
      'ledger',
      'balances',
      '--year',
      '2024',
      '--by',
      'konto,ansvar',
      '--format',
      'json',
      '--data',
      data,
    ]);
    expect(json.code).toBe(0);
    expect(json.stdout).toContain('"amount": 12345.67');
    expect(JSON.parse(json.stdout)).toEqual([
      { konto: '1930', ansvar: '', amount: -12345.62 },
      { konto: '3010', ansvar: '100', amount: -0.05 },
      { konto: '5011', ansvar: '100', amount: 12345.67 },
    ]);
    const csv = await balans([
      'ledger',
      'balances',
      '--year',
      '2024',
      '--by',
      'verksamhet',
      '--format',
      'csv',
      '--data',
      data,
    ]);
    expect(csv.stdout).toBe('verksamhet,amount\n,-12345.67\n5101,12345.67\n');
  });

  it('refuses a faulty file with FILE:LINE and exit code 3', async () => {
    const file = join(SAMPLES, 'BLBLOV_SIE4_UTF_8_with_erroneous_voucher_date.SI');
    const result = await balans(['import', 'sie', file, '--data', join(dir, 'other')]);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      `balans: ${file}:8: #VER K: verifikationsdatumet "180501" är inget datum (ÅÅÅÅMMDD)\n`,
    );
  });

  it('answers usage errors and unknown years with one line and their exit codes', async () => {
    expect(
      (await balans(['ledger', 'balances', '--year', '2024', '--by', 'kommun', '--data', data]))
        .code,
    ).toBe(2);
    const missing = await balans(['ledger', 'balances', '--year', '1999', '--data', data]);
    expect(missing.code).toBe(5);
    expect(missing.stderr).toBe(
      'balans: inget räkenskapsår som börjar 1999 är inläst (inlästa: 2024)\n',
    );
    const help = await balans(['import', 'sie', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--dim <role=number>');
  });

  it('writes each change it makes to the audit log', async () => {
    const handle = await openDatabase({ engine: 'pglite', dataDir: data });
    try {
      const entries = await handle.db
        .selectFrom('audit_log')
        .select(['actor', 'action', 'target'])
        .orderBy('id')
        .execute();
      expect(entries).toContainEqual({
        actor: `cli:${process.env['USER'] ?? 'okänd'}`,
        action: 'import.sie',
        target: join(dir, 'ledger.se'),
      });
    } finally {
      await handle.close();
    }
  });

  it('refuses a second process on the same data folder', async () => {
    const holder = await openDatabase({ engine: 'pglite', dataDir: data });
    try {
      const result = await balans(['ledger', 'balances', '--year', '2024', '--data', data]);
      expect(result.code).toBe(4);
      expect(result.stderr).toMatch(
        new RegExp(`^balans: datamappen ${data} används av process ${process.pid} på `),
      );
    } finally {
      await holder.close();
    }
  });
});

describe.runIf(ENGINES.includes('postgres'))('balans CLI (PostgreSQL from DATABASE_URL)', () => {
  it('imports and reads the ledger on the server DATABASE_URL names', async () => {
    const database = await createPostgresDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'balans-cli-pg-'));
    try {
      const file = join(dir, 'ledger.se');
      writeFileSync(
        file,
        sieFile([
          ...HEADER,
          '#VER A 1 20240131',
          '{',
          '#TRANS 4010 {1 "200"} 99.90',
          '#TRANS 1930 {} -99.90',
          '}',
        ]),
      );
      const env = { DATABASE_URL: database.url };
      expect((await balans(['import', 'sie', file], env)).code).toBe(0);
      const json = await balans(
        ['ledger', 'balances', '--year', '2024', '--by', 'ansvar', '--format', 'json'],
        env,
      );
      expect(JSON.parse(json.stdout)).toEqual([
        { ansvar: '', amount: -99.9 },
        { ansvar: '200', amount: 99.9 },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await database.drop();
    }
  });
});

describe('balans demo and report (embedded database)', () => {
  it('builds the demo and prints the driftredovisning contract, and a spreadsheet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'balans-demo-'));
    try {
      const data = join(dir, 'data');
      expect((await balans(['demo', '--data', data])).code).toBe(0);
      const json = await balans([
        'report',
        'driftredovisning',
        '--year',
        '2024',
        '--data',
        data,
        '--format',
        'json',
      ]);
      const report = JSON.parse(json.stdout) as {
        report: string;
        year: number;
        unit: string;
        rows: { code: string; utfall: number; children: unknown[] }[];
        total: unknown;
      };
      expect({
        report: report.report,
        year: report.year,
        unit: report.unit,
        total: report.total,
      }).toEqual({
        report: 'driftredovisning',
        year: 2024,
        unit: 'tkr',
        total: { utfall: 331882, budget: 318803, avvikelse: -13079 },
      });
      expect(report.rows.map((r) => [r.code, r.children.length])).toEqual([
        ['10', 0],
        ['51', 16],
        ['55', 0],
        ['56', 0],
        ['57', 0],
        ['60', 0],
        ['92', 0],
      ]);
      const out = join(dir, 'resultat.xlsx');
      expect(
        (
          await balans([
            'report',
            'driftresultat',
            '--year',
            '2024',
            '--data',
            data,
            '--format',
            'xlsx',
            '--out',
            out,
          ])
        ).code,
      ).toBe(0);
      const sheet = await readTable(out, readFileSync(out));
      expect(sheet.rows.at(-1)?.cells).toEqual({
        '(tkr)': 'Resultat',
        bokslut_2023: -321043,
        bokslut_2024: -331882,
        budget_2024: -318803,
        budgetavvikelse: -13079,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
