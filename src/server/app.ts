import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { BalansDb } from '../db/database.ts';
import { BALANCE_GROUPS, ledgerBalances } from '../ledger/ledger.service.ts';
import { oreToDecimal } from '../shared/money.ts';
import { REPORTS, runReport, type ReportName } from '../reports/reports.service.ts';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { administers, ROLES } from '../auth/auth.ts';
import {
  countUsers,
  createUser,
  listUsers,
  sessionUser,
  signIn,
  signOut,
  visibleAnsvar,
  type Session,
  type User,
} from '../auth/auth.service.ts';
import { AppError, isAppError, type AppErrorCode } from '../shared/app-error.ts';
import { toJson } from '../shared/json.ts';

/**
 * The HTTP API: the same services as the CLI, as JSON. Every input is validated (zod), errors are
 * `{ "code": "...", "message": "..." }`, and /api/openapi.json describes it all.
 */
const STATUS: Record<AppErrorCode, ContentfulStatusCode> = {
  SIE_REFUSED: 422,
  TEMPLATE_REFUSED: 422,
  OTHER_ORGANISATION: 409,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  INVALID_ARGUMENT: 400,
  DATA_DIR_LOCKED: 503,
  DATABASE_UNAVAILABLE: 503,
};

const ErrorSchema = z.object({ code: z.string(), message: z.string() }).openapi('Error');
const Year = z.coerce
  .number()
  .int()
  .min(1900)
  .max(2999)
  .openapi({ example: 2024, description: 'the year in which the fiscal year starts' });

const reportRoute = createRoute({
  method: 'get',
  path: '/api/reports/{name}',
  summary:
    'An operating-accounts report (driftredovisning, driftresultat, verksamhetsanalys, investeringsredovisning)',
  request: {
    params: z.object({ name: z.enum(Object.keys(REPORTS) as [ReportName, ...ReportName[]]) }),
    query: z.object({
      year: Year,
      throughMonth: z.coerce.number().int().min(1).max(12).optional(),
      unit: z.enum(['tkr', 'mnkr']).optional(),
      tie: z.enum(['true', 'false']).optional(),
      by: z.enum(['verksamhet', 'ansvar', 'verksamhetsomrade']).optional(),
      node: z.string().min(1).max(40).optional(),
      budgetVersion: z.string().min(1).max(100).optional(),
    }),
  },
  responses: {
    200: {
      description: 'The report, as documented in docs/reports.md',
      content: {
        'application/json': {
          schema: z.looseObject({ report: z.string(), year: z.number(), unit: z.string() }),
        },
      },
    },
    400: { description: 'Invalid input', content: { 'application/json': { schema: ErrorSchema } } },
    404: {
      description: 'No such year, budget version or activity',
      content: { 'application/json': { schema: ErrorSchema } },
    },
  },
});

const balancesRoute = createRoute({
  method: 'get',
  path: '/api/ledger/balances',
  summary:
    "The fiscal year's net amount per group, SIE signs (debit +, credit −), zero rows left out",
  request: {
    query: z.object({
      year: Year,
      by: z
        .string()
        .regex(new RegExp(`^(${BALANCE_GROUPS.join('|')})(,(${BALANCE_GROUPS.join('|')}))*$`))
        .default('konto'),
      budget: z.enum(['true', 'false']).optional(),
    }),
  },
  responses: {
    200: {
      description: 'One object per group: the --by keys as strings, amount in kronor',
      content: {
        'application/json': {
          schema: z.array(z.record(z.string(), z.union([z.string(), z.number()]))),
        },
      },
    },
    400: { description: 'Invalid input', content: { 'application/json': { schema: ErrorSchema } } },
    404: {
      description: 'No such year or budget',
      content: { 'application/json': { schema: ErrorSchema } },
    },
  },
});

