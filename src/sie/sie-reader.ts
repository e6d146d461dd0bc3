import { crc32 } from 'node:zlib';
import { parseSieDate, parseSiePeriod, type IsoDate } from '../shared/dates.ts';
import { parseAmount } from '../shared/money.ts';
import { createLineSplitter, encodeCp437, type LineReaderState } from './sie-lines.ts';
import { SieFault, type SieWarning } from './sie-problems.ts';
import type {
  AccountType,
  BalanceLabel,
  ObjectRef,
  SieBalance,
  SieHeader,
  SieRecord,
  SieVoucher,
  SieVoucherRow,
  VoucherRowKind,
} from './sie-records.ts';
import { checksumParts, tokenizeRecord, type SieField, type SieTokens } from './sie-syntax.ts';

export interface SieReadState {
  header: SieHeader;
  lines: LineReaderState;
  /** 'verified' when #KSUMMA was present and matched. */
  checksum: 'absent' | 'verified';
  records: number;
}

export interface SieReadOptions {
  onWarning: (warning: SieWarning) => void;
}

const KNOWN_LABELS = new Set([
  'FLAGGA', 'PROGRAM', 'FORMAT', 'GEN', 'SIETYP', 'PROSA', 'FTYP', 'FNR', 'ORGNR', 'BKOD',
  'ADRESS', 'FNAMN', 'RAR', 'TAXAR', 'OMFATTN', 'KPTYP', 'VALUTA', 'KONTO', 'KTYP', 'ENHET',
  'SRU', 'DIM', 'UNDERDIM', 'OBJEKT', 'IB', 'UB', 'OIB', 'OUB', 'RES', 'PSALDO', 'PBUDGET',
  'VER', 'TRANS', 'RTRANS', 'BTRANS', 'KSUMMA',
]); // prettier-ignore

const BALANCE_LABELS = new Set<string>(['IB', 'UB', 'OIB', 'OUB', 'RES', 'PSALDO', 'PBUDGET']);
const OBJECT_BALANCES = new Set<string>(['OIB', 'OUB', 'PSALDO', 'PBUDGET']);
const ROW_LABELS = new Set<string>(['TRANS', 'RTRANS', 'BTRANS']);

function text(fields: SieField[], index: number): string {
  const field = fields[index];
  return typeof field === 'string' ? field : '';
}

function objectList(fields: SieField[], index: number): SieField | undefined {
  return fields[index];
}

export function createReadState(): SieReadState {
  return {
    header: {},
    lines: { encoding: undefined, bytesRead: 0 },
    checksum: 'absent',
    records: 0,
  };
}

/**
 * Reads an SIE file, a batch of records per chunk of the file. Throws SieFault for what makes
 * the figures uncertain; reports known harmless faults through onWarning. Vouchers come whole,
 * with their rows.
 */
