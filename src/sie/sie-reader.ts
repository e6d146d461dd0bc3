import { crc32 } from 'node:zlib';
import { parseSieDate, parseSiePeriod, type IsoDate } from '../shared/dates.ts';
import { parseAmount } from '../shared/money.ts';
import { createLineSplitter, encodeCp437, type LineReaderState } from './sie-lines.ts';
import {
  isStorableAmount,
  isStorableDate,
  MAX_DIMENSION,
  MAX_FISCAL_YEAR_MONTHS,
  MAX_KONTO_DIGITS,
  MAX_OBJECT_CODE_CHARS,
  MAX_OBJECT_LIST_CHARS,
  MAX_QUANTITY_CHARS,
  MAX_TEXT_CHARS,
  MAX_YEAR,
  MIN_YEAR,
  MIN_YEAR_INDEX,
} from './sie-limits.ts';
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
      warn(
        done.line,
        'VOUCHER_EMPTY',
        `verifikation ${describeVoucher(done)} har inga transaktioner`,
      );
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
          'det här är ingen SIE-fil: den börjar inte med en SIE-post som #FLAGGA',
        );
      }
      sawRecord = true;
    }

    if (trimmed === '{') {
      if (!voucherAwaitingBlock || inBlock) {
        throw new SieFault(line, "'{' utan någon #VER före");
      }
      inBlock = true;
      blockLine = line;
      voucherAwaitingBlock = false;
      return;
    }
    if (trimmed === '}') {
      if (!inBlock) throw new SieFault(line, "'}' utan någon öppen '{'");
      inBlock = false;
      const done = closeVoucher();
      if (done) batch.push(done);
      return;
    }
    if (raw.charCodeAt(first) !== 35) {
      if (inBlock)
        throw new SieFault(
          line,
          `raden är ingen SIE-post men står inne i verifikationen som öppnades på rad ${blockLine}: "${trimmed.slice(0, 40)}"`,
        );
      warn(
        line,
        'NOT_A_RECORD',
        `raden är ingen SIE-post och hoppades över: "${trimmed.slice(0, 40)}"`,
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
          ? "objektlistans '{' stängs inte med '}'"
          : "'{' eller '}' på fel plats i posten",
      );
    }
    if (problem === 'UNCLOSED_QUOTE') {
      warn(
        line,
        'UNCLOSED_QUOTE',
        'ett fält inom citattecken saknar avslutande citattecken; det lästes till radens slut',
      );
    }

    if (tokens.label === 'KSUMMA') {
      if (!checksumOpen && !checksumDone) {
        if (tokens.fields.length > 0) {
          throw new SieFault(line, '#KSUMMA med ett värde men utan någon inledande #KSUMMA före');
        }
        checksumOpen = true;
        checksumStartLine = line;
        return;
      }
      const expected = text(tokens.fields, 0);
      if (!/^-?\d+$/.test(expected))
        throw new SieFault(line, `#KSUMMA-värdet "${expected}" är inget tal`);
      const wanted = Number(BigInt(expected) & 0xffffffffn);
      const actual = (crcCp437 ?? 0) >>> 0;
      if (wanted !== actual && wanted !== (crcNative ?? 0) >>> 0) {
        throw new SieFault(
          line,
          `kontrollsumman stämmer inte: #KSUMMA anger ${expected}, innehållet ger ${actual}; filen är skadad eller har ändrats`,
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
      throw new SieFault(line, 'det finns poster efter den avslutande #KSUMMA');
    }

    state.records += 1;
    const label = tokens.label;

    if (ROW_LABELS.has(label)) {
      if (!inBlock || !voucher)
        throw new SieFault(line, `#${label} utanför ett verifikationsblock`);
      const row = readRow(label as VoucherRowKind, tokens, line, warn);
      if (pendingRtrans) {
        const added = pendingRtrans;
        pendingRtrans = undefined;
        if (label === 'TRANS' && sameRow(added, row)) return; // the #TRANS twin of an #RTRANS (spec #RTRANS 4, 6)
        warn(
          added.line,
          'RTRANS_WITHOUT_TRANS',
          '#RTRANS följs inte av sin identiska #TRANS; båda raderna behölls',
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
          `#${label} inne i verifikationen som öppnades på rad ${blockLine}; saknas en '}'?`,
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
    throw new SieFault(blockLine, "verifikationens '{' stängs aldrig: filen tar slut för tidigt");
  if (voucherAwaitingBlock) {
    const done = closeVoucher();
    if (done) batch.push(done);
  }
  if (checksumOpen) {
    throw new SieFault(
      checksumStartLine,
      '#KSUMMA öppnas här men den avslutande #KSUMMA saknas: filen tar slut för tidigt',
    );
  }
  if (!sawRecord)
    throw new SieFault(
      lastLine || 1,
      lastLine === 0 ? 'filen är tom' : 'det här är ingen SIE-fil: den innehåller inga SIE-poster',
    );
  if (state.lines.mixedEncodingLine !== undefined) {
    throw new SieFault(
      state.lines.mixedEncodingLine,
      'filen blandar teckenkodningar (UTF-8 och en annan); spara den i en och samma teckenkodning',
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
  return id === '' ? `daterad ${voucher.date}` : `${id} daterad ${voucher.date}`;
}

type Warn = (line: number | undefined, code: SieWarning['code'], message: string) => void;

function requireAmount(value: string, line: number, what: string): bigint {
  const amount = parseAmount(value);
  if (amount === undefined) {
    throw new SieFault(
      line,
      value === ''
        ? `${what}: beloppet saknas`
        : `${what}: "${clip(value)}" är inget belopp (siffror, ev. '-' först och högst två decimaler efter punkt, t.ex. -1234.50)`,
    );
  }
  if (!isStorableAmount(amount)) {
    throw new SieFault(
      line,
      `${what}: beloppet "${clip(value)}" är orimligt stort (högst ±10 000 miljarder kr); filen är skadad`,
    );
  }
  return amount;
}

function optionalQuantity(value: string, line: number, warn: Warn): string | undefined {
  if (value === '') return undefined;
  if (!/^-?\d+(\.\d+)?$/.test(value)) {
    warn(line, 'BAD_QUANTITY', `kvantiteten "${clip(value)}" är inget tal och hoppades över`);
    return undefined;
  }
  if (value.length > MAX_QUANTITY_CHARS) {
    warn(
      line,
      'BAD_QUANTITY',
      `kvantiteten "${clip(value)}" har fler än ${MAX_QUANTITY_CHARS} siffror och hoppades över`,
    );
    return undefined;
  }
  return value;
}

function readObjects(field: SieField | undefined, line: number, label: string): ObjectRef[] {
  if (field === undefined || typeof field === 'string') {
    if (field === undefined || field === '') return [];
    throw new SieFault(line, `#${label}: här ska en objektlista {…} stå, men det står "${field}"`);
  }
  const items = field.items;
  let chars = 0;
  for (const item of items) chars += item.length;
  if (chars > MAX_OBJECT_LIST_CHARS) {
    throw new SieFault(
      line,
      `#${label}: objektlistan är ${chars} tecken lång (${Math.floor(items.length / 2)} objekt); högst ${MAX_OBJECT_LIST_CHARS} tecken går att lagra`,
    );
  }
  if (items.length % 2 !== 0) {
    throw new SieFault(
      line,
      `#${label}: objektlistan {${items.join(' ')}} ska bestå av par av dimension och objekt`,
    );
  }
  const refs: ObjectRef[] = [];
  for (let i = 0; i < items.length; i += 2) {
    const dimension = items[i] ?? '';
    if (!/^\d+$/.test(dimension)) {
      throw new SieFault(line, `#${label}: dimensionen "${dimension}" i objektlistan är inget tal`);
    }
    if (Number(dimension) > MAX_DIMENSION) {
      throw new SieFault(
        line,
        `#${label}: dimensionen ${dimension} i objektlistan är större än ${MAX_DIMENSION}`,
      );
    }
    const code = items[i + 1] ?? '';
    if (code.length > MAX_OBJECT_CODE_CHARS) {
      throw new SieFault(
        line,
        `#${label}: objektkoden "${clip(code)}" är ${code.length} tecken lång; högst ${MAX_OBJECT_CODE_CHARS} går att lagra`,
      );
    }
    refs.push({ dimension: Number(dimension), code });
  }
  return refs;
}

function requireKonto(value: string, line: number, label: string): string {
  if (value === '') throw new SieFault(line, `#${label}: kontonumret saknas`);
  if (!/^\d+$/.test(value))
    throw new SieFault(
      line,
      `#${label}: kontonumret "${clip(value)}" består inte enbart av siffror`,
    );
  if (value.length > MAX_KONTO_DIGITS)
    throw new SieFault(
      line,
      `#${label}: kontonumret "${clip(value)}" har ${value.length} siffror; högst ${MAX_KONTO_DIGITS} går att lagra`,
    );
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
        `#${kind} ${konto}: transaktionsdatumet "${clip(dateText)}" är inget datum (ÅÅÅÅMMDD)`,
      );
    requireStorableDate(date.date, line, `#${kind} ${konto}: transaktionsdatumet`);
    if (date.isIsoForm)
      warn(line, 'ISO_DATE_FORM', `datumet "${dateText}" är skrivet ÅÅÅÅ-MM-DD, inte ÅÅÅÅMMDD`);
    row.date = date.date;
  }
  const rowText = capText(text(f, offset + 2), line, `#${kind} ${konto}: texten`, warn);
  if (rowText !== '') row.text = rowText;
  const quantity = optionalQuantity(text(f, offset + 3), line, warn);
  if (quantity !== undefined) row.quantity = quantity;
  const sign = capText(text(f, offset + 4), line, `#${kind} ${konto}: signaturen`, warn);
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
  if (konto === undefined || !isDigits(konto) || konto.length > MAX_KONTO_DIGITS) return undefined;
  skip();
  if (raw.charCodeAt(i) !== 123) return undefined; // '{'
  i += 1;
  const objects: ObjectRef[] = [];
  let listChars = 0;
  for (;;) {
    skip();
    if (raw.charCodeAt(i) === 125) {
      i += 1;
      break;
    }
    const dimension = token();
    const code = token();
    if (dimension === undefined || code === undefined || !isDigits(dimension)) return undefined;
    listChars += dimension.length + code.length;
    // Anything near a bound goes the long way, which refuses it with its reason.
    if (
      listChars > MAX_OBJECT_LIST_CHARS ||
      dimension.length > 5 ||
      code.length > MAX_OBJECT_CODE_CHARS
    )
      return undefined;
    objects.push({ dimension: Number(dimension), code });
  }
  const amountText = token();
  if (amountText === undefined) return undefined;
  const amount = parseAmount(amountText);
  if (amount === undefined || !isStorableAmount(amount)) return undefined;
  const row: SieVoucherRow = { kind: 'TRANS', konto, objects, amount, line };
  skip();
  if (i >= n) return row;
  const dateText = token();
  if (dateText === undefined) return undefined;
  if (dateText !== '') {
    const date = parseSieDate(dateText);
    if (!date || date.isIsoForm || !isStorableDate(date.date)) return undefined;
    row.date = date.date;
  }
  skip();
  if (i >= n) return row;
  const text = token();
  if (text === undefined || text.length > MAX_TEXT_CHARS) return undefined;
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
  if (dateText === '') throw new SieFault(line, `${what}: verifikationsdatumet saknas`);
  const date = parseSieDate(dateText);
  if (!date) {
    // `#VER  1 20170101 …` without its series: the number and the date each moved one field left.
    const shifted = parseSieDate(number) !== undefined;
    const hint = shifted
      ? '; fälten verkar förskjutna: saknas verifikationsserien? (skriv "" för en tom serie)'
      : '';
    throw new SieFault(
      line,
      `${what}: verifikationsdatumet "${dateText}" är inget datum (ÅÅÅÅMMDD)${hint}`,
    );
  }
  requireStorableDate(date.date, line, `${what}: verifikationsdatumet`);
  if (date.isIsoForm)
    warn(line, 'ISO_DATE_FORM', `datumet "${dateText}" är skrivet ÅÅÅÅ-MM-DD, inte ÅÅÅÅMMDD`);
  const voucher: SieVoucher = {
    kind: 'voucher',
    series: capText(series, line, `${what}: serien`, warn),
    number: capText(number, line, `${what}: numret`, warn),
    date: date.date,
    text: capText(text(f, 3), line, `${what}: texten`, warn),
    rows: [],
    line,
  };
  const regText = text(f, 4);
  if (regText !== '') {
    const reg = parseSieDate(regText);
    if (reg && isStorableDate(reg.date)) voucher.regDate = reg.date;
    else
      warn(
        line,
        'BAD_OPTIONAL_DATE',
        `${what}: registreringsdatumet "${clip(regText)}" är inget datum mellan ${MIN_YEAR} och ${MAX_YEAR} och hoppades över`,
      );
  }
  const sign = capText(text(f, 5), line, `${what}: signaturen`, warn);
  if (sign !== '') voucher.sign = sign;
  return voucher;
}

function readYearIndex(value: string, line: number, label: string): number {
  if (!/^-?\d+$/.test(value))
    throw new SieFault(line, `#${label}: årsnumret "${clip(value)}" är inte 0, -1, -2 …`);
  const yearIndex = Number(value);
  if (yearIndex > 0)
    throw new SieFault(line, `#${label}: årsnumret ${clip(value)} ska vara 0 eller negativt`);
  if (yearIndex < MIN_YEAR_INDEX)
    throw new SieFault(
      line,
      `#${label}: årsnumret ${clip(value)} ligger för långt bak; en fil kan ha högst ${1 - MIN_YEAR_INDEX} räkenskapsår (0 till ${MIN_YEAR_INDEX})`,
    );
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
        `#${label}: period och konto står i omvänd ordning ("${periodText}" "${kontoText}"); lästes som period ${kontoText}, konto ${periodText}`,
      );
      [periodText, kontoText] = [kontoText, periodText];
      period = parseSiePeriod(periodText);
    }
    if (period === undefined)
      throw new SieFault(line, `#${label}: perioden "${clip(periodText)}" är ingen månad (ÅÅÅÅMM)`);
    requireStorableDate(`${periodText.slice(0, 4)}-01-01`, line, `#${label}: perioden`);
    i = 2;
  }
  const konto = requireKonto(kontoText, line, label);
  i += 1;
  let objects: ObjectRef[] = [];
  if (OBJECT_BALANCES.has(label) && typeof f[i] !== 'string' && f[i] !== undefined) {
    objects = readObjects(f[i], line, label);
    i += 1;
  } else if (label === 'OIB' || label === 'OUB') {
    throw new SieFault(line, `#${label} ${konto}: objektet {dimension objekt} saknas`);
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
  if (!date) throw new SieFault(line, `#${label}: "${clip(value)}" är inget datum (ÅÅÅÅMMDD)`);
  requireStorableDate(date.date, line, `#${label}: datumet`);
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
          `#RAR ${t(0)}: räkenskapsåret slutar (${end}) innan det börjar (${start})`,
        );
      if (monthsBetween(start, end) >= MAX_FISCAL_YEAR_MONTHS)
        throw new SieFault(
          line,
          `#RAR ${t(0)}: räkenskapsåret ${start}–${end} är längre än ${MAX_FISCAL_YEAR_MONTHS} månader`,
        );
      return { kind: 'fiscalYear', yearIndex, start, end, line };
    }
    case 'KONTO': {
      const konto = t(0);
      if (!/^\d+$/.test(konto)) {
        warn(
          line,
          'BAD_DECLARATION',
          `#KONTO "${konto}": ett kontonummer ska bestå av siffror; deklarationen hoppades över`,
        );
        return undefined;
      }
      if (konto.length > MAX_KONTO_DIGITS) {
        warn(
          line,
          'BAD_DECLARATION',
          `#KONTO "${clip(konto)}": ett kontonummer med ${konto.length} siffror går inte att lagra (högst ${MAX_KONTO_DIGITS}); deklarationen hoppades över`,
        );
        return undefined;
      }
      if (konto.length > 6)
        warn(
          line,
          'BAD_DECLARATION',
          `#KONTO ${konto}: ett kontonummer med ${konto.length} siffror (BAS-konton har 4, underkonton upp till 6)`,
        );
      return {
        kind: 'account',
        konto,
        name: capText(t(1), line, `#KONTO ${konto}: namnet`, warn),
        line,
      };
    }
    case 'KTYP': {
      const type = t(1).toUpperCase();
      if (!/^\d+$/.test(t(0)) || !['T', 'S', 'K', 'I'].includes(type)) {
        warn(
          line,
          'BAD_DECLARATION',
          `#KTYP ${t(0)} ${t(1)}: kontotypen ska vara T, S, K eller I; hoppades över`,
        );
        return undefined;
      }
      return { kind: 'accountType', konto: t(0), type: type as AccountType, line };
    }
    case 'ENHET':
      return /^\d+$/.test(t(0)) && t(0).length <= MAX_KONTO_DIGITS
        ? { kind: 'accountUnit', konto: t(0), unit: capText(t(1), line, '#ENHET', warn), line }
        : undefined;
    case 'SRU':
      if (
        !/^\d+$/.test(t(0)) ||
        t(1).trim() === '' ||
        t(0).length > MAX_KONTO_DIGITS ||
        t(1).length > MAX_OBJECT_CODE_CHARS
      ) {
        warn(
          line,
          'BAD_DECLARATION',
          `#SRU "${clip(t(0))}" "${clip(t(1))}": kräver ett konto och en SRU-kod; hoppades över`,
        );
        return undefined;
      }
      return { kind: 'sru', konto: t(0), code: t(1), line };
    case 'DIM':
    case 'UNDERDIM': {
      if (!/^\d+$/.test(t(0)) || Number(t(0)) > MAX_DIMENSION) {
        warn(
          line,
          'BAD_DECLARATION',
          `#${label} "${clip(t(0))}": dimensionsnumret ska vara ett heltal 0–${MAX_DIMENSION}; hoppades över`,
        );
        return undefined;
      }
      const name = capText(t(1), line, `#${label} ${t(0)}: namnet`, warn);
      const parent =
        label === 'UNDERDIM' && /^\d+$/.test(t(2)) && Number(t(2)) <= MAX_DIMENSION
          ? Number(t(2))
          : undefined;
      return parent === undefined
        ? { kind: 'dimension', number: Number(t(0)), name, line }
        : { kind: 'dimension', number: Number(t(0)), name, parent, line };
    }
    case 'OBJEKT':
      if (
        !/^\d+$/.test(t(0)) ||
        t(1) === '' ||
        Number(t(0)) > MAX_DIMENSION ||
        t(1).length > MAX_OBJECT_CODE_CHARS
      ) {
        warn(
          line,
          'BAD_DECLARATION',
          `#OBJEKT "${clip(t(0))}" "${clip(t(1))}": kräver ett dimensionsnummer (0–${MAX_DIMENSION}) och en objektkod (högst ${MAX_OBJECT_CODE_CHARS} tecken); hoppades över`,
        );
        return undefined;
      }
      return {
        kind: 'object',
        dimension: Number(t(0)),
        code: t(1),
        name: capText(t(2), line, `#OBJEKT ${t(0)} ${t(1)}: namnet`, warn),
        line,
      };
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
          '#FLAGGA 1: filen är markerad som redan inläst; den importerades ändå (en ny inläsning ersätter, den lägger aldrig till något två gånger)',
        );
      }
      break;
    case 'PROGRAM':
      header.program = { name: t(0), version: t(1) };
      if (t(1) === '')
        warn(line, 'BAD_IDENTIFICATION', `#PROGRAM ${t(0)}: programversionen saknas`);
      break;
    case 'FORMAT':
      header.format = t(0);
      break;
    case 'GEN': {
      const date = parseSieDate(t(0));
      if (!date) warn(line, 'BAD_IDENTIFICATION', `#GEN: "${t(0)}" är inget datum; hoppades över`);
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
          `#ORGNR "${t(0)}" är varken ett organisationsnummer (NNNNNN-NNNN) eller ett personnummer med sekel`,
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
          `#ADRESS har ${f.length} av sina 4 fält (kontakt, utdelningsadress, postadress, telefon)`,
        );
      }
      break;
    case 'FNAMN': {
      // Some writers leave a name with spaces unquoted: #FNAMN Övningsbolaget AB
      const name = capText(
        f
          .filter((x): x is string => typeof x === 'string')
          .join(' ')
          .trim(),
        line,
        '#FNAMN',
        warn,
      );
      header.companyName = name;
      if (name === '') warn(line, 'BAD_IDENTIFICATION', '#FNAMN: företagsnamnet är tomt');
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
          `#TAXAR "${written}" är inte bara ett årtal (ÅÅÅÅ); ${year ? `${year} användes` : 'hoppades över'}`,
        );
      }
      break;
    }
    case 'OMFATTN': {
      const date = parseSieDate(t(0));
      if (date) header.omfattning = date.date;
      else warn(line, 'BAD_IDENTIFICATION', `#OMFATTN: "${t(0)}" är inget datum; hoppades över`);
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

/** A value as shown in a message: long ones shortened, so a message stays one readable line. */
function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

/** A name or text, shortened with a warning when longer than MAX_TEXT_CHARS. */
function capText(value: string, line: number, what: string, warn: Warn): string {
  if (value.length <= MAX_TEXT_CHARS) return value;
  warn(
    line,
    'TEXT_TRUNCATED',
    `${what} är ${value.length} tecken lång; de första ${MAX_TEXT_CHARS} behölls`,
  );
  return value.slice(0, MAX_TEXT_CHARS);
}

function requireStorableDate(date: string, line: number, what: string): void {
  if (!isStorableDate(date))
    throw new SieFault(line, `${what} ${date} ligger utanför åren ${MIN_YEAR}–${MAX_YEAR}`);
}

/** Whole months from the month of start to the month of end: 2024-01-01…2024-12-31 → 11. */
function monthsBetween(start: IsoDate, end: IsoDate): number {
  const months = (date: IsoDate) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7));
  return months(end) - months(start);
}
