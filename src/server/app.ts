import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { BalansDb } from '../db/database.ts';
import { BALANCE_GROUPS, ledgerBalances } from '../ledger/ledger.service.ts';
import { oreToDecimal } from '../shared/money.ts';
import { REPORTS, runReport, type ReportName } from '../reports/reports.service.ts';
import { isAppError, type AppErrorCode } from '../shared/app-error.ts';
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

export function createApp(handle: BalansDb): OpenAPIHono {
  const app = new OpenAPIHono({
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

  app.openapi(reportRoute, async (c) => {
    const { name } = c.req.valid('param');
    const q = c.req.valid('query');
    const report = await runReport(handle.db, name, {
      year: q.year,
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
    const lines = await ledgerBalances(handle.db, {
      year: q.year,
      by,
      budget: q.budget === 'true',
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