export async function* readSieBatches(
  source: AsyncIterable<Buffer>,
  state: SieReadState,
  options: SieReadOptions,
): AsyncGenerator<SieRecord[]> {
  const warn = (line: number | undefined, code: SieWarning['code'], message: string) => {
    options.onWarning(line === undefined ? { code, message } : { line, code, message });
  };
  const header = state.header;
  let sawRecord = false as boolean; // set by onLine
  let voucher: SieVoucher | undefined;
  let voucherAwaitingBlock = false as boolean; // set by onLine
  let inBlock = false as boolean; // set by onLine
  let blockLine = 0;
  let pendingRtrans: SieVoucherRow | undefined;
  let checksumOpen = false as boolean; // set by onLine
  // CRC over CP437 bytes as the spec says, and over the file's own bytes for files that are
  // really UTF-8 or ISO-8859-15 (their writers summed what they wrote).
  let crcCp437: number | undefined;
  let crcNative: number | undefined;
  let checksumStartLine = 0;
  let checksumDone = false as boolean; // set by onLine
  let lastLine = 0;

  const closeVoucher = (): SieVoucher | undefined => {
    const done = voucher;
    voucher = undefined;
    voucherAwaitingBlock = false;
    pendingRtrans = undefined;
    if (done && done.rows.length === 0) {
      warn(done.line, 'VOUCHER_EMPTY', `voucher ${describeVoucher(done)} has no transactions`);
    }
    return done;
  };

  let batch: SieRecord[] = [];
  const onLine = (line: number, raw: string): void => {
    lastLine = line;
    // Most lines are records: look at the first visible character instead of trimming the line.
    let first = 0;
    while (first < raw.length && raw.charCodeAt(first) <= 32) first += 1;
    if (first === raw.length) return;
    const trimmed = raw.charCodeAt(first) === 35 ? raw : raw.trim();
    if (!sawRecord) {
      if (
        !trimmed.trimStart().startsWith('#') ||
        !KNOWN_LABELS.has(firstLabel(trimmed.trimStart()))
      ) {
        throw new SieFault(
          line,
          'this is not an SIE file: it does not begin with an SIE record such as #FLAGGA',
        );
      }
      sawRecord = true;
    }

    if (trimmed === '{') {
      if (!voucherAwaitingBlock || inBlock) {
        throw new SieFault(line, "'{' without a #VER before it");
      }
      inBlock = true;
      blockLine = line;
      voucherAwaitingBlock = false;
      return;
    }
    if (trimmed === '}') {
      if (!inBlock) throw new SieFault(line, "'}' without an open '{'");
      inBlock = false;
      const done = closeVoucher();
      if (done) batch.push(done);
      return;
    }
    if (raw.charCodeAt(first) !== 35) {
      if (inBlock)
        throw new SieFault(
          line,
          `not an SIE record inside the voucher opened on line ${blockLine}: "${trimmed.slice(0, 40)}"`,
        );
      warn(
        line,
        'NOT_A_RECORD',
        `line is not an SIE record and was ignored: "${trimmed.slice(0, 40)}"`,
      );
      return;
    }

    // The common #TRANS line, read without the general tokenizer; anything unusual goes the long way.
    if (inBlock && voucher && !checksumOpen && !checksumDone && pendingRtrans === undefined) {
      const row = readTransFast(raw, first, line);
      if (row) {
        state.records += 1;
        voucher.rows.push(row);
        return;
      }
    }

    const { tokens, problem } = tokenizeRecord(trimmed);
    if (problem === 'UNCLOSED_BRACE' || problem === 'NESTED_BRACE' || problem === 'STRAY_BRACE') {
      throw new SieFault(
        line,
        problem === 'UNCLOSED_BRACE'
          ? "object list '{' is not closed with '}'"
          : "misplaced '{' or '}' in the record",
      );
    }
    if (problem === 'UNCLOSED_QUOTE') {
      warn(line, 'UNCLOSED_QUOTE', 'a quoted field is not closed; read to the end of the line');
    }

    if (tokens.label === 'KSUMMA') {
      if (!checksumOpen && !checksumDone) {
        if (tokens.fields.length > 0) {
          throw new SieFault(line, '#KSUMMA with a value but no opening #KSUMMA before it');
        }
        checksumOpen = true;
        checksumStartLine = line;
        return;
      }
      const expected = text(tokens.fields, 0);
      if (!/^-?\d+$/.test(expected))
        throw new SieFault(line, `#KSUMMA value "${expected}" is not a number`);
      const wanted = Number(BigInt(expected) & 0xffffffffn);
      const actual = (crcCp437 ?? 0) >>> 0;
      if (wanted !== actual && wanted !== (crcNative ?? 0) >>> 0) {
        throw new SieFault(
          line,
          `checksum mismatch: #KSUMMA says ${expected}, the content gives ${actual}; the file is damaged or was changed`,
        );
      }
      checksumOpen = false;
      checksumDone = true;
      state.checksum = 'verified';
      return;
    }
    if (checksumOpen) {
      for (const part of checksumParts(tokens)) {
        crcCp437 = crc32(encodeCp437(part), crcCp437);
        crcNative = crc32(
          Buffer.from(part, state.lines.encoding === 'utf8' ? 'utf8' : 'latin1'),
          crcNative,
        );
      }
    }
    if (checksumDone && tokens.label !== 'KSUMMA') {
      throw new SieFault(line, 'records after the closing #KSUMMA');
    }

    state.records += 1;
    const label = tokens.label;

    if (ROW_LABELS.has(label)) {
      if (!inBlock || !voucher) throw new SieFault(line, `#${label} outside a voucher block`);
      const row = readRow(label as VoucherRowKind, tokens, line, warn);
      if (pendingRtrans) {
        const added = pendingRtrans;
        pendingRtrans = undefined;
        if (label === 'TRANS' && sameRow(added, row)) return; // the #TRANS twin of an #RTRANS (spec #RTRANS 4, 6)
        warn(
          added.line,
          'RTRANS_WITHOUT_TRANS',
          '#RTRANS is not followed by its identical #TRANS; both rows are kept',
        );
      }
      voucher.rows.push(row);
      if (label === 'RTRANS') pendingRtrans = row;
      return;
    }
    if (inBlock) {
      if (KNOWN_LABELS.has(label))
        throw new SieFault(
          line,
          `#${label} inside the voucher opened on line ${blockLine}; is a '}' missing?`,
        );
      return; // unknown labels are ignored (spec 7.1)
    }
    if (voucherAwaitingBlock) {
      const done = closeVoucher();
      if (done) batch.push(done);
    }

    if (label === 'VER') {
      voucher = readVoucher(tokens, line, warn);
      voucherAwaitingBlock = true;
      return;
    }
    if (BALANCE_LABELS.has(label)) {
      batch.push(readBalance(label as BalanceLabel, tokens, line, warn));
      return;
    }
    const record = readDeclaration(label, tokens, line, header, warn);
    if (record) batch.push(record);
  };

  const splitter = createLineSplitter(state.lines);
  for await (const chunk of source) {
    splitter.push(chunk, onLine);
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  splitter.end(onLine);

  if (inBlock)
    throw new SieFault(blockLine, "the voucher's '{' is never closed: the file is truncated");
  if (voucherAwaitingBlock) {
    const done = closeVoucher();
    if (done) batch.push(done);
  }
  if (checksumOpen) {
    throw new SieFault(
      checksumStartLine,
      '#KSUMMA opened here but the closing #KSUMMA is missing: the file is truncated',
    );
  }
  if (!sawRecord)
    throw new SieFault(lastLine || undefined, 'this is not an SIE file: it holds no SIE records');
  if (state.lines.mixedEncodingLine !== undefined) {
    throw new SieFault(
      state.lines.mixedEncodingLine,
      'the file mixes character encodings (UTF-8 and another); save it in one encoding',
    );
  }
  if (batch.length > 0) yield batch;
}

/** The records of readSieBatches one by one. */
export async function* readSie(
  source: AsyncIterable<Buffer>,
  state: SieReadState,
  options: SieReadOptions,
): AsyncGenerator<SieRecord> {
  for await (const batch of readSieBatches(source, state, options)) yield* batch;
}

function firstLabel(line: string): string {
  const match = /^#(\S+)/.exec(line);
  return match?.[1]?.toUpperCase() ?? '';
}

function describeVoucher(voucher: SieVoucher): string {
  const id = `${voucher.series} ${voucher.number}`.trim();
  return id === '' ? `of ${voucher.date}` : `${id} of ${voucher.date}`;
}

type Warn = (line: number | undefined, code: SieWarning['code'], message: string) => void;

function requireAmount(value: string, line: number, what: string): bigint {
  const amount = parseAmount(value);
  if (amount === undefined) {
    throw new SieFault(
      line,
      value === ''
        ? `${what}: the amount is missing`
        : `${what}: "${value}" is not an amount (digits, optional '-', '.' and at most two decimals)`,
    );
  }
  return amount;
}

function optionalQuantity(value: string, line: number, warn: Warn): string | undefined {
  if (value === '') return undefined;
  if (!/^-?\d+(\.\d+)?$/.test(value)) {
    warn(line, 'BAD_QUANTITY', `quantity "${value}" is not a number and was ignored`);
    return undefined;
  }
  return value;
}

function readObjects(field: SieField | undefined, line: number, label: string): ObjectRef[] {
  if (field === undefined || typeof field === 'string') {
    if (field === undefined || field === '') return [];
    throw new SieFault(line, `#${label}: expected an object list {…} but found "${field}"`);
  }
  const items = field.items;
  if (items.length % 2 !== 0) {
    throw new SieFault(
      line,
      `#${label}: the object list {${items.join(' ')}} must hold pairs of dimension and object`,
    );
  }
  const refs: ObjectRef[] = [];
  for (let i = 0; i < items.length; i += 2) {
    const dimension = items[i] ?? '';
    if (!/^\d+$/.test(dimension)) {
      throw new SieFault(
        line,
        `#${label}: dimension "${dimension}" in the object list is not a number`,
      );
    }
    refs.push({ dimension: Number(dimension), code: items[i + 1] ?? '' });
  }
  return refs;
}

function requireKonto(value: string, line: number, label: string): string {
  if (value === '') throw new SieFault(line, `#${label}: the account number is missing`);
  if (!/^\d+$/.test(value))
    throw new SieFault(line, `#${label}: account "${value}" is not a number`);
  return value;
}

/** The general reading of a transaction row (exported for the test of the fast path). */
export function readRow(
  kind: VoucherRowKind,
  tokens: SieTokens,
  line: number,
  warn: Warn,
): SieVoucherRow {
  const f = tokens.fields;
  // #TRANS kontonr {objektlista} belopp transdat transtext kvantitet sign
  const konto = requireKonto(text(f, 0), line, kind);
  const hasList = typeof f[1] !== 'string';
  const objects = hasList ? readObjects(objectList(f, 1), line, kind) : [];
  const offset = hasList ? 2 : 1; // some writers leave out an empty object list
  const amount = requireAmount(text(f, offset), line, `#${kind} ${konto}`);
  const row: SieVoucherRow = { kind, konto, objects, amount, line };
  const dateText = text(f, offset + 1);
  if (dateText !== '') {
    const date = parseSieDate(dateText);
    if (!date)
      throw new SieFault(
        line,
        `#${kind} ${konto}: transaction date "${dateText}" is not a date (ÅÅÅÅMMDD)`,
      );
    if (date.isIsoForm)
      warn(line, 'ISO_DATE_FORM', `date "${dateText}" is written YYYY-MM-DD, not ÅÅÅÅMMDD`);
    row.date = date.date;
  }
  const rowText = text(f, offset + 2);
  if (rowText !== '') row.text = rowText;
  const quantity = optionalQuantity(text(f, offset + 3), line, warn);
  if (quantity !== undefined) row.quantity = quantity;
  const sign = text(f, offset + 4);
  if (sign !== '') row.sign = sign;
  return row;
}

const T = 84; // 'T'
const R = 82;
const A = 65;
const N = 78;
const S = 83;

/**
 * Reads `#TRANS konto {dim "obj" …} amount [transdat] ["text"]` straight from the line, or gives
 * up (undefined) on anything else — escapes, quantities, signatures, faults — which the general
 * path then reads, and reports, as always. Same results, fewer objects per row.
 */
export function readTransFast(raw: string, start: number, line: number): SieVoucherRow | undefined {
  const n = raw.length;
  let i = start + 6;
  if (
    i >= n ||
    raw.charCodeAt(start + 1) !== T ||
    raw.charCodeAt(start + 2) !== R ||
    raw.charCodeAt(start + 3) !== A ||
    raw.charCodeAt(start + 4) !== N ||
    raw.charCodeAt(start + 5) !== S ||
    raw.charCodeAt(i) > 32
  ) {
    return undefined;
  }
  const skip = () => {
    while (i < n && raw.charCodeAt(i) <= 32) i += 1;
  };
  // A bare or quoted token without escapes, braces or control characters; undefined otherwise.
  const token = (): string | undefined => {
    skip();
    if (i >= n) return undefined;
    if (raw.charCodeAt(i) === 34) {
      const end = raw.indexOf('"', i + 1);
      if (end === -1) return undefined;
      const value = raw.slice(i + 1, end);
      if (value.includes('\\')) return undefined;
      i = end + 1;
      return value;
    }
    const from = i;
    while (i < n) {
      const c = raw.charCodeAt(i);
      if (c <= 32 || c === 123 || c === 125 || c === 34) break;
      i += 1;
    }
    return i > from ? raw.slice(from, i) : undefined;
  };
  const konto = token();
  if (konto === undefined || !isDigits(konto)) return undefined;
  skip();
  if (raw.charCodeAt(i) !== 123) return undefined; // '{'
  i += 1;
  const objects: ObjectRef[] = [];
  for (;;) {
    skip();
    if (raw.charCodeAt(i) === 125) {
      i += 1;
      break;
    }
    const dimension = token();
    const code = token();
    if (dimension === undefined || code === undefined || !isDigits(dimension)) return undefined;
    objects.push({ dimension: Number(dimension), code });
  }
  const amountText = token();
  if (amountText === undefined) return undefined;
  const amount = parseAmount(amountText);
  if (amount === undefined) return undefined;
  const row: SieVoucherRow = { kind: 'TRANS', konto, objects, amount, line };
  skip();
  if (i >= n) return row;
  const dateText = token();
  if (dateText === undefined) return undefined;
  if (dateText !== '') {
    const date = parseSieDate(dateText);
    if (!date || date.isIsoForm) return undefined;
    row.date = date.date;
  }
  skip();
  if (i >= n) return row;
  const text = token();
  if (text === undefined) return undefined;
  skip();
  if (i < n) return undefined; // quantity or signature: the general path
  if (text !== '') row.text = text;
  return row;
}

function isDigits(text: string): boolean {
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c < 48 || c > 57) return false;
  }
  return text.length > 0;
}

