/**
 * What can be wrong in an SIE file. A fatal problem makes the figures uncertain and refuses the
 * whole file; a warning names a known fault that leaves the figures certain.
 */
export interface SieWarning {
  line?: number;
  code: SieWarningCode;
  message: string;
}

export type SieWarningCode =
  | 'ENCODING_MISMATCH'
  | 'MIXED_LINE_ENDINGS'
  | 'ACCOUNT_NOT_DECLARED'
  | 'OBJECT_NOT_DECLARED'
  | 'DIMENSION_NOT_DECLARED'
  | 'VOUCHER_UNBALANCED'
  | 'VOUCHER_EMPTY'
  | 'RECONCILIATION_DIFFERENCE'
  | 'ISO_DATE_FORM'
  | 'BAD_OPTIONAL_DATE'
  | 'BAD_QUANTITY'
  | 'BAD_IDENTIFICATION'
  | 'BAD_DECLARATION'
  | 'UNCLOSED_QUOTE'
  | 'RTRANS_WITHOUT_TRANS'
  | 'NOT_A_RECORD'
  | 'YEAR_NOT_DECLARED'
  | 'RECORD_IGNORED'
  | 'TEXT_TRUNCATED';

export class SieFault extends Error {
  readonly line: number | undefined;

  constructor(line: number | undefined, message: string) {
    super(message);
    this.name = 'SieFault';
    this.line = line;
  }
}
