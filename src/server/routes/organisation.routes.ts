import type { AppContext, BalansApp } from '../http.ts';

/** The organisation tree: read, edit, import and export (being written). */
export function organisationRoutes(_app: BalansApp, _context: AppContext): void {}
