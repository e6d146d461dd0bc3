import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { administers, type Role } from '../auth/auth.ts';
import type { User } from '../auth/auth.service.ts';
import type { OidcConfig } from '../auth/oidc.ts';
import type { BalansDb } from '../db/database.ts';
import { AppError, type AppErrorCode } from '../shared/app-error.ts';
import { toJson } from '../shared/json.ts';

/** What the routes share: the database and the settings of this server. */
export interface AppContext {
  handle: BalansDb;
  /** OpenID Connect sign-in, when configured. */
  oidc?: OidcConfig;
  /** Where Kolada is asked (default KOLADA_URL, else the real API). */
  kolada?: { baseUrl: string; timeoutMs?: number };
}

export interface Env {
  Variables: {
    user: User;
    /** The ansvar the user may see; undefined = everything. */
    ansvar: Set<string> | undefined;
    token: string;
    csrfToken: string;
  };
}

export type BalansApp = OpenAPIHono<Env>;

/** Each error code's HTTP status, mapped once here. */
export const STATUS: Record<AppErrorCode, ContentfulStatusCode> = {
  SIE_REFUSED: 422,
  TEMPLATE_REFUSED: 422,
  OTHER_ORGANISATION: 409,
  CONFLICT: 409,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  INVALID_ARGUMENT: 400,
  DATA_DIR_LOCKED: 503,
  DATABASE_UNAVAILABLE: 503,
  UPSTREAM_FAILED: 502,
};

const KIND: Record<string, string> = {
  number: 'ett tal',
  int: 'ett heltal',
  bigint: 'ett heltal',
  string: 'text',
  boolean: 'true eller false',
  object: 'ett objekt',
  array: 'en lista',
  date: 'ett datum',
};

/** Zod's own messages in Swedish, for the checks whose schema gives none: `year: ska vara ett tal`. */
function zodIssueInSwedish(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? 'saknas'
        : `ska vara ${KIND[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return `ska vara ${issue.values.length === 1 ? '' : 'en av '}${issue.values.map((v) => String(v)).join(', ')}`;
    case 'too_small': {
      const min = String(issue.minimum);
      if (issue.origin === 'string')
        return min === '1' ? 'får inte vara tomt' : `ska ha minst ${min} tecken`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `ska ha minst ${min} ${min === '1' ? 'värde' : 'värden'}`;
      return issue.inclusive ? `ska vara minst ${min}` : `ska vara större än ${min}`;
    }
    case 'too_big': {
      const max = String(issue.maximum);
      if (issue.origin === 'string') return `får ha högst ${max} tecken`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `får ha högst ${max} ${max === '1' ? 'värde' : 'värden'}`;
      return issue.inclusive ? `får vara högst ${max}` : `ska vara mindre än ${max}`;
    }
    case 'invalid_format':
      return issue.format === 'regex' && issue.pattern !== undefined
        ? `har fel form (ska följa mönstret ${issue.pattern})`
        : `är ingen giltig ${issue.format}`;
    case 'not_multiple_of':
      return `ska vara en multipel av ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return `${issue.keys.length === 1 ? 'okänt fält' : 'okända fält'}: ${issue.keys.join(', ')}`;
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'custom':
      return 'ogiltigt värde';
  }
}

// Once for the process: only the server validates with zod, and a schema's own message still wins.
z.config({ customError: zodIssueInSwedish });

/** The first issue of a failed validation, naming the field: `year: ska vara ett tal`. */
export function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'ogiltigt värde';
  const where = issue.path.join('.');
  return `${where === '' ? 'begärans innehåll' : where}: ${issue.message}`;
}

export const ErrorSchema = z.object({ code: z.string(), message: z.string() }).openapi('Error');

export const Year = z.coerce
  .number()
  .int()
  .min(1900)
  .max(2999)
  .openapi({ example: 2024, description: 'the year in which the fiscal year starts' });

export const Month = z.coerce.number().int().min(1).max(12);

/** Error responses for an OpenAPI route, by status. */
export function errors(...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 422 | 502)[]) {
  const description: Record<number, string> = {
    400: 'Invalid input',
    401: 'Not signed in',
    403: 'Not allowed for this user',
    404: 'Not found',
    409: 'Conflict: changed by someone else, or another organisation',
    413: 'Too large',
    422: 'The file was refused; nothing was imported',
    502: 'Another service (Kolada) was unreachable or answered wrongly; nothing was stored',
  };
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: description[s] ?? 'Error',
        content: { 'application/json': { schema: ErrorSchema } },
      },
    ]),
  ) as Record<
    number,
    { description: string; content: { 'application/json': { schema: typeof ErrorSchema } } }
  >;
}

export function json(body: unknown, status: ContentfulStatusCode = 200): Response {
  // toJson writes amounts and bigints as exact JSON numbers, never through a float.
  return new Response(toJson(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

/** A value validated by a zod schema; a bad value is a 400 naming the field. */
export function valid<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('INVALID_ARGUMENT', describeIssues(parsed.error));
  return parsed.data;
}

/** A JSON body validated by a zod schema. */
export async function validBody<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  return valid(schema, await c.req.json().catch(() => undefined));
}

export function requireAdministrator(c: Context<Env>): void {
  if (!administers(c.get('user').role))
    throw new AppError('FORBIDDEN', 'bara ekonom/controller får göra detta');
}

export function requireRole(c: Context<Env>, roles: readonly Role[]): void {
  if (!roles.includes(c.get('user').role))
    throw new AppError('FORBIDDEN', 'din roll får inte göra detta');
}

/** The query's `ansvar` scope for services: absent when the user sees everything. */
export function scopeOf(c: Context<Env>): { ansvar?: Set<string> } {
  const ansvar = c.get('ansvar');
  return ansvar === undefined ? {} : { ansvar };
}
