/** Every failure Balans reports on purpose. Each edge maps the code once (CLI exit code, HTTP status). */
export type AppErrorCode =
  | 'SIE_REFUSED'
  | 'TEMPLATE_REFUSED'
  | 'DATA_DIR_LOCKED'
  | 'DATABASE_UNAVAILABLE'
  | 'OTHER_ORGANISATION'
  | 'NOT_FOUND'
  /** Changed by someone else since it was read: reload and try again. */
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'INVALID_ARGUMENT';

export class AppError extends Error {
  readonly code: AppErrorCode;

  constructor(code: AppErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'AppError';
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
