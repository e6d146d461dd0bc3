import type { IsoDate, Period } from '../shared/dates.ts';
import type { Ore } from '../shared/money.ts';

/** One object of a dimension in an object list: `{1 "100"}` → { dimension: 1, code: "100" }. */
export interface ObjectRef {
  dimension: number;
  code: string;
}

export type BalanceLabel = 'IB' | 'UB' | 'RES' | 'OIB' | 'OUB' | 'PSALDO' | 'PBUDGET';

export interface SieBalance {
  kind: 'balance';
  label: BalanceLabel;
  /** 0 = the current fiscal year, -1 the one before (spec #RAR). */
  yearIndex: number;
  /** For #PSALDO and #PBUDGET. */
  period?: Period;
  konto: string;
  objects: ObjectRef[];
  amount: Ore;
  quantity?: string;
  line: number;
}

export type VoucherRowKind = 'TRANS' | 'RTRANS' | 'BTRANS';

export interface SieVoucherRow {
  kind: VoucherRowKind;
  konto: string;
  objects: ObjectRef[];
  amount: Ore;
  date?: IsoDate;
  text?: string;
  quantity?: string;
  sign?: string;
  line: number;
}

export interface SieVoucher {
  kind: 'voucher';
  series: string;
  number: string;
  date: IsoDate;
  text: string;
  regDate?: IsoDate;
  sign?: string;
  rows: SieVoucherRow[];
  line: number;
}

export type SieRecord =
  | { kind: 'fiscalYear'; yearIndex: number; start: IsoDate; end: IsoDate; line: number }
  | { kind: 'account'; konto: string; name: string; line: number }
  | { kind: 'accountType'; konto: string; type: AccountType; line: number }
  | { kind: 'accountUnit'; konto: string; unit: string; line: number }
  | { kind: 'sru'; konto: string; code: string; line: number }
  | { kind: 'dimension'; number: number; name: string; parent?: number; line: number }
  | { kind: 'object'; dimension: number; code: string; name: string; line: number }
  | SieBalance
  | SieVoucher;

/** T tillgång, S skuld, K kostnad, I intäkt (spec #KTYP). */
export type AccountType = 'T' | 'S' | 'K' | 'I';

/** Identification records (spec group 2), as read. */
export interface SieHeader {
  flagga?: string;
  program?: { name: string; version: string };
  format?: string;
  generated?: { date?: IsoDate; sign?: string };
  sieType?: string;
  prosa?: string;
  companyType?: string;
  companyId?: string;
  orgnr?: { orgnr: string; forvnr?: string; verknr?: string };
  branchCode?: string;
  address?: { contact: string; street: string; postal: string; phone: string };
  companyName?: string;
  taxYear?: number;
  omfattning?: IsoDate;
  chartType?: string;
  currency?: string;
}
