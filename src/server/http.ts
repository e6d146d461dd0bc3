import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { administers, type Role } from '../auth/auth.ts';
import type { User } from '../auth/auth.service.ts';
import type { IncomingMessage } from 'node:http';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import type { OidcConfig } from '../auth/oidc.ts';
import type { BalansDb } from '../db/database.ts';
import { AppError, type AppErrorCode } from '../shared/app-error.ts';
import { toJson } from '../shared/json.ts';
import { parseTkr } from '../shared/money.ts';

/** How this server is reached: decides Secure cookies, the origin a change must come from, and the client's address. */
export interface EdgeSettings {
  /** The address users reach Balans at (`BALANS_PUBLIC_URL`), when it is not the one the server sees. */
  publicUrl?: URL;
  /** Trust X-Forwarded-Proto, -Host and -For from the one proxy in front (`BALANS_TRUST_PROXY=1`). */
  trustProxy: boolean;
}

/** What the routes share: the database and the settings of this server. */
export interface AppContext {
  handle: BalansDb;
  /** OpenID Connect sign-in, when configured. */
  oidc?: OidcConfig;
  /** Where Kolada is asked (default KOLADA_URL, else the real API). */
  kolada?: { baseUrl: string; timeoutMs?: number };
  edge: EdgeSettings;
  throttle: LoginThrottle;
}

/** The last value of a header a proxy appends to (X-Forwarded-For: client, proxy1 → the one our proxy saw). */
function lastOf(header: string | undefined): string | undefined {
  const value = header?.split(',').pop()?.trim();
  return value === '' ? undefined : value;
}

/** The first value of a header a proxy sets (X-Forwarded-Proto: https). */
function firstOf(header: string | undefined): string | undefined {
  const value = header?.split(',')[0]?.trim().toLowerCase();
  return value === '' ? undefined : value;
}

/**
 * Whether the browser reached Balans over https: the public address says so, or (when trusted)
 * the proxy does. Plain http on localhost counts too, as browsers keep Secure cookies there.
 */
export function isHttps(c: Context, edge: EdgeSettings): boolean {
  if (edge.publicUrl) return edge.publicUrl.protocol === 'https:';
  const url = new URL(c.req.url);
  if (edge.trustProxy) {
    const proto = firstOf(c.req.header('x-forwarded-proto'));
    if (proto !== undefined) return proto === 'https';
  }
  return url.protocol === 'https:' || url.hostname === 'localhost';
}

/** The origin (scheme://host[:port]) the browser sees Balans at. */
export function publicOrigin(c: Context, edge: EdgeSettings): string {
  if (edge.publicUrl) return edge.publicUrl.origin;
  const url = new URL(c.req.url);
  if (edge.trustProxy) {
    const proto = firstOf(c.req.header('x-forwarded-proto'));
    const host = firstOf(c.req.header('x-forwarded-host'));
    if (proto !== undefined || host !== undefined)
      return `${proto ?? url.protocol.replace(':', '')}://${host ?? url.host}`;
  }
  return url.origin;
}

/** The client's address: the socket's peer, or (when trusted) the address the proxy saw. */
export function clientAddress(c: Context, edge: EdgeSettings): string {
  if (edge.trustProxy) {
    const forwarded = lastOf(c.req.header('x-forwarded-for'));
    if (forwarded !== undefined) return forwarded.slice(0, 100);
  }
  const env = c.env as { incoming?: IncomingMessage } | undefined;
  return env?.incoming?.socket.remoteAddress ?? 'okänd';
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
  DATABASE_BUSY: 503,
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

/*
 * What every input is held to at the edge, so that nothing the database cannot store reaches it
 * (a NUL byte, an id past its integer, an amount past its bigint, the year 0000): ids and
 * versions fit PostgreSQL's integer, text has no control characters and a length, dates are real
 * days of the years Balans takes, amounts have at most twelve digits of tkr.
 */

/** PostgreSQL's integer: ids and versions are stored as such. */
export const MAX_ID = 2_147_483_647;

/** An id in a path or query (text, coerced). */
export const Id = z.coerce.number().int().min(1).max(MAX_ID);
/** An id in a JSON body. */
export const IdNumber = z.number().int().min(1).max(MAX_ID);
/** The version an edit read (a path or query value, coerced). */
export const Version = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_ID)
  .openapi({ description: 'the version read; a change made since is refused (409)' });
