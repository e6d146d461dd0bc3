import { createRoute, z } from '@hono/zod-openapi';
import {
  drilldown,
  drilldownVouchers,
  overviewOf,
  VOUCHER_PAGE,
} from '../../followup/followup.service.ts';
import { DRILL_BY, type DrillFilter } from '../../followup/followup.ts';
import {
  Code,
  errors,
  json,
  MAX_ID,
  Month,
  scopeOf,
  Year,
  type AppContext,
  type BalansApp,
} from '../http.ts';

/** The drill-down's filter, shared by its levels and its voucher rows. */
const drillQuery = {
  year: Year,
  from: Month.optional().openapi({ description: 'first month of the fiscal year (default 1)' }),
  to: Month.optional().openapi({
    description: 'last month of the fiscal year, from ≤ to (default: the last month of the year)',
  }),
  omrade: Code.optional().openapi({
    description: 'a verksamhetsområde of the organisation: its ansvar only',
  }),
  verksamhet: Code.optional().openapi({ description: 'an activity and every activity below it' }),
  ansvar: Code.optional(),
  kontogrupp: z
    .string()
    .regex(/^\d{2}$/, 'två siffror, kontots början (t.ex. 50)')
    .optional(),
  konto: z
    .string()
    .regex(/^\d{1,20}$/, 'ett kontonummer (siffror)')
    .optional(),
};

const Figures = {
  budgetYear: z.number(),
  budget: z.number(),
  utfall: z.number(),
  avvikelse: z.number(),
};
const Named = { code: z.string(), name: z.string(), ...Figures };

const overviewRoute = createRoute({
  method: 'get',
  path: '/api/overview',
  summary:
    'Översikt: net cost to date against budget, per verksamhetsområde and activity, month by month (amounts in tkr or mnkr, each cell rounded on its own)',
  request: {
    query: z.object({
      year: Year,
      throughMonth: Month.optional().openapi({
        description:
          'to date through this month of the fiscal year (default: the last with outcome)',
      }),
      unit: z.enum(['tkr', 'mnkr']).optional(),
    }),
  },
  responses: {
    200: {
      description: 'avvikelse = budget − utfall (negative = deficit)',
      content: {
        'application/json': {
          schema: z.object({
            year: z.number(),
            throughMonth: z.number(),
            months: z.number(),
            unit: z.enum(['tkr', 'mnkr']),
            total: z.object(Figures),
            areas: z.array(z.object(Named)),
            activities: z.array(z.object({ ...Named, children: z.array(z.object(Named)) })),
            series: z.array(
              z.object({
                month: z.number(),
                period: z.string(),
                budget: z.number(),
                utfall: z.number().nullable(),
                budgetCumulative: z.number(),
                utfallCumulative: z.number().nullable(),
              }),
            ),
            largestDeviations: z.array(
              z.object({
                ansvar: z.string(),
                name: z.string(),
                area: z.string(),
                budget: z.number(),
                utfall: z.number(),
                avvikelse: z.number(),
              }),
            ),
            warnings: z.array(z.string()),
          }),
        },
      },
    },
    ...errors(400, 401, 403, 404),
  },
});

const drilldownRoute = createRoute({
  method: 'get',
  path: '/api/drilldown',
  summary:
    'One level of the drill-down: budget, utfall and avvikelse in öre per verksamhet, ansvar, kontogrupp or konto, within a filter',
  request: {
    query: z.object({ ...drillQuery, by: z.enum(DRILL_BY) }),
  },
  responses: {
    200: {
      description:
        'Rows sorted by code, zero rows left out; a verksamhet filter covers the code and every activity below it',
      content: {
        'application/json': {
          schema: z.object({
            year: z.number(),
            from: z.number(),
            to: z.number(),
            by: z.enum(DRILL_BY),
            filter: z.object({
              omrade: z.string().nullable(),
              verksamhet: z.string().nullable(),
              ansvar: z.string().nullable(),
              kontogrupp: z.string().nullable(),
              konto: z.string().nullable(),
            }),
            path: z.array(
              z.object({
                by: z.enum(['omrade', ...DRILL_BY]),
                code: z.string(),
                name: z.string(),
              }),
            ),
            rows: z.array(
              z.object({
                code: z.string(),
                name: z.string(),
                budget: z.number(),
                utfall: z.number(),
                avvikelse: z.number(),
                hasChildren: z.boolean(),
              }),
            ),
            total: z.object({ budget: z.number(), utfall: z.number(), avvikelse: z.number() }),
          }),
        },
      },
    },
    ...errors(400, 401, 403, 404),
  },
});

