import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { exportAtgarder, importAtgarder } from '../../action-plans/action-plan-file.ts';
import { atgardsplanFile } from '../../action-plans/action-plan-report.ts';
import { ATGARD_STATUSES } from '../../action-plans/action-plan.ts';
import {
  actionPlans,
  atgardsplanReport,
  changesBetweenDates,
  createAtgard,
  deleteAtgard,
  planYears,
  setAtgardskrav,
  takeUppfoljning,
  updateAtgard,
  uppfoljningar,
  type Viewer,
} from '../../action-plans/action-plan.service.ts';
import { findKpis } from '../../kpi/kpi.repository.ts';
import { AppError } from '../../shared/app-error.ts';
import { parseTkr, type Ore } from '../../shared/money.ts';
import {
  errors,
  Id,
  IdNumber,
  IsoDate,
  json,
  Line,
  Prose,
  TkrText,
  Version,
  VersionNumber,
  Year,
  YearMonth,
  type AppContext,
  type BalansApp,
  type Env,
  Json,
  jsonBody,
} from '../http.ts';
import { fileResponse, wholeBody } from './imports.routes.ts';

/** The signed-in user as the action plans (and the forecasts) see them. */
export function viewerOf(c: Context<Env>): Viewer {
  const user = c.get('user');
  const visible = c.get('ansvar');
  return {
    actor: user.username,
    role: user.role,
    scope: user.scope,
    ...(visible === undefined ? {} : { visibleAnsvar: visible }),
  };
}

/** Amounts come as tkr text ("2 750", "67,5"), exactly as typed: never a float. */
const Tkr = TkrText;

function tkr(text: string, field: string): Ore {
  const value = parseTkr(text);
  if (value === undefined)
    throw new AppError(
      'INVALID_ARGUMENT',
      `${field}: "${text}" är inget belopp i tkr (t.ex. 2 750 eller 67,5)`,
    );
  return value;
}

const Month = YearMonth;
const Link = z.object({
  kontoPrefix: Line(8).default(''),
  ansvar: Line(40).default(''),
});

const MeasureBody = z.object({
  atgardskravId: IdNumber,
  title: Line(300, 1),
  description: Prose(5000).default(''),
  ownerUnit: Line(40).nullable().optional(),
  start: Month,
  helarseffektTkr: Tkr,
  override: z
    .object({ effektArTkr: Tkr, reason: Prose(1000, 1) })
    .nullable()
    .optional(),
  status: z.enum(ATGARD_STATUSES),
  statustext: Prose(2000).default(''),
  kpis: z.array(Line(40)).max(20).optional(),
  links: z.array(Link).max(50).optional(),
});

const plansRoute = createRoute({
  method: 'get',
  path: '/api/action-plans',
  summary:
    "A year's action plans the user may see: requirements, measures with effects (öre), totals, gap, key figures and the ledger on linked accounts",
  request: { query: z.object({ year: Year.optional(), through: Month.optional() }) },
  responses: { 200: { description: 'The plans', content: Json }, ...errors(400, 401, 403) },
});

const reportRoute = createRoute({
  method: 'get',
  path: '/api/action-plans/report',
  summary: 'The åtgärdsplan at a date (docs/action-plans.md), as JSON or as a download',
  request: {
    query: z.object({ date: IsoDate, format: z.enum(['json', 'xlsx', 'csv']).optional() }),
  },
  responses: { 200: { description: 'The report', content: Json }, ...errors(400, 401, 403) },
});

const requirementRoute = createRoute({
  method: 'post',
  path: '/api/action-plans/requirements',
  summary:
    'Set the åtgärdskrav of an activity (or ansvar) for a year (controller); a change sends the version read',
  request: {
    body: jsonBody(
      z.object({
        year: z.number().int().min(1900).max(2999),
        verksamhet: Line(40).optional(),
        ansvar: Line(40).optional(),
        name: Line(200, 1),
        amountTkr: Tkr,
        basis: Prose(2000).optional(),
        description: Prose(10000).optional(),
        kpis: z.array(Line(40)).max(20).optional(),
        version: VersionNumber.optional(),
      }),
    ),
  },
  responses: {
    200: { description: 'The requirement', content: Json },
    ...errors(400, 401, 403, 409),
  },
});

const createMeasureRoute = createRoute({
  method: 'post',
  path: '/api/action-plans/measures',
  summary: 'Add a measure (a manager: owned by a unit of their own)',
  request: { body: jsonBody(MeasureBody) },
  responses: { 201: { description: 'The measure', content: Json }, ...errors(400, 401, 403, 404) },
});

