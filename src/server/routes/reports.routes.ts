import { createRoute, z } from '@hono/zod-openapi';
import { reportFile } from '../../reports/report-tables.ts';
import { REPORTS, runReport, type ReportName } from '../../reports/reports.service.ts';
import {
  Code,
  errors,
  json,
  Line,
  Month,
  scopeOf,
  Year,
  type AppContext,
  type BalansApp,
} from '../http.ts';

const reportRoute = createRoute({
  method: 'get',
  path: '/api/reports/{name}',
  summary:
    'An operating-accounts report (driftredovisning, driftresultat, verksamhetsanalys, investeringsredovisning), as JSON or as a file',
  request: {
    params: z.object({ name: z.enum(Object.keys(REPORTS) as [ReportName, ...ReportName[]]) }),
    query: z.object({
      year: Year,
      throughMonth: Month.optional(),
      unit: z.enum(['tkr', 'mnkr']).optional(),
      tie: z.enum(['true', 'false']).optional(),
      by: z.enum(['verksamhet', 'ansvar', 'verksamhetsomrade']).optional(),
      node: Code.optional(),
      budgetVersion: Line(100, 1).optional(),
      format: z
        .enum(['json', 'xlsx', 'csv'])
        .optional()
        .openapi({ description: 'json (default), or a download as xlsx or csv (separator ;)' }),
    }),
  },
  responses: {
    200: {
      description: 'The report, as documented in docs/reports.md, or the file',
      content: {
        'application/json': {
          schema: z.looseObject({ report: z.string(), year: z.number(), unit: z.string() }),
        },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
          schema: z.string().openapi({ format: 'binary' }),
        },
        'text/csv': { schema: z.string() },
      },
    },
    ...errors(400, 401, 403, 404),
  },
});

export function reportRoutes(app: BalansApp, { handle }: AppContext): void {
  app.openapi(reportRoute, async (c) => {
    const { name } = c.req.valid('param');
    const q = c.req.valid('query');
    const report = await runReport(handle.db, name, {
      year: q.year,
      ...scopeOf(c),
      ...(q.throughMonth === undefined ? {} : { throughMonth: q.throughMonth }),
      ...(q.unit === undefined ? {} : { unit: q.unit }),
      tie: q.tie === 'true',
      ...(q.by === undefined ? {} : { by: q.by }),
      ...(q.node === undefined ? {} : { node: q.node }),
      ...(q.budgetVersion === undefined ? {} : { budgetVersion: q.budgetVersion }),
    });
    if (q.format === 'xlsx' || q.format === 'csv') {
      const file = await reportFile(report, q.format);
      return new Response(new Uint8Array(file.bytes), {
        headers: {
          'content-type': file.contentType,
          'content-disposition': `attachment; filename="${file.fileName}"`,
        },
      });
    }
    return json(report);
  });
}