function sameRow(a: SieVoucherRow, b: SieVoucherRow): boolean {
  return (
    a.konto === b.konto &&
    a.amount === b.amount &&
    a.objects.length === b.objects.length &&
    a.objects.every(
      (o, i) => o.dimension === b.objects[i]?.dimension && o.code === b.objects[i].code,
    )
  );
}

function readVoucher(tokens: SieTokens, line: number, warn: Warn): SieVoucher {
  const f = tokens.fields;
  // #VER serie vernr verdatum vertext regdatum sign
  const series = text(f, 0);
  const number = text(f, 1);
  const dateText = text(f, 2);
  const id = `${series} ${number}`.trim();
  const what = id === '' ? '#VER' : `#VER ${id}`;
  if (dateText === '') throw new SieFault(line, `${what}: the voucher date is missing`);
  const date = parseSieDate(dateText);
  if (!date) {
    // `#VER  1 20170101 …` without its series: the number and the date each moved one field left.
    const shifted = parseSieDate(number) !== undefined;
    const hint = shifted
      ? '; the fields seem shifted: is the voucher series missing? (write "" for an empty series)'
      : '';
    throw new SieFault(line, `${what}: voucher date "${dateText}" is not a date (ÅÅÅÅMMDD)${hint}`);
  }
  if (date.isIsoForm)
    warn(line, 'ISO_DATE_FORM', `date "${dateText}" is written YYYY-MM-DD, not ÅÅÅÅMMDD`);
  const voucher: SieVoucher = {
    kind: 'voucher',
    series,
    number,
    date: date.date,
    text: text(f, 3),
    rows: [],
    line,
  };
  const regText = text(f, 4);
  if (regText !== '') {
    const reg = parseSieDate(regText);
    if (reg) voucher.regDate = reg.date;
    else
      warn(
        line,
        'BAD_OPTIONAL_DATE',
        `${what}: registration date "${regText}" is not a date and was ignored`,
      );
  }
  const sign = text(f, 5);
  if (sign !== '') voucher.sign = sign;
  return voucher;
}

