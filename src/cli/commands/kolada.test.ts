import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  sickLeave,
  startKoladaServer,
  type KoladaTestServer,
} from '../../../test/kolada-server.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', 'balans.ts');

async function balans(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      env: { ...process.env, DATABASE_URL: '', KOLADA_URL: '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

// Each command is a process that opens the embedded database: slow on a busy machine.
describe('balans kolada (embedded database, a local Kolada)', { timeout: 600_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'balans-kolada-'));
  const data = join(dir, 'data');
  let kolada: KoladaTestServer;
  beforeAll(async () => {
    kolada = await startKoladaServer({
      pageSize: 2,
      // Written for this test: Askersund's sick leave 2024, and 2023 without a value.
      extra: [
        sickLeave(2024, '10.70'),
        sickLeave(2023, ''),
        sickLeave(2024, '6.1', { municipality: '0180' }),
      ],
    });
  });
  afterAll(async () => {
    await kolada.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fetches from KOLADA_URL, then gives the stored values offline as the contract says', async () => {
    const fetched = await balans(
      [
        'kolada',
        'fetch',
        '--kpi',
        'N00090',
        '--municipality',
        '1882,0180',
        '--years',
        '2023-2024',
        '--data',
        data,
      ],
      { KOLADA_URL: kolada.url },
    );
    expect(fetched.stderr).toBe('');
    expect(fetched.code).toBe(0);
    expect(fetched.stdout).toMatch(
      /^Hämtade 3 värden \(1 utan värde\) för N00090, 2 kommuner, 2023–2024 från http:\/\/127\.0\.0\.1:\d+\/v3 \(Källa: Kolada, \d{4}-\d{2}-\d{2}\)\n$/,
    );
    await kolada.close(); // offline from here on
    const values = await balans([
      'kolada',
      'values',
      '--kpi',
      'N00090',
      '--municipality',
      '1882',
      '--format',
      'json',
      '--data',
      data,
    ]);
    expect(values.code).toBe(0);
    expect(JSON.parse(values.stdout)).toEqual([
      {
        kpi: 'N00090',
        municipality: '1882',
        year: 2023,
        gender: 'T',
        value: null,
        status: 'Saknas',
      },
      { kpi: 'N00090', municipality: '1882', year: 2024, gender: 'T', value: '10.7', status: null },
    ]);
    const table = await balans([
      'kolada',
      'values',
      '--kpi',
      'N00090',
      '--years',
      '2024',
      '--data',
      data,
    ]);
    expect(table.stdout).toMatch(/^N00090 +0180 +2024 +T +6\.1$/m);
    expect(table.stdout).toContain('Källa: Kolada');
    const search = await balans(['kolada', 'search', 'sjukfrånvaro', '--data', data]);
    expect(search.stdout).toBe('N00090  Sjukfrånvaro totalt bland anställda, kommun, andel (%)\n');
  });

  it('refuses an unreachable Kolada with the URL, exit code 3, and bad options with 2', async () => {
    const down = await balans(
      [
        'kolada',
        'fetch',
        '--kpi',
        'N00090',
        '--municipality',
        '1882',
        '--years',
        '2024',
        '--data',
        data,
      ],
      { KOLADA_URL: 'http://127.0.0.1:9/v3' },
    );
    expect(down.code).toBe(3);
    expect(down.stderr).toMatch(
      /^balans: Kolada \(http:\/\/127\.0\.0\.1:9\/v3\/kpi\/N00090\): kunde inte nås/,
    );
    const bad = await balans([
      'kolada',
      'fetch',
      '--kpi',
      'N00090',
      '--years',
      '2024',
      '--data',
      data,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/ställ in den egna kommunen först/);
    const set = await balans([
      'kolada',
      'municipality',
      '--own',
      '1882',
      '--peers',
      '0180,0604',
      '--data',
      data,
    ]);
    expect(set.stdout).toBe('Egen kommun: 1882; jämförelsekommuner: 0180, 0604\n');
  });
});
