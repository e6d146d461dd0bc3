import { crc32 } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { chunks, HEADER, sieFile } from '../../test/sie-fixtures.ts';
import type { SieWarning } from './sie-problems.ts';
import { createReadState, readRow, readSie, readTransFast } from './sie-reader.ts';
import { tokenizeRecord } from './sie-syntax.ts';
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

  it('reads every record type of SIE 4B', async () => {
    const lines = [
      '#FLAGGA 0', '#PROGRAM "Kommunekonomi" "7.2"', '#FORMAT PC8', '#GEN 20250115 "Anna Ek"', '#SIETYP 4',
      '#PROSA "Månadsexport"', '#FTYP X', '#FNR KOMMUN1', '#ORGNR 212000-0000 1 2', '#BKOD 84110',
      '#ADRESS "Anna Ek" "Box 1" "123 45 Exempelby" "010-123 45 67"', '#FNAMN "Exempelkommun"',
      '#RAR 0 20240101 20241231', '#RAR -1 20230101 20231231', '#TAXAR 2025', '#OMFATTN 20241231',
      '#KPTYP BAS2024', '#VALUTA SEK', '#KONTO 1930 "Bank"', '#KTYP 1930 T', '#KONTO 5011 "Månadslön"',
      '#ENHET 5011 tim', '#SRU 1930 7281', '#DIM 1 "Ansvar"', '#UNDERDIM 21 "Underansvar" 1',
      '#OBJEKT 1 "100" "Hemtjänst"', '#OBJEKT 21 "10001" "Hemtjänst Norr"',
      '#IB 0 1930 1000.00', '#UB 0 1930 500.00 12', '#OIB 0 1930 {1 "100"} 10', '#OUB 0 1930 {1 "100"} 5',
      '#RES 0 5011 500', '#PSALDO 0 202401 5011 {} 500 2', '#PBUDGET 0 202401 5011 {1 "100"} 450',
      '#VER A 1 20240131 "Lön" 20240201 "Anna Ek"', '{',
      '#TRANS 5011 {1 "100" 21 "10001"} 500.00 20240131 "Lön jan" 2 "AE"', '#TRANS 1930 {} -500.00', '}',
    ]; // prettier-ignore
    const { state, records, warnings } = await read(sieFile(lines));
    expect(warnings).toEqual([]);
    expect(state.header).toEqual({
      flagga: '0', program: { name: 'Kommunekonomi', version: '7.2' }, format: 'PC8',
      generated: { date: '2025-01-15', sign: 'Anna Ek' }, sieType: '4', prosa: 'Månadsexport',
      companyType: 'X', companyId: 'KOMMUN1', orgnr: { orgnr: '212000-0000', forvnr: '1', verknr: '2' },
      branchCode: '84110', address: { contact: 'Anna Ek', street: 'Box 1', postal: '123 45 Exempelby', phone: '010-123 45 67' },
      companyName: 'Exempelkommun', taxYear: 2025, omfattning: '2024-12-31', chartType: 'BAS2024', currency: 'SEK',
    }); // prettier-ignore
    const kinds = records.map((r) => (r.kind === 'balance' ? r.label : r.kind));
    expect(kinds).toEqual([
      'fiscalYear', 'fiscalYear', 'account', 'accountType', 'account', 'accountUnit', 'sru', 'dimension',
      'dimension', 'object', 'object', 'IB', 'UB', 'OIB', 'OUB', 'RES', 'PSALDO', 'PBUDGET', 'voucher',
    ]); // prettier-ignore
    expect(records).toContainEqual({
      kind: 'dimension',
      number: 21,
      name: 'Underansvar',
      parent: 1,
      line: 25,
    });
    expect(records).toContainEqual({
      kind: 'balance',
      label: 'UB',
      yearIndex: 0,
      konto: '1930',
      objects: [],
      amount: 50000n,
      quantity: '12',
      line: 29,
    });
    expect(records).toContainEqual({
      kind: 'balance',
      label: 'PBUDGET',
      yearIndex: 0,
      period: 202401,
      konto: '5011',
      objects: [{ dimension: 1, code: '100' }],
      amount: 45000n,
      line: 34,
    });
    expect(records.at(-1)).toEqual({
      kind: 'voucher', series: 'A', number: '1', date: '2024-01-31', text: 'Lön', regDate: '2024-02-01', sign: 'Anna Ek', line: 35,
      rows: [
        { kind: 'TRANS', konto: '5011', objects: [{ dimension: 1, code: '100' }, { dimension: 21, code: '10001' }], amount: 50000n, date: '2024-01-31', text: 'Lön jan', quantity: '2', sign: 'AE', line: 37 },
        { kind: 'TRANS', konto: '1930', objects: [], amount: -50000n, line: 38 },
      ],
    }); // prettier-ignore
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
    ).rejects.toThrow(
      /^kontrollsumman stämmer inte: #KSUMMA anger \d+, innehållet ger \d+; filen är skadad/,
    );
    await expect(read(sieFile(body))).rejects.toThrow(
      /^#KSUMMA öppnas här men den avslutande #KSUMMA saknas: filen tar slut för tidigt$/,
    );
  });

  it('checks the CRC-32 used is the standard one (check value of "123456789")', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
  });

  it.each([
    [
      'a malformed amount',
      ['#VER A 1 20240131', '{', '#TRANS 1930 {} 12,50', '}'],
      /^#TRANS 1930: "12,50" är inget belopp/,
    ],
    [
      'a voucher date that is not a date',
      ['#VER A 1 20240231', '{', '#TRANS 1930 {} 1', '}'],
      /^#VER A 1: verifikationsdatumet "20240231" är inget datum \(ÅÅÅÅMMDD\)$/,
    ],
    [
      'a transaction date that is not a date',
      ['#VER A 1 20240131', '{', '#TRANS 1930 {} 1 2024013', '}'],
      /^#TRANS 1930: transaktionsdatumet "2024013" är inget datum \(ÅÅÅÅMMDD\)$/,
    ],
    [
      'an unclosed object list',
      ['#VER A 1 20240131', '{', '#TRANS 1930 {1 "100" 1', '}'],
      /^objektlistans '\{' stängs inte med '\}'$/,
    ],
    [
      'a truncated file',
      ['#VER A 1 20240131', '{', '#TRANS 1930 {} 1'],
      /^verifikationens '\{' stängs aldrig: filen tar slut för tidigt$/,
    ],
  ])('refuses %s with its line', async (_what, tail, message) => {
    const error = await read(sieFile([...HEADER, ...tail])).catch((e: unknown) => e);
    expect(error).toMatchObject({ message: expect.stringMatching(message) as unknown });
    expect((error as { line: number }).line).toBeGreaterThan(HEADER.length);
  });

  it('refuses text that is not SIE', async () => {
    await expect(read(Buffer.from('konto;belopp\n1930;100\n'))).rejects.toThrow(
      /^det här är ingen SIE-fil: den börjar inte med en SIE-post som #FLAGGA$/,
    );
    // Line 1 even when empty, so that the refusal names a place (was without a line).
    await expect(read(Buffer.from(''))).rejects.toMatchObject({ line: 1, message: 'filen är tom' });
    await expect(read(Buffer.from('\r\n\r\n'))).rejects.toMatchObject({
      line: 2,
      message: 'det här är ingen SIE-fil: den innehåller inga SIE-poster',
    });
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

describe('the fast path for #TRANS lines', () => {
  const lines = [
    '#TRANS 5011 {1 "100" 2 "5101"} 1234.56',
    '\t#TRANS 1930 {} -1234.56',
    '#TRANS 1930 {"1" "100"} -5 20240131',
    '#TRANS 1930 { } 0.5 "" "Lön"',
    '#TRANS 1930 {} 12 20240131 "text med {klamrar}"',
    '#TRANS "1930" {1 100} "7"',
    '#TRANS 1930 {1 "a b"} 7 20240131 "t" 3',
    '#TRANS 1930 {1 "x\\"y"} 7',
    '#TRANS 1930 {} 12,5',
    '#TRANS 1930 {} 1 2024-01-31',
    '#TRANS 1930 {} 1 20240231',
    '#TRANS 19X0 {} 1',
    '#TRANS 1930 1',
    '#TRANS 1930 {1} 1',
    '#TRANS 1930 {1 "100" 1',
    '#TRANSX 1930 {} 1',
    '#TRANS 1930 {} 1 20240131 "t" "" "sign"',
  ];

  it.each(lines)('reads %s as the general path does, or leaves it to it', (line) => {
    const start = line.indexOf('#');
    const fast = readTransFast(line, start, 9);
    if (fast === undefined) return; // the general path reads (or refuses) it
    const { tokens } = tokenizeRecord(line);
    expect(fast).toEqual(readRow('TRANS', tokens, 9, () => undefined));
  });

  it('takes the lines it should', () => {
    const taken = lines.filter((line) => readTransFast(line, line.indexOf('#'), 1) !== undefined);
    expect(taken).toEqual(lines.slice(0, 6));
  });
});
