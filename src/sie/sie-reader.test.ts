import { crc32 } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { chunks, HEADER, sieFile } from '../../test/sie-fixtures.ts';
import type { SieWarning } from './sie-problems.ts';
import { createReadState, readSie } from './sie-reader.ts';
import type { SieRecord, SieVoucher } from './sie-records.ts';

async function read(bytes: Buffer) {
  const state = createReadState();
  const warnings: SieWarning[] = [];
  const records: SieRecord[] = [];
  for await (const record of readSie(chunks(bytes), state, { onWarning: (w) => warnings.push(w) }))
    records.push(record);
  return {
    state,
    warnings,
    records,
    vouchers: records.filter((r): r is SieVoucher => r.kind === 'voucher'),
  };
}

const VOUCHER = [
  '#VER A 1 20240131 "Lön"',
  '{',
  '#TRANS 5011 {1 "100" 2 "5101"} 1000.50',
  '#TRANS 1930 {} -1000.50',
  '}',
];

describe('readSie', () => {
  it('reads a voucher with its rows, objects and exact amounts', async () => {
    const { vouchers, warnings } = await read(sieFile([...HEADER, ...VOUCHER]));
    expect(warnings).toEqual([]);
    expect(vouchers).toHaveLength(1);
    expect(vouchers[0]?.rows.map((r) => [r.konto, r.objects, r.amount])).toEqual([
      [
        '5011',
        [
          { dimension: 1, code: '100' },
          { dimension: 2, code: '5101' },
        ],
        100050n,
      ],
      ['1930', [], -100050n],
    ]);
  });

  it('decodes CP437, and detects UTF-8 and ISO-8859-15 files that claim PC8', async () => {
    for (const encoding of ['cp437', 'utf8', 'iso-8859-15'] as const) {
      const { state } = await read(sieFile([...HEADER, ...VOUCHER], encoding));
      expect(state.header.companyName).toBe('Exempelkommun');
      expect(state.lines.encoding).toBe(encoding);
    }
    const { records } = await read(sieFile([...HEADER], 'iso-8859-15'));
    expect(records).toContainEqual(
      expect.objectContaining({ kind: 'object', code: '200', name: 'Säbo Åsen' }),
    );
  });

  it('counts an #RTRANS once, skipping its #TRANS twin, and keeps a #BTRANS as removed (spec #BTRANS example)', async () => {
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
    const { vouchers } = await read(sieFile(lines));
    expect(vouchers[0]?.rows.map((r) => [r.kind, r.konto, r.amount])).toEqual([
      ['TRANS', '1930', -100000n],
      ['TRANS', '4010', 20000n],
      ['BTRANS', '4010', 80000n],
      ['RTRANS', '5011', 80000n],
    ]);
  });

  it('verifies #KSUMMA over the CP437 bytes of labels and fields', async () => {
    const body = [
      '#FLAGGA 0',
      '#KSUMMA',
      '#PROGRAM "Bal ans" 1.0',
      '#FNAMN "Åsa \\"AB\\""',
      '#KONTO 1930 "Bank"',
    ];
    // Written out by hand from spec 10.14: labels and fields, no quotes, braces or spaces.
    const summed = '#PROGRAMBal ans1.0#FNAMNÅsa "AB"#KONTO1930Bank';
    const sum = crc32(iconv.encode(summed, 'cp437'));
    const good = await read(sieFile([...body, `#KSUMMA ${sum}`]));
    expect(good.state.checksum).toBe('verified');
    await expect(
      read(sieFile([...body.slice(0, 4), '#KONTO 1930 "Banken"', `#KSUMMA ${sum}`])),
    ).rejects.toThrow(/checksum mismatch/);
    await expect(read(sieFile(body))).rejects.toThrow(
      /closing #KSUMMA is missing: the file is truncated/,
    );
  });

  it('checks the CRC-32 used is the standard one (check value of "123456789")', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
  });

  it.each([
    [
      'a malformed amount',
      ['#VER A 1 20240131', '{', '#TRANS 1930 {} 12,50', '}'],
      /"12,50" is not an amount/,
    ],
    [
      'a voucher date that is not a date',
      ['#VER A 1 20240231', '{', '#TRANS 1930 {} 1', '}'],
      /voucher date "20240231" is not a date/,
    ],
    [
      'a transaction date that is not a date',
      ['#VER A 1 20240131', '{', '#TRANS 1930 {} 1 2024013', '}'],
      /transaction date "2024013"/,
    ],
    [
      'an unclosed object list',
      ['#VER A 1 20240131', '{', '#TRANS 1930 {1 "100" 1', '}'],
      /object list '\{' is not closed/,
    ],
    [
      'a truncated file',
      ['#VER A 1 20240131', '{', '#TRANS 1930 {} 1'],
      /never closed: the file is truncated/,
    ],
  ])('refuses %s with its line', async (_what, tail, message) => {
    const error = await read(sieFile([...HEADER, ...tail])).catch((e: unknown) => e);
    expect(error).toMatchObject({ message: expect.stringMatching(message) as unknown });
    expect((error as { line: number }).line).toBeGreaterThan(HEADER.length);
  });

  it('refuses text that is not SIE', async () => {
    await expect(read(Buffer.from('konto;belopp\n1930;100\n'))).rejects.toThrow(/not an SIE file/);
    await expect(read(Buffer.from(''))).rejects.toThrow(/not an SIE file/);
  });

  it('accepts an empty optional transaction date, blank lines, tabs, amounts without decimals and unknown labels', async () => {
    const lines = [
      ...HEADER,
      '',
      '#OKAND 1 2 3',
      '#VER\tA\t1\t20240131\t""',
      '{',
      '\t#TRANS 1930 {} -100 "" "" 1 extra fields',
      '\t#TRANS 4010 {} 100',
      '}',
    ];
    const { vouchers, warnings } = await read(sieFile(lines));
    expect(warnings).toEqual([]);
    expect(vouchers[0]?.rows.map((r) => [r.amount, r.date])).toEqual([
      [-10000n, undefined],
      [10000n, undefined],
    ]);
  });
});