const updateMeasureRoute = createRoute({
  method: 'patch',
  path: '/api/action-plans/measures/{id}',
  summary: 'Change a measure; the version read must still be current (409 otherwise)',
  request: {
    params: z.object({ id: Id }),
    body: jsonBody(MeasureBody.partial().extend({ version: VersionNumber })),
  },
  responses: {
    200: { description: 'The measure', content: Json },
    ...errors(400, 401, 403, 404, 409),
  },
});

const deleteMeasureRoute = createRoute({
  method: 'delete',
  path: '/api/action-plans/measures/{id}',
  summary: 'Remove a measure (controller; otherwise set the status "ej genomförbar")',
  request: {
    params: z.object({ id: Id }),
    query: z.object({ version: Version }),
  },
  responses: { 200: { description: 'Removed', content: Json }, ...errors(400, 401, 403, 404, 409) },
});

const followupsRoute = createRoute({
  method: 'get',
  path: '/api/action-plans/followups',
  summary: 'The follow-ups kept (per 31 mars, per 31 augusti, bokslut)',
  request: { query: z.object({ year: Year.optional() }) },
  responses: { 200: { description: 'Follow-ups, by date', content: Json }, ...errors(401, 403) },
});

const takeFollowupRoute = createRoute({
  method: 'post',
  path: '/api/action-plans/followups',
  summary: "Freeze every requirement and measure of the date's year as a follow-up (controller)",
  request: {
    body: jsonBody(
      z.object({
        date: IsoDate,
        name: Line(100).optional(),
        year: z.number().int().min(1900).max(2999).optional(),
      }),
    ),
  },
  responses: {
    201: { description: 'The follow-up', content: Json },
    ...errors(400, 401, 403, 404, 409),
  },
});

const changesRoute = createRoute({
  method: 'get',
  path: '/api/action-plans/changes',
  summary: 'What changed in the measures between two dates (follow-ups, or now)',
  request: { query: z.object({ from: IsoDate, to: IsoDate }) },
  responses: { 200: { description: 'Changes', content: Json }, ...errors(400, 401, 403) },
});

const importRoute = createRoute({
  method: 'post',
  path: '/api/action-plans/import',
  summary:
    'Import the measures spreadsheet (body = the file; docs/action-plans.md): all or nothing, bad rows listed with row and column',
  request: {
    query: z.object({ fileName: Line(255, 1), year: Year.optional() }),
    body: {
      required: true,
      content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
    },
  },
  responses: {
    201: { description: 'What was imported', content: Json },
    ...errors(400, 401, 403, 422),
  },
});

const exportRoute = createRoute({
  method: 'get',
  path: '/api/action-plans/export',
  summary: "A year's measures as the spreadsheet the import reads",
  request: { query: z.object({ year: Year, format: z.enum(['xlsx', 'csv']).default('xlsx') }) },
  responses: { 200: { description: 'The file', content: Json }, ...errors(400, 401, 403) },
});

const kpisRoute = createRoute({
  method: 'get',
  path: '/api/kpis',
  summary: 'The key figures (nyckeltal) defined, for linking them to plans and measures',
  responses: { 200: { description: 'Key figures', content: Json }, ...errors(401, 403) },
});

function measureInput(body: Partial<z.infer<typeof MeasureBody>>) {
  return {
    ...(body.atgardskravId === undefined ? {} : { atgardskravId: body.atgardskravId }),
    ...(body.title === undefined ? {} : { title: body.title }),
    ...(body.description === undefined ? {} : { description: body.description }),
    ...(body.ownerUnit === undefined ? {} : { ownerUnit: body.ownerUnit }),
    ...(body.start === undefined ? {} : { start: body.start }),
    ...(body.helarseffektTkr === undefined
      ? {}
      : { helarseffekt: tkr(body.helarseffektTkr, 'helarseffektTkr') }),
    ...(body.override === undefined
      ? {}
      : {
          override:
            body.override === null
              ? null
              : {
                  effektAr: tkr(body.override.effektArTkr, 'override.effektArTkr'),
                  reason: body.override.reason,
                },
        }),
    ...(body.status === undefined ? {} : { status: body.status }),
    ...(body.statustext === undefined ? {} : { statustext: body.statustext }),
    ...(body.kpis === undefined ? {} : { kpis: body.kpis }),
    ...(body.links === undefined ? {} : { links: body.links }),
  };
}