function readYearIndex(value: string, line: number, label: string): number {
  if (!/^-?\d+$/.test(value))
    throw new SieFault(line, `#${label}: year number "${value}" is not 0, -1, -2 …`);
  const yearIndex = Number(value);
  if (yearIndex > 0)
    throw new SieFault(line, `#${label}: year number ${value} must be 0 or negative`);
  return yearIndex;
}

function readBalance(label: BalanceLabel, tokens: SieTokens, line: number, warn: Warn): SieBalance {
  const f = tokens.fields;
  const yearIndex = readYearIndex(text(f, 0), line, label);
  let i = 1;
  let period: number | undefined;
  let kontoText = text(f, 1);
  if (label === 'PSALDO' || label === 'PBUDGET') {
    let periodText = text(f, 1);
    kontoText = text(f, 2);
    period = parseSiePeriod(periodText);
    if (
      period === undefined &&
      /^\d+$/.test(periodText) &&
      parseSiePeriod(kontoText) !== undefined
    ) {
      warn(
        line,
        'BAD_DECLARATION',
        `#${label}: period and account are in the wrong order ("${periodText}" "${kontoText}"); read as period ${kontoText}, account ${periodText}`,
      );
      [periodText, kontoText] = [kontoText, periodText];
      period = parseSiePeriod(periodText);
    }
    if (period === undefined)
      throw new SieFault(line, `#${label}: period "${periodText}" is not a month (ÅÅÅÅMM)`);
    i = 2;
  }
  const konto = requireKonto(kontoText, line, label);
  i += 1;
  let objects: ObjectRef[] = [];
  if (OBJECT_BALANCES.has(label) && typeof f[i] !== 'string' && f[i] !== undefined) {
    objects = readObjects(f[i], line, label);
    i += 1;
  } else if (label === 'OIB' || label === 'OUB') {
    throw new SieFault(line, `#${label} ${konto}: the object {dimension object} is missing`);
  }
  const amount = requireAmount(text(f, i), line, `#${label} ${konto}`);
  const quantity = optionalQuantity(text(f, i + 1), line, warn);
  const record: SieBalance = { kind: 'balance', label, yearIndex, konto, objects, amount, line };
  if (period !== undefined) record.period = period;
  if (quantity !== undefined) record.quantity = quantity;
  return record;
}

