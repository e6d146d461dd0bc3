import type { AppContext, BalansApp } from '../http.ts';

/** Översikt and drill-down (being written). */
export function followupRoutes(_app: BalansApp, _context: AppContext): void {}
