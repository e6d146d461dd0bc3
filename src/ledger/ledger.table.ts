import type { ColumnType, Generated } from 'kysely';

/** Dates are ISO text "YYYY-MM-DD" in and out (the drivers' date parsers are turned off). */
type DateColumn = string;

export interface OrganisationTable {
  id: Generated<number>;
  name: string;
  orgnr: string | null;
  created_at: Generated<Date>;
}

/** A fiscal year (räkenskapsår) and where its outcome comes from. */
export interface FiscalYearTable {
  id: Generated<number>;
  start_date: DateColumn;
  end_date: DateColumn;
  /** 'vouchers' | 'periods' | 'year': how fine the loaded outcome is; null when none is loaded. */
  outcome_source: string | null;
  outcome_import_id: number | null;
}

export interface AccountTable {
  konto: string;
  name: string;
  /** T, S, K, I (SIE #KTYP) or null when the file did not say. */
  type: string | null;
  unit: string | null;
}

export interface AccountSruTable {
  konto: string;
  sru: string;
}

export interface DimensionTable {
  number: number;
  name: string;
  parent_number: number | null;
  /** 'ansvar' | 'verksamhet' | 'projekt' | null (kept in the objekt column). */
  role: string | null;
}

export interface DimensionObjectTable {
  dimension_number: number;
  code: string;
  name: string;
}

export interface ImportBatchTable {
  id: Generated<number>;
  kind: string;
  file_name: string;
  file_sha256: string;
  file_bytes: ColumnType<bigint, bigint | number, bigint | number>;
  sie_type: string | null;
  program: string | null;
  mode: string;
  summary: ColumnType<unknown, string, string>;
  imported_at: Generated<Date>;
}

export interface VoucherTable {
  import_id: number;
  voucher_no: number;
  fiscal_year_id: number;
  series: string;
  number: string;
  date: DateColumn;
  text: string;
  reg_date: DateColumn | null;
  sign: string | null;
  line: number;
}

/** The object columns shared by voucher rows and balances; '' = no object of that dimension. */
export interface ObjectColumns {
  ansvar: string;
  verksamhet: string;
  projekt: string;
  /** Objects of other dimensions, canonical "dim=code;dim=code" sorted by dimension. */
  objekt: string;
}

export interface VoucherRowTable extends ObjectColumns {
  import_id: number;
  voucher_no: number;
  row_no: number;
  fiscal_year_id: number;
  period: number;
  /** 'T' #TRANS, 'R' #RTRANS (added), 'B' #BTRANS (removed: kept, never counted). */
  kind: string;
  konto: string;
  amount_ore: bigint;
  trans_date: DateColumn | null;
  text: string | null;
  quantity: string | null;
  sign: string | null;
  line: number;
}

/**
 * Outcome (utfall) per fiscal year, period YYYYMM, account and objects. Period 0 holds the
 * opening balance (ingående balans) of balance accounts. Reports read this, never voucher rows.
 */
export interface LedgerBalanceTable extends ObjectColumns {
  fiscal_year_id: number;
  period: number;
  konto: string;
  amount_ore: bigint;
}

export interface BudgetVersionTable {
  id: Generated<number>;
  fiscal_year_id: number;
  name: string;
  is_current: boolean;
  source: string;
  import_id: number | null;
  created_at: Generated<Date>;
}

export interface BudgetBalanceTable extends ObjectColumns {
  budget_version_id: number;
  period: number;
  konto: string;
  amount_ore: bigint;
}

export interface LedgerTables {
  organisation: OrganisationTable;
  fiscal_year: FiscalYearTable;
  account: AccountTable;
  account_sru: AccountSruTable;
  dimension: DimensionTable;
  dimension_object: DimensionObjectTable;
  import_batch: ImportBatchTable;
  voucher: VoucherTable;
  voucher_row: VoucherRowTable;
  ledger_balance: LedgerBalanceTable;
  budget_version: BudgetVersionTable;
  budget_balance: BudgetBalanceTable;
}
