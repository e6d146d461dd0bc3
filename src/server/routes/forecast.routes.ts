import { createRoute, z } from '@hono/zod-openapi';
import { FORECAST_METHODS } from '../../forecast/forecast.ts';
import {
  closeMonth,
  forecastAccuracy,
  forecastForm,
  forecastOverview,
  reopenMonth,
  reviewForecast,
  saveForecast,
  submitForecast,
} from '../../forecast/forecast-cycle.service.ts';
import { AppError } from '../../shared/app-error.ts';
import { parseTkr, type Ore } from '../../shared/money.ts';
import {
  Code,
  errors,
  json,
  Line,
  Prose,
  TkrText,
  VersionNumber,
  Year,
  type AppContext,
  type BalansApp,
  Json,
  jsonBody,
} from '../http.ts';
import { viewerOf } from './action-plans.routes.ts';

/** A month of the fiscal year (fiscal years may run up to 18 months). */
const FiscalMonth = z.coerce.number().int().min(1).max(18);

function tkr(text: string, field: string): Ore {
  const value = parseTkr(text);
  if (value === undefined)
    throw new AppError('INVALID_ARGUMENT', `${field}: "${text}" är inget belopp i tkr`);
  return value;
}

const unitPath = z.object({ year: Year, month: FiscalMonth, ansvar: Code });
const monthPath = z.object({ year: Year, month: FiscalMonth });

const formRoute = createRoute({
  method: 'get',
  path: '/api/forecasts/form',
  summary:
    "An ansvar's forecast for a month: budget, outcome to date and every method's proposal per part (öre, debit positive), the forecast written, the threshold and the reasons",
  request: { query: unitPath },
  responses: { 200: { description: 'The form', content: Json }, ...errors(400, 401, 403, 404) },
});

const saveRoute = createRoute({
  method: 'put',
  path: '/api/forecasts/{year}/{month}/{ansvar}',
  summary:
    'Save a draft forecast (full-year net per part in tkr, ledger signs: income negative); the version read guards against overwriting',
  request: {
    params: unitPath,
    body: jsonBody(
      z.object({
        method: z.enum([...FORECAST_METHODS, 'egen']),
        intakterTkr: TkrText,
        personalTkr: TkrText,
        ovrigaTkr: TkrText,
        reason: Line(40).nullable(),
        comment: Prose(5000).default(''),
        rowVersion: VersionNumber.nullable(),
      }),
    ),
  },
  responses: {
    200: { description: 'The saved forecast', content: Json },
    ...errors(400, 401, 403, 404, 409),
  },
});

const submitRoute = createRoute({
  method: 'post',
  path: '/api/forecasts/{year}/{month}/{ansvar}/submit',
  summary: 'Submit a forecast; refused until a deviation at or above the threshold is explained',
  request: { params: unitPath, body: jsonBody(z.object({ rowVersion: VersionNumber })) },
  responses: {
    200: { description: 'The submitted forecast', content: Json },
    ...errors(400, 401, 403, 404, 409),
  },
});

const reviewRoute = createRoute({
  method: 'post',
  path: '/api/forecasts/{year}/{month}/{ansvar}/review',
  summary:
    'Approve a submitted forecast, or return it with a comment (verksamhetschef, controller)',
  request: {
    params: unitPath,
    body: jsonBody(
      z.object({
        rowVersion: VersionNumber,
        decision: z.enum(['godkann', 'aterskicka']),
        comment: Prose(5000).default(''),
      }),
    ),
  },
  responses: {
    200: { description: 'The reviewed forecast', content: Json },
    ...errors(400, 401, 403, 404, 409),
  },
});

const overviewRoute = createRoute({
  method: 'get',
  path: '/api/forecasts/overview',
  summary:
    "A month's forecasts: each ansvar's status, forecast against budget, totals per verksamhetsområde and for the nämnd, the month's closes and reopenings",
  request: { query: monthPath },
  responses: { 200: { description: 'The overview', content: Json }, ...errors(400, 401, 403, 404) },
});

const accuracyRoute = createRoute({
  method: 'get',
  path: '/api/forecasts/accuracy',
  summary:
    "Prognossäkerhet: each month's forecasts against the bokslut, beside the naive linjar proposal",
  request: { query: z.object({ year: Year }) },
  responses: { 200: { description: 'The accuracy', content: Json }, ...errors(400, 401, 403, 404) },
});

const closeRoute = createRoute({
  method: 'post',
  path: '/api/periods/{year}/{month}/close',
  summary: 'Close a month (controller): its forecasts are locked and the ledger figures kept',
  request: { params: monthPath },
  responses: { 200: { description: 'Closed', content: Json }, ...errors(400, 401, 403, 404, 409) },
});

const reopenRoute = createRoute({
  method: 'post',
  path: '/api/periods/{year}/{month}/reopen',
  summary: 'Open a closed month again, with a reason (controller)',
  request: { params: monthPath, body: jsonBody(z.object({ reason: Prose(2000, 1) })) },
  responses: { 200: { description: 'Opened', content: Json }, ...errors(400, 401, 403, 404, 409) },
});

// json() keeps öre exact; its Response is not the typed one @hono/zod-openapi infers, hence `as never`.
export function forecastRoutes(app: BalansApp, { handle }: AppContext): void {
  app.openapi(
    formRoute,
    async (c) => json(await forecastForm(handle.db, viewerOf(c), c.req.valid('query'))) as never,
  );

  app.openapi(saveRoute, async (c) => {
    const p = c.req.valid('param');
    const b = c.req.valid('json');
    const saved = await saveForecast(handle, viewerOf(c), {
      ...p,
      method: b.method,
      parts: {
        intakter: tkr(b.intakterTkr, 'intakterTkr'),
        personal: tkr(b.personalTkr, 'personalTkr'),
        ovriga: tkr(b.ovrigaTkr, 'ovrigaTkr'),
      },
      reason: b.reason,
      comment: b.comment,
      rowVersion: b.rowVersion,
    });
    return json({ forecast: saved }) as never;
  });

  app.openapi(submitRoute, async (c) => {
    const saved = await submitForecast(handle, viewerOf(c), {
      ...c.req.valid('param'),
      rowVersion: c.req.valid('json').rowVersion,
    });
    return json({ forecast: saved }) as never;
  });

  app.openapi(reviewRoute, async (c) => {
    const saved = await reviewForecast(handle, viewerOf(c), {
      ...c.req.valid('param'),
      ...c.req.valid('json'),
    });
    return json({ forecast: saved }) as never;
  });

  app.openapi(
    overviewRoute,
    async (c) =>
      json(await forecastOverview(handle.db, viewerOf(c), c.req.valid('query'))) as never,
  );

  app.openapi(
    accuracyRoute,
    async (c) =>
      json(await forecastAccuracy(handle.db, viewerOf(c), c.req.valid('query'))) as never,
  );

  app.openapi(
    closeRoute,
    async (c) => json(await closeMonth(handle, viewerOf(c), c.req.valid('param'))) as never,
  );

  app.openapi(
    reopenRoute,
    async (c) =>
      json(
        await reopenMonth(handle, viewerOf(c), {
          ...c.req.valid('param'),
          reason: c.req.valid('json').reason,
        }),
      ) as never,
  );
}
