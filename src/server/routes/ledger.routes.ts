import { createRoute, z } from '@hono/zod-openapi';
import { BALANCE_GROUPS, fiscalYears, ledgerBalances } from '../../ledger/ledger.service.ts';
import type { BalanceGroup } from '../../ledger/ledger.repository.ts';
import { oreToDecimal } from '../../shared/money.ts';
import { errors, json, scopeOf, Year, type AppContext, type BalansApp } from '../http.ts';

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
        .regex(
          new RegExp(`^(${BALANCE_GROUPS.join('|')})(,(${BALANCE_GROUPS.join('|')}))*$`),
          `en eller flera av ${BALANCE_GROUPS.join(', ')}, åtskilda med kommatecken`,
        )
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
    ...errors(400, 401, 403, 404),
  },
});

const yearsRoute = createRoute({
  method: 'get',
  path: '/api/years',
  summary: 'The loaded fiscal years, newest first',
  responses: {
    200: {
      description:
        'year (the calendar year it starts in), start, end, months, outcomeSource, hasBudget, lastMonthWithOutcome',
      content: {
        'application/json': {
          schema: z.object({
            years: z.array(
              z.object({
                year: z.number(),
                start: z.string(),
                end: z.string(),
                months: z.number(),
                outcomeSource: z.enum(['vouchers', 'periods', 'year']).nullable(),
                hasBudget: z.boolean(),
                lastMonthWithOutcome: z.number(),
              }),
            ),
          }),
        },
      },
    },
    ...errors(401, 403),
  },
});

export function ledgerRoutes(app: BalansApp, { handle }: AppContext): void {
  // json() keeps bigints exact; its Response is not the typed one @hono/zod-openapi infers.
  app.openapi(yearsRoute, async () => json({ years: await fiscalYears(handle.db) }) as never);

  app.openapi(balancesRoute, async (c) => {
    const q = c.req.valid('query');
    const lines = await ledgerBalances(handle.db, {
      year: q.year,
      by: q.by.split(',') as BalanceGroup[],
      budget: q.budget === 'true',
      ...scopeOf(c),
    });
    return json(
      lines.map((l) => ({ ...l.keys, amount: { decimal: oreToDecimal(l.amount) } })),
    ) as never;
  });
}