function readDate(value: string, line: number, label: string): IsoDate {
  const date = parseSieDate(value);
  if (!date) throw new SieFault(line, `#${label}: "${value}" is not a date (ÅÅÅÅMMDD)`);
  return date.date;
}

function readDeclaration(
  label: string,
  tokens: SieTokens,
  line: number,
  header: SieHeader,
  warn: Warn,
): SieRecord | undefined {
  const f = tokens.fields;
  const t = (i: number) => text(f, i);
  switch (label) {
    case 'RAR': {
      const yearIndex = readYearIndex(t(0), line, label);
      const start = readDate(t(1), line, label);
      const end = readDate(t(2), line, label);
      if (end < start)
        throw new SieFault(
          line,
          `#RAR ${t(0)}: the fiscal year ends (${end}) before it starts (${start})`,
        );
      return { kind: 'fiscalYear', yearIndex, start, end, line };
    }
    case 'KONTO': {
      const konto = t(0);
      if (!/^\d+$/.test(konto)) {
        warn(
          line,
          'BAD_DECLARATION',
          `#KONTO "${konto}": an account number must be numeric; the declaration was ignored`,
        );
        return undefined;
      }
      if (konto.length > 6)
        warn(
          line,
          'BAD_DECLARATION',
          `#KONTO ${konto}: an account number of ${konto.length} digits (BAS accounts have 4, sub-accounts up to 6)`,
        );
      return { kind: 'account', konto, name: t(1), line };
    }
    case 'KTYP': {
      const type = t(1).toUpperCase();
      if (!/^\d+$/.test(t(0)) || !['T', 'S', 'K', 'I'].includes(type)) {
        warn(
          line,
          'BAD_DECLARATION',
          `#KTYP ${t(0)} ${t(1)}: account type must be T, S, K or I; ignored`,
        );
        return undefined;
      }
      return { kind: 'accountType', konto: t(0), type: type as AccountType, line };
    }
    case 'ENHET':
      return /^\d+$/.test(t(0))
        ? { kind: 'accountUnit', konto: t(0), unit: t(1), line }
        : undefined;
    case 'SRU':
      if (!/^\d+$/.test(t(0)) || t(1).trim() === '') {
        warn(
          line,
          'BAD_DECLARATION',
          `#SRU "${t(0)}" "${t(1)}": needs an account and an SRU code; ignored`,
        );
        return undefined;
      }
      return { kind: 'sru', konto: t(0), code: t(1), line };
    case 'DIM':
    case 'UNDERDIM': {
      if (!/^\d+$/.test(t(0))) {
        warn(
          line,
          'BAD_DECLARATION',
          `#${label} "${t(0)}": the dimension number must be numeric; ignored`,
        );
        return undefined;
      }
      const parent = label === 'UNDERDIM' && /^\d+$/.test(t(2)) ? Number(t(2)) : undefined;
      return parent === undefined
        ? { kind: 'dimension', number: Number(t(0)), name: t(1), line }
        : { kind: 'dimension', number: Number(t(0)), name: t(1), parent, line };
    }
    case 'OBJEKT':
      if (!/^\d+$/.test(t(0)) || t(1) === '') {
        warn(
          line,
          'BAD_DECLARATION',
          `#OBJEKT "${t(0)}" "${t(1)}": needs a dimension number and an object code; ignored`,
        );
        return undefined;
      }
      return { kind: 'object', dimension: Number(t(0)), code: t(1), name: t(2), line };
    default:
      readIdentification(label, f, line, header, warn);
      return undefined;
  }
}

