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
};

export const ErrorSchema = z.object({ code: z.string(), message: z.string() }).openapi('Error');

export const Year = z.coerce
  .number()
  .int()
  .min(1900)
  .max(2999)
  .openapi({ example: 2024, description: 'the year in which the fiscal year starts' });

export const Month = z.coerce.number().int().min(1).max(12);

/** Error responses for an OpenAPI route, by status. */
export function errors(...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 422)[]) {
  const description: Record<number, string> = {
    400: 'Invalid input',
    401: 'Not signed in',
    403: 'Not allowed for this user',
    404: 'Not found',
    409: 'Conflict: changed by someone else, or another organisation',
    413: 'Too large',
    422: 'The file was refused; nothing was imported',
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
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    throw new AppError(
      'INVALID_ARGUMENT',
      `${where ? `${where}: ` : ''}${issue?.message ?? 'invalid input'}`,
    );
  }
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
