/** Every failure Balans reports on purpose. Each edge maps the code once (CLI exit code, HTTP status). */
export type AppErrorCode =
  | 'SIE_REFUSED'
  | 'TEMPLATE_REFUSED'
  | 'DATA_DIR_LOCKED'
  | 'DATABASE_UNAVAILABLE'
  /** The tables asked for are locked by a large import for a while: try again shortly. */
  | 'DATABASE_BUSY'
  | 'OTHER_ORGANISATION'
  | 'NOT_FOUND'
  /** Changed by someone else since it was read: reload and try again. */
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'INVALID_ARGUMENT'
  /** Another service (Kolada) could not be reached or gave an answer Balans refuses: nothing stored. */
  | 'UPSTREAM_FAILED';

/**
 * One fault of a refused file, where the service knows it: a spreadsheet's sheet, row and column,
 * or an SIE file's line. The error's message already describes every fault as text.
 */
export interface AppProblem {
  sheet?: string;
  row?: number;
  line?: number;
  column?: string;
  message: string;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** The faults, each with its place, for clients that show them as a list. */
  readonly problems: readonly AppProblem[] | undefined;

  constructor(
    code: AppErrorCode,
    message: string,
    options?: { cause?: unknown; problems?: readonly AppProblem[] },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.problems = options?.problems;
    this.name = 'AppError';
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