const vouchersRoute = createRoute({
  method: 'get',
  path: '/api/drilldown/vouchers',
  summary: 'The voucher rows behind a figure of the drill-down (amounts in öre, SIE signs)',
  request: {
    query: z.object({
      ...drillQuery,
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(VOUCHER_PAGE.max)
        .optional()
        .openapi({ description: `rows per page (default ${VOUCHER_PAGE.default})` }),
      offset: z.coerce.number().int().min(0).max(MAX_ID).optional(),
    }),
  },
  responses: {
    200: {
      description:
        'A page of rows by date, series, number and row; count and sum cover every matching row. source is where the year\'s outcome came from: only "vouchers" has rows',
      content: {
        'application/json': {
          schema: z.object({
            rows: z.array(
              z.object({
                date: z.string(),
                series: z.string(),
                number: z.string(),
                text: z.string(),
                rowText: z.string().nullable(),
                konto: z.string(),
                ansvar: z.string(),
                verksamhet: z.string(),
                amount: z.number(),
              }),
            ),
            count: z.number(),
            sum: z.number(),
            source: z.enum(['vouchers', 'periods', 'year', 'none']),
          }),
        },
      },
    },
    ...errors(400, 401, 403, 404),
  },
});

function filterOf(q: Partial<Record<keyof DrillFilter, string>>): DrillFilter {
  const filter: DrillFilter = {};
  for (const key of ['omrade', 'verksamhet', 'ansvar', 'kontogrupp', 'konto'] as const) {
    const value = q[key];
    if (value !== undefined) filter[key] = value;
  }
  return filter;
}

/** Översikt and drill-down; a manager sees only their ansvar, whatever the parameters. */
export function followupRoutes(app: BalansApp, { handle }: AppContext): void {
  // json() keeps bigints exact; its Response is not the typed one @hono/zod-openapi infers.
  app.openapi(overviewRoute, async (c) => {
    const q = c.req.valid('query');
    const result = await overviewOf(handle.db, {
      year: q.year,
      ...scopeOf(c),
      ...(q.throughMonth === undefined ? {} : { throughMonth: q.throughMonth }),
      ...(q.unit === undefined ? {} : { unit: q.unit }),
    });
    return json(result) as never;
  });

  app.openapi(drilldownRoute, async (c) => {
    const q = c.req.valid('query');
    const result = await drilldown(handle.db, {
      year: q.year,
      by: q.by,
      filter: filterOf(q),
      ...scopeOf(c),
      ...(q.from === undefined ? {} : { from: q.from }),
      ...(q.to === undefined ? {} : { to: q.to }),
    });
    return json(result) as never;
  });

  app.openapi(vouchersRoute, async (c) => {
    const q = c.req.valid('query');
    const result = await drilldownVouchers(handle.db, {
      year: q.year,
      filter: filterOf(q),
      ...scopeOf(c),
      ...(q.from === undefined ? {} : { from: q.from }),
      ...(q.to === undefined ? {} : { to: q.to }),
      ...(q.limit === undefined ? {} : { limit: q.limit }),
      ...(q.offset === undefined ? {} : { offset: q.offset }),
    });
    return json(result) as never;
  });
}
