import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BalansDb } from '../db/database.ts';
import { isAppError } from '../shared/app-error.ts';
import { chunks, HEADER, SAMPLES, sieFile } from '../../test/sie-fixtures.ts';
import { emptyLedger, rowCounts } from '../../test/ledger-counts.ts';
import { ENGINES, openTestDb } from '../../test/test-db.ts';
import { SieImportError } from './sie-checks.ts';
import { importSie, type SieImportSummary } from './sie-import.service.ts';

/** Issue 9, part 1: every input imports, or is refused with its file and line, and nothing of it is kept. */

/** Arousells' file (type 4, dimensions 1, 2 and 6) as a file that leaves its #DIM records out. */
function withoutDimRecords(): Buffer {
  const text = readFileSync(join(SAMPLES, 'Arousells_Visning_AB.SE'), 'latin1');
  return Buffer.from(
    text
      .split('\n')
      .filter((line) => !line.startsWith('#DIM '))
      .join('\n'),
    'latin1',
  );
}

const VOUCHER = (row: string) => ['#VER A 1 20240131 "Lön"', '{', row, '#TRANS 1930 {} -10', '}'];
const ROW_LINE = HEADER.length + 3;

describe.each(ENGINES)('SIE input bounds on %s', (engine) => {
  let handle: BalansDb;
  beforeAll(async () => {
    handle = await openTestDb(engine);
  });
  afterAll(async () => {
    await handle.close();
  });
  beforeEach(async () => {
    // Each case in a clean ledger: the files are of different organisations.
    await emptyLedger(handle);
  });

  const load = (name: string, bytes: Buffer | AsyncIterable<Buffer>): Promise<SieImportSummary> =>
    handle.transaction((tx) =>
      importSie(tx, {
        fileName: name,
        bytes: Buffer.isBuffer(bytes) ? chunks(bytes, 4096) : bytes,
      }),
    );

  /** Refused with `name:line: …` matching the pattern, and the database as it was. */
  async function expectRefused(name: string, bytes: Buffer, pattern: RegExp): Promise<string> {
    const before = await rowCounts(handle);
    const error: unknown = await load(name, bytes).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAppError(error) ? error.code : error).toBe('SIE_REFUSED');
    const message = error instanceof Error ? error.message : '';
    expect(message).toMatch(new RegExp(`^${name.replace('.', '\\.')}:\\d+: `));
    expect(message).toMatch(pattern);
    expect(await rowCounts(handle)).toEqual(before);
    return message;
  }

  it('imports a file that uses reserved dimensions 1, 2 and 6 without #DIM (was: violates foreign key constraint dimension_object_dimension_number_fkey)', async () => {
    const summary = await load('utan-dim.se', withoutDimRecords());
    expect(summary.dimensions.map((d) => [d.number, d.name])).toEqual([
      [1, 'Kostnadsställe/resultatenhet'],
      [2, 'Kostnadsbärare'],
      [6, 'Projekt'],
    ]);
    expect(summary.warnings.filter((w) => w.code === 'DIMENSION_NOT_DECLARED')).toEqual([]);
    expect(summary.vouchers).toBeGreaterThan(0);
    const objects = await sql<{
      n: number;
    }>`select count(*)::int as n from dimension_object where dimension_number = 6`.execute(
      handle.db,
    );
    expect(objects.rows[0]?.n).toBe(4);
  });

  it('warns with its line about an undeclared dimension outside the reserved ones, and still imports', async () => {
    const lines = [...HEADER, '#OBJEKT 7 "E1" "Anna"', '#OBJEKT 30 "X" "Egen"', '#RES 0 3010 -5'];
    const summary = await handle.transaction((tx) =>
      importSie(tx, { fileName: 'egen.se', bytes: chunks(sieFile(lines), 64) }),
    );
    expect(
      summary.warnings
        .filter((w) => w.code === 'DIMENSION_NOT_DECLARED')
        .map((w) => `${w.line ?? ''}:${w.message}`),
    ).toEqual([`${HEADER.length + 2}:dimension 30 används men är inte deklarerad (#DIM)`]);
    expect(summary.dimensions.find((d) => d.number === 7)?.name).toBe('Anställd');
  });

  it.each([
    '-9223372036854775809',
    '1' + '0'.repeat(42),
    '18446744073709551614',
    '10000000000000.01',
    'Infinity',
    'NaN',
  ])(
    'refuses the amount %s with its line (was "out of range for type bigint" from the database)',
    async (amount) => {
      await expectRefused(
        'belopp.se',
        sieFile([...HEADER, ...VOUCHER(`#TRANS 4010 {} ${amount}`)]),
        new RegExp(`^belopp\\.se:${ROW_LINE}: #TRANS 4010: `),
      );
      await expectRefused(
        'ib.se',
        sieFile([...HEADER, `#IB 0 1930 ${amount}`]),
        new RegExp(`^ib\\.se:${HEADER.length + 1}: #IB 1930: `),
      );
    },
  );

  it('refuses a dimension number or year number beyond integer (99999999999), and skips such a declaration with a warning', async () => {
    await expectRefused(
      'dim.se',
      sieFile([...HEADER, ...VOUCHER('#TRANS 4010 {99999999999 "x"} 10')]),
      /dimensionen 99999999999 i objektlistan är större än 99999/,
    );
    await expectRefused(
      'ar.se',
      sieFile([...HEADER, '#IB -99999999999 1930 10']),
      /#IB: årsnumret -99999999999 ligger för långt bak/,
    );
    const summary = await load(
      'deklaration.se',
      sieFile([
        ...HEADER,
        '#DIM 99999999999 "Stor"',
        '#OBJEKT 99999999999 "x" "y"',
        ...VOUCHER('#TRANS 4010 {} 10 "" "" 99999999999'),
      ]),
    );
    expect(summary.warnings.map((w) => w.line)).toEqual([HEADER.length + 1, HEADER.length + 2]);
  });

  it('refuses a NUL byte in a text field with its line (was "invalid byte sequence for encoding UTF8: 0x00")', async () => {
    await expectRefused(
      'nul.se',
      sieFile([...HEADER, '#KONTO 7010 "Lön\0"', ...VOUCHER('#TRANS 4010 {} 10')]),
      new RegExp(`^nul\\.se:${HEADER.length + 1}: raden innehåller ett NUL-tecken`),
    );
  });

  it('shortens a name longer than 1000 characters with a warning, and refuses keys too long for an index (was "index row requires 12032 bytes")', async () => {
    const long = 'Å'.repeat(12_000);
    await expectRefused(
      'kod.se',
      sieFile([...HEADER, ...VOUCHER(`#TRANS 4010 {1 "${long}"} 10`)]),
      /objektlistan är 12001 tecken lång \(1 objekt\); högst 400/,
    );
    await expectRefused(
      'kod.se',
      sieFile([...HEADER, ...VOUCHER(`#TRANS 4010 {1 "${'Å'.repeat(150)}"} 10`)]),
      /objektkoden "Å{40}…" är 150 tecken lång; högst 100/,
    );
    await expectRefused(
      'konto.se',
      sieFile([...HEADER, ...VOUCHER(`#TRANS ${'4'.repeat(5000)} {} 10`)]),
      /kontonumret "4+…" har 5000 siffror; högst 20/,
    );
    const summary = await load(
      'namn.se',
      sieFile([
        ...HEADER,
        `#OBJEKT 1 "300" "${long}"`,
        ...VOUCHER(`#TRANS 4010 {} 10 "" "${long}"`),
      ]),
    );
    expect(summary.warnings.map((w) => [w.line, w.code])).toEqual([
      [HEADER.length + 1, 'TEXT_TRUNCATED'],
      [HEADER.length + 4, 'TEXT_TRUNCATED'],
    ]);
    const stored = await sql<{
      n: number;
    }>`select length(name)::int as n from dimension_object where code = '300'`.execute(handle.db);
    expect(stored.rows[0]?.n).toBe(1000);
  });

  it('refuses a fiscal year outside 1900–2999, or longer than 18 months (was accepted: 0001-01-01 to 9999-12-31)', async () => {
    const rar = (line: string) => HEADER.map((l) => (l.startsWith('#RAR') ? line : l));
    await expectRefused(
      'ar.se',
      sieFile(rar('#RAR 0 00010101 99991231')),
      /#RAR: datumet 0001-01-01 ligger utanför åren 1900–2999/,
    );
    await expectRefused(
      'ar.se',
      sieFile(rar('#RAR 0 20240101 20251231')),
      /#RAR 0: räkenskapsåret 2024-01-01–2025-12-31 är längre än 18 månader/,
    );
    await expectRefused(
      'ver.se',
      sieFile([...HEADER, '#VER A 1 00010131', '{', '#TRANS 4010 {} 10', '}']),
      /#VER A 1: verifikationsdatumet 0001-01-31 ligger utanför åren 1900–2999/,
    );
  });

  it('names the line of the balance that places a year without #RAR when that year overlaps another (was without a line)', async () => {
    const lines = HEADER.map((l) => (l.startsWith('#RAR') ? '#RAR 0 20240101 20250331' : l));
    await expectRefused(
      'ar.se',
      sieFile([...lines, '#IB -1 1930 10']),
      new RegExp(`^ar\\.se:${HEADER.length + 1}: räkenskapsåret 2023-01-01–2024-03-31 överlappar`),
    );
  });

  it('refuses 2 000 fiscal years in one file at the 101st (was accepted)', async () => {
    const years = Array.from({ length: 2000 }, (_, i) => {
      const year = 2024 - i;
      return `#RAR ${-i} ${year}0101 ${year}1231`;
    });
    await expectRefused(
      'ar.se',
      sieFile([...HEADER.filter((l) => !l.startsWith('#RAR')), ...years]),
      new RegExp(`^ar\\.se:${HEADER.length + 100}: #RAR: årsnumret -100 ligger för långt bak`),
    );
  });

  it('refuses a file holding nothing but #FLAGGA 0 (was reported as imported)', async () => {
    await expectRefused(
      'tom.se',
      sieFile(['#FLAGGA 0']),
      /^tom\.se:1: filen innehåller inget att importera/,
    );
  });

  it('refuses an object list of 200 000 pairs on one line by its length, as it reads it (was 47 s, growing faster than its size)', async () => {
    const pairs = Array.from({ length: 200_000 }, (_, i) => `${20 + (i % 50)} "${i}"`).join(' ');
    const bytes = sieFile([...HEADER, ...VOUCHER(`#TRANS 4010 {${pairs}} 10`)]);
    expect(bytes.length).toBeLessThan(1 << 22);
    await expectRefused(
      'lista.se',
      bytes,
      new RegExp(`^lista\\.se:${ROW_LINE}: raden är längre än 1 MiB`),
    );
    const shorter = pairs.slice(0, pairs.indexOf(' 20 "50000"'));
    await expectRefused(
      'lista.se',
      sieFile([...HEADER, ...VOUCHER(`#TRANS 4010 {${shorter}} 10`)]),
      new RegExp(
        `^lista\\.se:${ROW_LINE}: #TRANS: objektlistan är \\d+ tecken lång \\(50000 objekt\\)`,
      ),
    );
  });

  it('refuses a line of several megabytes at that line (was past 60 s)', async () => {
    const line = `#PROSA "${'x'.repeat(3 << 20)}"`;
    await expectRefused(
      'rad.se',
      sieFile([...HEADER, line, '#RES 0 3010 -5']),
      new RegExp(`^rad\\.se:${HEADER.length + 1}: raden är längre än 1 MiB`),
    );
  });

  it('names the file and says nothing was imported when an error no check foresaw stops the import', async () => {
    const before = await rowCounts(handle);
    function* failing(): Generator<Buffer> {
      yield sieFile([...HEADER, ...VOUCHER('#TRANS 4010 {} 10')]);
      throw new Error('disken försvann');
    }
    const error: unknown = await load('avbruten.se', Readable.from(failing())).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SieImportError);
    expect(error instanceof Error ? error.message : '').toMatch(
      /^avbruten\.se: importen avbröts och ingenting importerades; .*disken försvann$/,
    );
    expect(await rowCounts(handle)).toEqual(before);
  });
});
