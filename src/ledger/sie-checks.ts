import { AppError, isAppError } from '../shared/app-error.ts';
import { formatKronor, type Ore } from '../shared/money.ts';
import { SieFault } from '../sie/sie-problems.ts';

/**
 * Import-level checks of an SIE file, beside the reader's checks of each line: what a file may
 * leave undeclared, whether it holds anything to import, whether its sums fit the ledger, and
 * what an error that no check foresaw says to the user.
 */

/**
 * SIE 4B 8.4 and 8.17 reserve dimensions 1–19 with standard meanings, so a file that uses only
 * these need not declare them (#DIM); 3–5 and 11–19 are reserved for the future, without a name yet.
 */
export const RESERVED_DIMENSIONS: ReadonlyMap<number, string> = new Map([
  [1, 'Kostnadsställe/resultatenhet'],
  [2, 'Kostnadsbärare'],
  [6, 'Projekt'],
  [7, 'Anställd'],
  [8, 'Kund'],
  [9, 'Leverantör'],
  [10, 'Faktura'],
]);

export function isReservedDimension(dimension: number): boolean {
  return dimension >= 1 && dimension <= 19;
}

/** The name an undeclared dimension gets: the standard one of a reserved number, else none. */
export function undeclaredDimensionName(dimension: number): string {
  return RESERVED_DIMENSIONS.get(dimension) ?? '';
}

/** A refused SIE file: `FILE:LINE: message`, the code the CLI maps to exit code 3. */
export function sieRefusal(fileName: string, line: number | undefined, message: string): AppError {
  return new AppError(
    'SIE_REFUSED',
    `${fileName}${line === undefined ? '' : `:${line}`}: ${message}`,
    line === undefined ? undefined : { problems: [{ line, message }] },
  );
}

/** What a file brought to the ledger; all zero for a file of nothing but identification records. */
export interface SieContent {
  fiscalYears: number;
  accounts: number;
  dimensions: number;
  objects: number;
  balances: number;
  vouchers: number;
}

/** A file with nothing for the ledger (e.g. only `#FLAGGA 0`) is refused, not reported as imported. */
export function requireContent(fileName: string, lastLine: number, content: SieContent): void {
  if (Object.values(content).some((count) => count > 0)) return;
  throw sieRefusal(
    fileName,
    lastLine,
    'filen innehåller inget att importera: inga räkenskapsår (#RAR), konton, objekt, saldon eller verifikationer',
  );
}

/** Largest sum a ledger row holds: a bigint, kept away from its edge (9 223 372 036 854 775 807 öre). */
const MAX_SUM_ORE = 2n ** 62n;

/**
 * The sums of a year's rows, checked before they are stored: each amount is bounded when it is
 * read, but millions of them could still add up past a bigint.
 */
export function checkSums<T extends { period: number; konto: string; amount: Ore }>(
  fileName: string,
  rows: T[],
): T[] {
  for (const row of rows) {
    if (row.amount > MAX_SUM_ORE || row.amount < -MAX_SUM_ORE) {
      throw sieRefusal(
        fileName,
        undefined,
        `konto ${row.konto} period ${row.period} summerar till ${formatKronor(row.amount)} kr, mer än en huvudbok kan hålla; filen är skadad`,
      );
    }
  }
  return rows;
}

/**
 * The same bound on the sums kept while parsing, checked on the only sums that can exceed it:
 * those that went beyond 2^53 (`BalanceSums.large`; their keys begin with period and konto,
 * tab-separated).
 */
export function checkSumMap<T extends { large(): ReadonlyMap<string, Ore> }>(
  fileName: string,
  sums: T,
): T {
  for (const [key, amount] of sums.large()) {
    if (amount > MAX_SUM_ORE || amount < -MAX_SUM_ORE) {
      const [period = '', konto = ''] = key.split('\t');
      checkSums(fileName, [{ period: Number(period), konto, amount }]);
    }
  }
  return sums;
}

/**
 * An error that no check of the file foresaw (a fault of Balans, or of the database). Its message
 * names the file and says that nothing was imported: the import runs in one transaction, which
 * the caller rolls back when this is thrown.
 */
export class SieImportError extends Error {
  readonly fileName: string;

  constructor(fileName: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `${fileName}: importen avbröts och ingenting importerades; felet gäller inte en viss rad i filen utan Balans eller databasen: ${reason}`,
      { cause },
    );
    this.name = 'SieImportError';
    this.fileName = fileName;
  }
}

/** Runs an import; a fault of the file becomes its refusal, anything unforeseen a SieImportError. */
export async function guardImport<T>(fileName: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isAppError(error) || error instanceof SieImportError) throw error;
    if (error instanceof SieFault) throw sieRefusal(fileName, error.line, error.message);
    throw new SieImportError(fileName, error);
  }
}
