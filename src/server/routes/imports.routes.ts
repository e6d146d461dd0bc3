import type { AppContext, BalansApp } from '../http.ts';

/** Uploads: SIE files, budget templates and organisation files (being written). */
export function importRoutes(_app: BalansApp, _context: AppContext): void {}
