import type { AppContext, BalansApp } from '../http.ts';

/** Sign-in with OpenID Connect (being written). */
export function oidcRoutes(_app: BalansApp, _context: AppContext): void {}