/** The version an edit read, in a JSON body. */
export const VersionNumber = z.number().int().min(1).max(MAX_ID);

// C0 controls and DEL, NUL among them (PostgreSQL's text cannot hold NUL).
// eslint-disable-next-line no-control-regex -- the control characters are what is matched
const CONTROL = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex -- the control characters are what is matched
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** One line of text (a name, a code, a file name): no control characters, no lone surrogates. */
export function Line(max: number, min = 0) {
  return z
    .string()
    .min(min)
    .max(max)
    .refine((text) => !CONTROL.test(text) && text.isWellFormed(), {
      message: 'får inte innehålla styrtecken (som NUL eller radbrytning)',
    });
}

/** Free text (a description, a status text): line breaks and tabs allowed, other control characters not. */
export function Prose(max: number, min = 0) {
  return z
    .string()
    .min(min)
    .max(max)
    .refine((text) => !CONTROL_BUT_LINES.test(text) && text.isWellFormed(), {
      message: 'får inte innehålla styrtecken (som NUL)',
    });
}

/** A code of the organisation or the ledger (ansvar, verksamhet, konto, org unit). */
export const Code = Line(40, 1);

const FIRST_YEAR = 1900;
const LAST_YEAR = 2999;

function isRealDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= FIRST_YEAR &&
    year <= LAST_YEAR &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

/** A day, ÅÅÅÅ-MM-DD, in the years Balans takes (1900–2999). */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'skriv datumet ÅÅÅÅ-MM-DD')
  .refine(isRealDay, { message: `ska vara en dag som finns, år ${FIRST_YEAR}–${LAST_YEAR}` });

/** A month, ÅÅÅÅ-MM, in the years Balans takes. */
export const YearMonth = z
  .string()
  .regex(/^\d{4}-\d{2}$/, 'skriv månaden ÅÅÅÅ-MM')
  .refine((text) => isRealDay(`${text}-01`), {
    message: `ska vara en månad 01–12, år ${FIRST_YEAR}–${LAST_YEAR}`,
  });

/** Amounts below 10^9 tkr: far past any municipality, and their sums far within bigint öre. */
const MAX_TKR_ORE = 10n ** 9n * 100_000n;

/** An amount in tkr as typed ("2 750", "67,5", at most three decimals): checked here, converted by the route. */
export const TkrText = z
  .string()
  .max(30)
  .refine(
    (text) => {
      const ore = parseTkr(text);
      return ore !== undefined && ore < MAX_TKR_ORE && -ore < MAX_TKR_ORE;
    },
    {
      error: (issue) =>
        `"${String(issue.input)}" är inget belopp i tkr (t.ex. 2 750 eller 67,5; högst nio siffror före decimaltecknet)`,
    },
  )
  .openapi({ example: '2 750', description: 'tkr, at most three decimals' });

/** Error responses for an OpenAPI route, by status. */
export function errors(
  ...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 502 | 503)[]
) {
  const description: Record<number, string> = {
    400: 'Invalid input',
    401: 'Not signed in',
    403: 'Not allowed for this user',
    404: 'Not found',
    409: 'Conflict: changed by someone else, or another organisation',
    413: 'Too large',
    415: 'Not JSON (application/json), or not a file (application/octet-stream) where one is sent',
    422: 'The file was refused; nothing was imported',
    429: 'Too many failed sign-ins: wait as Retry-After says',
    502: 'Another service (Kolada) was unreachable or answered wrongly; nothing was stored',
    503: 'Busy, or the database cannot be reached: try again in a moment',
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

/** A route's JSON answer, documented as an object (the route's test pins its fields). */
export const Json = { 'application/json': { schema: z.looseObject({}) } };

/** A route's required JSON request body: `request: { body: jsonBody(z.object({ … })) }`. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true as const, content: { 'application/json': { schema } } };
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
