import { describe, expect, it } from 'vitest';
import { chunks, sieFile } from '../../test/sie-fixtures.ts';
import { createReadState, readSie } from './sie-reader.ts';
import { formatRecord, withChecksum } from './sie-writer.ts';

describe('SIE writer', () => {
  it('writes records that read back to the same values, checksum included', async () => {
    const lines = withChecksum([
      '#FLAGGA 0',
      formatRecord('FNAMN', ['Kommun "Norr" Åsele']),
      formatRecord('RAR', [0, '20240101', '20241231']),
      formatRecord('KONTO', [5011, 'Månadslön']),
      formatRecord('VER', ['A', 1, '20240131', 'Lön {januari}']),
      '{',
      formatRecord('TRANS', [5011, [{ dimension: 1, code: '1 00' }], { amount: 123450n }]),
      formatRecord('TRANS', [1930, [], { amount: -123450n }]),
      '}',
    ]);
    expect(lines[7]).toBe('#TRANS 5011 {1 "1 00"} 1234.50');
    const state = createReadState();
    const records = await Array.fromAsync(
      readSie(chunks(sieFile(lines)), state, { onWarning: () => undefined }),
    );
    expect(state.checksum).toBe('verified');
    expect(state.header.companyName).toBe('Kommun "Norr" Åsele');
    const voucher = records.find((r) => r.kind === 'voucher');
    expect(voucher).toMatchObject({
      text: 'Lön {januari}',
      rows: [
        { konto: '5011', objects: [{ dimension: 1, code: '1 00' }], amount: 123450n },
        { amount: -123450n },
      ],
    });
  });
});