function json(body: unknown, status: ContentfulStatusCode = 200): Response {
  // toJson writes amounts and bigints as exact JSON numbers, never through a float.
  return new Response(toJson(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

const COOKIE = 'balans_session';

type Env = { Variables: { user: User; ansvar: Set<string> | undefined; token: string } };

const Credentials = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(200),
});
const NewUserSchema = z.object({
  username: z.string().min(2).max(64),
  displayName: z.string().min(1).max(200),
  password: z.string().min(1).max(200),
  role: z.enum(ROLES),
  scope: z.array(z.string().min(1).max(40)).max(200).default([]),
});

export function createApp(handle: BalansDb): OpenAPIHono<Env> {
  const app = new OpenAPIHono<Env>({
    defaultHook: (result) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        const where = issue?.path.join('.') ?? '';
        return json(
          {
            code: 'INVALID_ARGUMENT',
            message: `${where ? `${where}: ` : ''}${issue?.message ?? 'invalid input'}`,
          },
          400,
        );
      }
      return undefined;
    },
  });

  app.use(
    '/api/*',
    bodyLimit({
      maxSize: 200 * 1024 * 1024,
      onError: () =>
        json({ code: 'INVALID_ARGUMENT', message: 'the request is larger than 200 MB' }, 413),
    }),
  );

  app.onError((error) => {
    if (isAppError(error))
      return json({ code: error.code, message: error.message }, STATUS[error.code]);
    console.error(error);
    return json({ code: 'INTERNAL', message: 'an unexpected error; see the server log' }, 500);
  });
  app.notFound(() => json({ code: 'NOT_FOUND', message: 'no such endpoint' }, 404));

  app.get('/api/health', () => json({ status: 'ok', engine: handle.engine }));

  const startSession = (c: Context, session: Session) => {
    const url = new URL(c.req.url);
    setCookie(c, COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: url.protocol === 'https:' || url.hostname === 'localhost',
      maxAge: 10 * 3600,
    });
    // c.body keeps the Set-Cookie header set on the context.
    return c.body(toJson({ user: session.user, csrfToken: session.csrfToken }), 200, {
      'content-type': 'application/json; charset=utf-8',
    });
  };

  // The first user of a new installation: the administrator (ekonom/controller).
  app.post('/api/auth/setup', async (c) => {
    const body = NewUserSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success)
      return json(
        { code: 'INVALID_ARGUMENT', message: body.error.issues[0]?.message ?? 'invalid input' },
        400,
      );
    const session = await handle.transaction(async (tx) => {
      if ((await countUsers(tx.db)) > 0)
        throw new AppError('FORBIDDEN', 'Balans har redan användare: logga in');
      await createUser(tx.db, `setup:${body.data.username}`, {
        ...body.data,
        role: 'controller',
        scope: [],
      });
      return signIn(tx.db, body.data.username, body.data.password);
    });
    return startSession(c, session);
  });

  app.post('/api/auth/login', async (c) => {
    const body = Credentials.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success)
      return json({ code: 'INVALID_ARGUMENT', message: 'username and password are needed' }, 400);
    return startSession(c, await signIn(handle.db, body.data.username, body.data.password));
  });

  // Everything below needs a session; a change also needs the session's CSRF token in X-CSRF-Token.
  app.use('/api/*', async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (
      path === '/api/health' ||
      path === '/api/openapi.json' ||
      path.startsWith('/api/auth/setup') ||
      path === '/api/auth/login'
    )
      return next();
    const token = getCookie(c as Context, COOKIE); // hono types getCookie for the untyped context
    const found = token ? await sessionUser(handle.db, token) : undefined;
    if (!token || !found) return json({ code: 'UNAUTHENTICATED', message: 'logga in först' }, 401);
    if (
      c.req.method !== 'GET' &&
      c.req.method !== 'HEAD' &&
      c.req.header('x-csrf-token') !== found.csrfToken
    ) {
      return json(
        { code: 'FORBIDDEN', message: "the request lacks the session's CSRF token (X-CSRF-Token)" },
        403,
      );
    }
    if (
      found.user.role === 'namnd' &&
      !path.startsWith('/api/me') &&
      !path.startsWith('/api/auth/')
    ) {
      return json(
        {
          code: 'FORBIDDEN',
          message: 'nämnden läser färdiga rapporter; arbetsmaterialet är förvaltningens',
        },
        403,
      );
    }
    c.set('user', found.user);
    c.set('token', token);
    c.set('ansvar', await visibleAnsvar(handle.db, found.user));
    return next();
  });

  app.post('/api/auth/logout', async (c) => {
    await signOut(handle.db, c.get('token'));
    deleteCookie(c, COOKIE, { path: '/' });
    return c.body(toJson({ signedOut: true }), 200, {
      'content-type': 'application/json; charset=utf-8',
    });
  });

  app.get('/api/me', (c) => json({ user: c.get('user') }));

  const requireAdministrator = (c: Context<Env>) => {
    if (!administers(c.get('user').role))
      throw new AppError('FORBIDDEN', 'bara ekonom/controller hanterar användare');
  };

  app.get('/api/users', async (c) => {
    requireAdministrator(c);
    return json({ users: await listUsers(handle.db) });
  });

  app.post('/api/users', async (c) => {
    requireAdministrator(c);
    const body = NewUserSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success)
      return json(
        {
          code: 'INVALID_ARGUMENT',
          message: `${body.error.issues[0]?.path.join('.') ?? ''}: ${body.error.issues[0]?.message ?? 'invalid input'}`,
        },
        400,
      );
    const actor = c.get('user').username;
    const user = await handle.transaction((tx) => createUser(tx.db, actor, body.data));
    return json({ user }, 201);
  });

  app.get('/api/audit', async (c) => {
    requireAdministrator(c);
    const rows = await handle.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(500)
      .execute();
    return json({ entries: rows });
  });

  app.openapi(reportRoute, async (c) => {
    const { name } = c.req.valid('param');
    const q = c.req.valid('query');
    const ansvar = c.get('ansvar');
    const report = await runReport(handle.db, name, {
      year: q.year,
      ...(ansvar === undefined ? {} : { ansvar }),
      ...(q.throughMonth === undefined ? {} : { throughMonth: q.throughMonth }),
      ...(q.unit === undefined ? {} : { unit: q.unit }),
      tie: q.tie === 'true',
      ...(q.by === undefined ? {} : { by: q.by }),
      ...(q.node === undefined ? {} : { node: q.node }),
      ...(q.budgetVersion === undefined ? {} : { budgetVersion: q.budgetVersion }),
    });
    return json(report) as never;
  });

  app.openapi(balancesRoute, async (c) => {
    const q = c.req.valid('query');
    const by = q.by.split(',') as (typeof BALANCE_GROUPS)[number][];
    const ansvar = c.get('ansvar');
    const lines = await ledgerBalances(handle.db, {
      year: q.year,
      by,
      budget: q.budget === 'true',
      ...(ansvar === undefined ? {} : { ansvar }),
    });
    return json(
      lines.map((l) => ({ ...l.keys, amount: { decimal: oreToDecimal(l.amount) } })),
    ) as never;
  });

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Balans API',
      version: '0.1.0',
      description: 'Ekonomi i balans: ledger, budget and reports of municipal social services',
    },
  });

  return app;
}
