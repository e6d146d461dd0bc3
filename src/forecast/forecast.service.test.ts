import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { chunks, HEADER, sieFile } from '../../test/sie-fixtures.ts';
import { ENGINES, openTestDb } from '../../test/test-db.ts';
import { importSie } from '../ledger/sie-import.service.ts';
import type { FORECAST_METHODS } from './forecast.ts';
import { proposalsByAnsvar } from './forecast.service.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', 'cli', 'balans.ts');

/** Two years of a small ledger: ansvar 100 books costs, 200 income and costs; 2024 has a budget. */
function ledger(): Buffer {
  const voucher = (n: number, date: string, rows: string[]) => [
    `#VER A ${n} ${date}`,
    '{',
    ...rows,
    '}',
  ];
  const lines = [
    ...HEADER.map((l) =>
      l === '#RAR 0 20240101 20241231' ? `${l}\n#RAR -1 20230101 20231231` : l,
    ),
    // Budget 2024: 1 200 kr a month on 100; 200 budgets income of 300 and costs of 100 in January only.
    ...Array.from(
      { length: 12 },
      (_, i) => `#PBUDGET 0 2024${String(i + 1).padStart(2, '0')} 5011 {1 "100"} 1200`,
    ),
    '#PBUDGET 0 202401 3010 {1 "200"} -300',
    '#PBUDGET 0 202401 4010 {1 "200"} 100',
    // 2023: 1 000 kr a month on 100.
    ...Array.from({ length: 12 }, (_, i) =>
      voucher(i + 1, `2023${String(i + 1).padStart(2, '0')}15`, [
        '#TRANS 5011 {1 "100" 2 "5101"} 1000',
        '#TRANS 1930 {} -1000',
      ]),
    ).flat(),
    // 2024: 1 000 in January and 500.01 in February on 100; income 100.01 on 200 in March.
    ...voucher(13, '20240115', ['#TRANS 5011 {1 "100" 2 "5101"} 1000', '#TRANS 1930 {} -1000']),
    ...voucher(14, '20240215', ['#TRANS 5011 {1 "100" 2 "5101"} 500.01', '#TRANS 1930 {} -500.01']),
    ...voucher(15, '20240315', ['#TRANS 3010 {1 "200"} -100.01', '#TRANS 1930 {} 100.01']),
    // A balance account booked on an ansvar counts in no proposal.
    ...voucher(16, '20240316', ['#TRANS 1930 {1 "100"} 77', '#TRANS 1930 {} -77']),
  ];
  return sieFile(lines.flatMap((l) => l.split('\n')));
}

describe.each(ENGINES)('forecast proposals from the ledger, %s', (engine) => {
  it('proposes every method per ansvar over the accounts of the operating result', async () => {
    const handle = await openTestDb(engine);
    try {
      await handle.transaction((tx) =>
        importSie(tx, { fileName: 'prognos.se', bytes: chunks(ledger(), 64) }),
      );
      const figures = async (method: (typeof FORECAST_METHODS)[number], month: number) =>
        (await proposalsByAnsvar(handle.db, { year: 2024, month, method })).map((p) => [
          p.code,
          p.amount,
        ]);
      expect(await figures('budget', 3)).toEqual([
        ['100', 1_440_000n],
        ['200', -20_000n],
      ]);
      // 100: 1 500,01 + 9 × 1 200; 200: −100,01 + nothing budgeted after March.
      expect(await figures('utfall-plus-budget', 3)).toEqual([
        ['100', 1_230_001n],
        ['200', -10_001n],
      ]);
      // 150 001 × 12 / 7 = 257 144,57 → 257 145; −10 001 × 12 / 7 = −17 144,57 → −17 145
      expect(await figures('linjar', 7)).toEqual([
        ['100', 257_145n],
        ['200', -17_145n],
      ]);
      // 100: 150 001 / (3 000 / 12 000) = 600 004; 200 has no outcome last year: utfall plus budget.
      const profile = await proposalsByAnsvar(handle.db, {
        year: 2024,
        month: 3,
        method: 'fjolarsprofil',
      });
      expect(profile.map((p) => [p.code, p.amount, p.fallback?.to])).toEqual([
        ['100', 600_004n, undefined],
        ['200', -10_001n, 'utfall-plus-budget'],
      ]);
      const scoped = await proposalsByAnsvar(handle.db, {
        year: 2024,
        month: 3,
        method: 'budget',
        ansvar: new Set(['200']),
      });
      expect(scoped.map((p) => p.code)).toEqual(['200']);
      await expect(
        proposalsByAnsvar(handle.db, { year: 2024, month: 13, method: 'linjar' }),
      ).rejects.toThrow('--month 13: räkenskapsåret 2024 har månaderna 1–12');
      await expect(
        proposalsByAnsvar(handle.db, { year: 2031, month: 1, method: 'linjar' }),
      ).rejects.toThrow(/inget räkenskapsår som börjar 2031/);
    } finally {
      await handle.close();
    }
  });
});

describe('balans prognos forslag (embedded database)', () => {
  it('prints [{code, amount}] in kronor with öre, exact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'balans-prognos-'));
    try {
      const file = join(dir, 'prognos.se');
      writeFileSync(file, ledger());
      const data = join(dir, 'data');
      const env = { ...process.env, DATABASE_URL: '' };
      await run(process.execPath, [CLI, 'import', 'sie', file, '--data', data], { env });
      const { stdout } = await run(
        process.execPath,
        [
          CLI,
          'prognos',
          'forslag',
          '--year',
          '2024',
          '--month',
          '7',
          '--method',
          'linjar',
          '--by',
          'ansvar',
          '--format',
          'json',
          '--data',
          data,
        ],
        { env },
      );
      expect(JSON.parse(stdout)).toEqual([
        { code: '100', amount: 2571.45 },
        { code: '200', amount: -171.45 },
      ]);
      expect(stdout).toContain('"amount": 2571.45');
      const refused = await run(
        process.execPath,
        [
          CLI,
          'prognos',
          'forslag',
          '--year',
          '2024',
          '--month',
          '3',
          '--method',
          'gissning',
          '--data',
          data,
        ],
        { env },
      ).catch((error: unknown) => error);
      expect(refused).toMatchObject({ code: 2 });
      expect((refused as { stderr: string }).stderr).toMatch(/gissning/);

      const period = (command: string, ...more: string[]) =>
        run(
          process.execPath,
          [CLI, 'period', command, '--year', '2024', '--month', '3', ...more, '--data', data],
          {
            env,
          },
        ).catch((error: unknown) => error as { code: number; stdout: string; stderr: string });
      expect(await period('close')).toMatchObject({
        stdout: expect.stringMatching(
          /Månad 3 2024 är stängd\.\nUtan inlämnad prognos: 100, 200/,
        ) as unknown,
      });
      expect(await period('close')).toMatchObject({
        code: 3,
        stderr: expect.stringMatching(/redan stängd/) as unknown,
      });
      expect(await period('reopen')).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/--reason/) as unknown,
      });
      expect(await period('reopen', '--reason', 'Sen leverantörsfaktura')).toMatchObject({
        stdout: 'Månad 3 2024 är öppen igen.\n',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
