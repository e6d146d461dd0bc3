import { administers, type Role } from '../auth/auth.ts';

/**
 * Requests only the ekonom/controller may make, decided from the method and path alone, before the
 * route reads and validates anything: a forbidden request is answered 403 whatever its body, and a
 * manager learns nothing from validation messages. The routes check again where they act
 * (requireAdministrator and the services), so this is the first of two locks, not the only one.
 */
const CONTROLLER_ONLY: readonly { methods: readonly string[]; path: RegExp }[] = [
  { methods: ['GET', 'POST', 'PATCH', 'DELETE'], path: /^\/api\/users(\/|$)/ },
  { methods: ['GET'], path: /^\/api\/audit$/ },
  { methods: ['GET', 'POST'], path: /^\/api\/imports(\/|$)/ },
  { methods: ['GET'], path: /^\/api\/budget\/template$/ },
  { methods: ['POST', 'PATCH', 'DELETE'], path: /^\/api\/organisation\/units(\/|$)/ },
  { methods: ['POST'], path: /^\/api\/action-plans\/(requirements|followups|import)$/ },
  { methods: ['DELETE'], path: /^\/api\/action-plans\/measures\// },
  { methods: ['POST', 'PUT'], path: /^\/api\/kolada\/(fetch|setting)$/ },
  { methods: ['POST'], path: /^\/api\/goals\/[^/]+\/(copy|indicators\/[^/]+\/approve)$/ },
  { methods: ['PUT'], path: /^\/api\/goals\/[^/]+\/indicators\/[^/]+\/target$/ },
  { methods: ['PATCH'], path: /^\/api\/goals\/nodes\// },
  { methods: ['PUT'], path: /^\/api\/statistics\/series\// },
  { methods: ['POST'], path: /^\/api\/documents$/ },
  { methods: ['POST'], path: /^\/api\/documents\/[^/]+\/(faststall|versions)$/ },
  { methods: ['PUT'], path: /^\/api\/documents\/[^/]+\/sections\/[^/]+\/assignee$/ },
];

/**
 * What the board (namnd) may ask for besides signing in: the documents, read only. The document
 * service shows it the fastställda ones and nothing else.
 */
const BOARD_READS: readonly RegExp[] = [/^\/api\/documents(\/[^/]+(\/render)?)?$/];

export function boardMayRequest(method: string, path: string): boolean {
  return method === 'GET' && BOARD_READS.some((rule) => rule.test(path));
}

export function isControllerOnly(method: string, path: string): boolean {
  return CONTROLLER_ONLY.some((rule) => rule.methods.includes(method) && rule.path.test(path));
}

export function mayRequest(role: Role, method: string, path: string): boolean {
  return administers(role) || !isControllerOnly(method, path);
}