/** NNNNNN-NNNN or ten digits; twelve (or 8-4) digits only as a personnummer with century 19/20. */
function isOrgnr(value: string): boolean {
  if (/^\d{6}-?\d{4}$/.test(value)) return true;
  const match = /^(19|20)(\d{6})-?\d{4}$/.exec(value);
  return match !== null && parseSieDate(`${match[1] ?? ''}${match[2] ?? ''}`) !== undefined;
}

function readIdentification(
  label: string,
  f: SieField[],
  line: number,
  header: SieHeader,
  warn: Warn,
): void {
  const t = (i: number) => text(f, i);
  const optional = (value: string) => (value === '' ? undefined : value);
  switch (label) {
    case 'FLAGGA':
      header.flagga = t(0);
      if (t(0) === '1') {
        warn(
          line,
          'BAD_IDENTIFICATION',
          '#FLAGGA 1: the file is marked as already read; imported all the same (a reload replaces, it never adds twice)',
        );
      }
      break;
    case 'PROGRAM':
      header.program = { name: t(0), version: t(1) };
      if (t(1) === '')
        warn(line, 'BAD_IDENTIFICATION', `#PROGRAM ${t(0)}: the program version is missing`);
      break;
    case 'FORMAT':
      header.format = t(0);
      break;
    case 'GEN': {
      const date = parseSieDate(t(0));
      if (!date) warn(line, 'BAD_IDENTIFICATION', `#GEN: "${t(0)}" is not a date; ignored`);
      header.generated = { ...(date ? { date: date.date } : {}), ...(t(1) ? { sign: t(1) } : {}) };
      break;
    }
    case 'SIETYP':
      header.sieType = t(0);
      break;
    case 'PROSA':
      header.prosa = t(0);
      break;
    case 'FTYP':
      header.companyType = t(0);
      break;
    case 'FNR':
      header.companyId = t(0);
      break;
    case 'ORGNR': {
      if (!isOrgnr(t(0)))
        warn(
          line,
          'BAD_IDENTIFICATION',
          `#ORGNR "${t(0)}" is not an organisation number (NNNNNN-NNNN) or a personnummer with century`,
        );
      const forvnr = optional(t(1));
      const verknr = optional(t(2));
      header.orgnr = { orgnr: t(0), ...(forvnr ? { forvnr } : {}), ...(verknr ? { verknr } : {}) };
      break;
    }
    case 'BKOD':
      header.branchCode = t(0);
      break;
    case 'ADRESS':
      header.address = { contact: t(0), street: t(1), postal: t(2), phone: t(3) };
      if (f.length < 4) {
        warn(
          line,
          'BAD_IDENTIFICATION',
          `#ADRESS has ${f.length} of its 4 fields (kontakt, utdelningsadress, postadress, telefon)`,
        );
      }
      break;
    case 'FNAMN': {
      // Some writers leave a name with spaces unquoted: #FNAMN Övningsbolaget AB
      const name = f
        .filter((x): x is string => typeof x === 'string')
        .join(' ')
        .trim();
      header.companyName = name;
      if (name === '') warn(line, 'BAD_IDENTIFICATION', '#FNAMN: the company name is empty');
      break;
    }
    case 'TAXAR': {
      const written = f.filter((x): x is string => typeof x === 'string').join(' ');
      const year = /^(\d{4})\b/.exec(written)?.[1];
      if (year) header.taxYear = Number(year);
      if (written !== year) {
        warn(
          line,
          'BAD_IDENTIFICATION',
          `#TAXAR "${written}" is not a plain year (ÅÅÅÅ); ${year ? `${year} was used` : 'ignored'}`,
        );
      }
      break;
    }
    case 'OMFATTN': {
      const date = parseSieDate(t(0));
      if (date) header.omfattning = date.date;
      else warn(line, 'BAD_IDENTIFICATION', `#OMFATTN: "${t(0)}" is not a date; ignored`);
      break;
    }
    case 'KPTYP':
      header.chartType = t(0);
      break;
    case 'VALUTA':
      header.currency = t(0);
      break;
    default:
      break; // unknown labels are ignored (spec 7.1)
  }
}