// json() keeps öre exact; its Response is not the typed one @hono/zod-openapi infers, hence `as never`.
export function actionPlanRoutes(app: BalansApp, { handle }: AppContext): void {
  app.openapi(plansRoute, async (c) => {
    const q = c.req.valid('query');
    const through = q.through === undefined ? undefined : Number(q.through.replace('-', ''));
    // Without a year: the newest year that has requirements.
    const years = await planYears(handle.db);
    const year = q.year ?? years[0] ?? new Date().getFullYear();
    const plans = await actionPlans(handle.db, viewerOf(c), {
      year,
      ...(through === undefined ? {} : { throughPeriod: through }),
    });
    return json({ year, years, statuses: ATGARD_STATUSES, plans }) as never;
  });

  app.openapi(reportRoute, async (c) => {
    const q = c.req.valid('query');
    const report = await atgardsplanReport(handle.db, viewerOf(c), { date: q.date });
    if (q.format === 'xlsx' || q.format === 'csv') {
      const file = await atgardsplanFile(report, q.format);
      return fileResponse(file.bytes, file.fileName, q.format) as never;
    }
    return json(report) as never;
  });

  app.openapi(requirementRoute, async (c) => {
    const body = c.req.valid('json');
    const krav = await setAtgardskrav(handle, viewerOf(c), {
      year: body.year,
      name: body.name,
      amount: tkr(body.amountTkr, 'amountTkr'),
      ...(body.verksamhet === undefined ? {} : { verksamhet: body.verksamhet }),
      ...(body.ansvar === undefined ? {} : { ansvar: body.ansvar }),
      ...(body.basis === undefined ? {} : { basis: body.basis }),
      ...(body.description === undefined ? {} : { description: body.description }),
      ...(body.kpis === undefined ? {} : { kpis: body.kpis }),
      ...(body.version === undefined ? {} : { version: body.version }),
    });
    return json({ atgardskrav: krav }) as never;
  });

  app.openapi(createMeasureRoute, async (c) => {
    const body = c.req.valid('json');
    const input = measureInput(body);
    const atgard = await createAtgard(handle, viewerOf(c), {
      ...input,
      atgardskravId: body.atgardskravId,
      title: body.title,
      start: body.start,
      helarseffekt: tkr(body.helarseffektTkr, 'helarseffektTkr'),
      status: body.status,
    });
    return json({ atgard }, 201) as never;
  });

  app.openapi(updateMeasureRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const atgard = await updateAtgard(handle, viewerOf(c), id, {
      ...measureInput(body),
      version: body.version,
    });
    return json({ atgard }) as never;
  });

  app.openapi(deleteMeasureRoute, async (c) => {
    const { id } = c.req.valid('param');
    await deleteAtgard(handle, viewerOf(c), id, c.req.valid('query').version);
    return json({ deleted: true }) as never;
  });

  app.openapi(followupsRoute, async (c) => {
    const { year } = c.req.valid('query');
    return json({ followups: await uppfoljningar(handle.db, year) }) as never;
  });

  app.openapi(takeFollowupRoute, async (c) => {
    const body = c.req.valid('json');
    const taken = await takeUppfoljning(handle, viewerOf(c), {
      date: body.date,
      ...(body.name === undefined ? {} : { name: body.name }),
      ...(body.year === undefined ? {} : { year: body.year }),
    });
    return json({ followup: taken }, 201) as never;
  });

  app.openapi(changesRoute, async (c) => {
    const q = c.req.valid('query');
    return json(await changesBetweenDates(handle.db, viewerOf(c), q.from, q.to)) as never;
  });

  app.openapi(importRoute, async (c) => {
    const q = c.req.valid('query');
    const bytes = await wholeBody(c);
    const summary = await importAtgarder(
      handle,
      viewerOf(c),
      { name: q.fileName, bytes },
      q.year === undefined ? {} : { year: q.year },
    );
    return json(summary, 201) as never;
  });

  app.openapi(exportRoute, async (c) => {
    const q = c.req.valid('query');
    const bytes = await exportAtgarder(handle.db, viewerOf(c), q.year, q.format);
    return fileResponse(bytes, `atgarder-${q.year}.${q.format}`, q.format) as never;
  });

  app.openapi(
    kpisRoute,
    async () => json({ kpis: [...(await findKpis(handle.db)).values()] }) as never,
  );
}
