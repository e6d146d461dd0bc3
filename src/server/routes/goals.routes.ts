import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  approveAs,
  copyYearAs,
  goalsFor,
  goalYears,
  indicatorYears,
  NODE_KINDS,
  saveAnalysisAs,
  setSeriesValueAs,
  setTargetAs,
  setValueAs,
  statisticsFor,
  updateNodeAs,
  type GoalViewer,
} from '../../goals/goal-edit.service.ts';
import { ASSESSMENTS } from '../../goals/goal.ts';
import { AppError } from '../../shared/app-error.ts';
import {
  errors,
  Id,
  json,
  Line,
  Prose,
  VersionNumber,
  Year,
  type AppContext,
  type BalansApp,
  type Env,
  Json,
  jsonBody,
} from '../http.ts';

function viewerOf(c: Context<Env>): GoalViewer {
  const user = c.get('user');
  return { actor: user.username, role: user.role, scope: user.scope };
}

/** A 200 with JSON and the errors a route may give: `answers('Stored', 400, 401, 403, 404)`. */
const answers = (description: string, ...failures: Parameters<typeof errors>) => ({
  200: { description, content: Json },
  ...errors(...failures),
});

/** An indicator's or series' code, as the registry keeps it. */
const IndicatorCode = Line(40, 1)
  .regex(/^[\w.-]+$/, 'en kod har bokstäver, siffror, . _ -')
  .openapi({ example: 'SJUKFRANVARO' });
const CodeParams = z.object({ code: IndicatorCode });
const YearCodeParams = z.object({ year: Year, code: IndicatorCode });
const YearNumber = z.number().int().min(1900).max(2999);
/** A year (ÅÅÅÅ) or a month (ÅÅÅÅ-MM). */
const Period = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, 'skriv perioden ÅÅÅÅ eller ÅÅÅÅ-MM')
  .openapi({ example: '2024' });
/** An exact decimal as typed: "10,74", "10.74", "4 412,5" — never a float. */
const DecimalText = z
  .string()
  .max(30)
  .regex(/^-?[\d  ]+([.,]\d+)?$/, 'skriv ett tal, t.ex. 10,74')
  .openapi({ example: '10,74' });

const yearsRoute = createRoute({
  method: 'get',
  path: '/api/goals',
  summary: 'The years that have a goal tree, and the years with statistics, newest first',
  responses: answers('Years', 401, 403),
});

const goalsRoute = createRoute({
  method: 'get',
  path: '/api/goals/{year}',
  summary:
    "A year's måluppfyllelse: målområden → mål → indicators with target, outcome, last year, fulfilment, trend, proposed and printed assessment, approval, the analysis (sanitised HTML), adressering, version and mayEdit; uppdrag and programs",
  request: { params: z.object({ year: Year }) },
  responses: answers('The goal tree', 400, 401, 403),
});

const valuesRoute = createRoute({
  method: 'get',
  path: '/api/goals/indicators/{code}/values',
  summary: "An indicator's outcome and target per year, oldest first (at most 20 years)",
  request: {
    params: CodeParams,
    query: z.object({ from: Year, to: Year }),
  },
  responses: answers('Yearly values', 400, 401, 403, 404),
});

const analysisRoute = createRoute({
  method: 'put',
  path: '/api/goals/{year}/indicators/{code}/analysis',
  summary:
    "Write an indicator's analysis (rich text or plain paragraphs; sanitised) and printed assessment ('' = none, null = the proposal), sending the version read (null when none was written); 409 when changed since. A change clears the approval.",
  request: {
    params: YearCodeParams,
    body: jsonBody(
      z.object({
        analysis: Prose(20_000),
        assessment: z.enum([...ASSESSMENTS, '']).nullable(),
        version: VersionNumber.nullable(),
      }),
    ),
  },
  responses: answers('The analysis saved, with its new version', 400, 401, 403, 404, 409),
});

const approveRoute = createRoute({
  method: 'post',
  path: '/api/goals/{year}/indicators/{code}/approve',
  summary: 'Approve an analysis as read (controller); 409 when changed since',
  request: {
    params: YearCodeParams,
    body: jsonBody(z.object({ version: VersionNumber })),
  },
  responses: answers('The approved analysis', 400, 401, 403, 404, 409),
});

const nodeRoute = createRoute({
  method: 'patch',
  path: '/api/goals/nodes/{kind}/{id}',
  summary:
    'Change the texts of a målområde (name, description, uppdrag, aterrapport), mål (name, kfGoal, uppdrag, aterrapport), uppdrag (text, aktiviteter, aterrapport) or program (name, uppfoljning) (controller); 409 when changed since',
  request: {
    params: z.object({
      kind: z.enum(Object.keys(NODE_KINDS) as [keyof typeof NODE_KINDS]),
      id: Id,
    }),
    body: jsonBody(
      z.strictObject({
        version: VersionNumber,
        name: Line(300, 1).optional(),
        kfGoal: Line(300).optional(),
        description: Prose(20_000).optional(),
        uppdrag: Prose(20_000).optional(),
        aterrapport: Prose(20_000).optional(),
        text: Prose(20_000).optional(),
        aktiviteter: Prose(20_000).optional(),
        uppfoljning: Prose(20_000).optional(),
      }),
    ),
  },
  responses: answers('Changed', 400, 401, 403, 404, 409),
});

const copyRoute = createRoute({
  method: 'post',
  path: '/api/goals/{year}/copy',
  summary:
    "Start a year from another year's tree, texts and targets (controller); refused when the year has a tree",
  request: {
    params: z.object({ year: Year }),
    body: jsonBody(z.object({ from: YearNumber })),
  },
  responses: {
    201: { description: 'What was copied', content: Json },
    ...errors(400, 401, 403, 404, 409),
  },
});

const valueRoute = createRoute({
  method: 'put',
  path: '/api/goals/indicators/{code}/values',
  summary:
    "Store an indicator's value for a year or month, for the nämnd (orgUnit '') or a unit: the controller any, a manager those of indicators addressed to their units",
  request: {
    params: CodeParams,
    body: jsonBody(
      z.object({
        period: Period,
        value: DecimalText,
        orgUnit: Line(40).default(''),
        footnote: Line(300).default(''),
      }),
    ),
  },
  responses: answers('Stored', 400, 401, 403, 404),
});

const targetRoute = createRoute({
  method: 'put',
  path: '/api/goals/{year}/indicators/{code}/target',
  summary:
    'Set a year\'s target as written ("7 %", "≥ 85", "öka", "10–20", "" for none) with an optional printed text (controller)',
  request: {
    params: YearCodeParams,
    body: jsonBody(z.object({ target: Line(100), text: Line(200).optional() })),
  },
  responses: answers('The target', 400, 401, 403, 404),
});

const statisticsRoute = createRoute({
  method: 'get',
  path: '/api/statistics/{year}',
  summary:
    'Verksamhetsstatistik: every series for the year and the two before, grouped into tables, with notes',
  request: { params: z.object({ year: Year }) },
  responses: answers('The tables', 400, 401, 403),
});

const seriesValueRoute = createRoute({
  method: 'put',
  path: '/api/statistics/series/{code}/values',
  summary: "Store a statistics series' value for a year or month (controller)",
  request: {
    params: CodeParams,
    body: jsonBody(
      z.object({ period: Period, value: DecimalText, footnote: Line(300).default('') }),
    ),
  },
  responses: answers('Stored', 400, 401, 403, 404),
});

/** The chart reads a few years: at most 20, so one request cannot ask for a thousand. */
const MAX_YEARS = 20;

// json() keeps decimals exact; its Response is not the typed one @hono/zod-openapi infers, hence `as never`.
export function goalRoutes(app: BalansApp, { handle }: AppContext): void {
  app.openapi(yearsRoute, async () => json(await goalYears(handle.db)) as never);

  app.openapi(goalsRoute, async (c) => {
    const { year } = c.req.valid('param');
    return json(await goalsFor(handle.db, viewerOf(c), year)) as never;
  });

  app.openapi(valuesRoute, async (c) => {
    const { code } = c.req.valid('param');
    const { from, to } = c.req.valid('query');
    if (from > to || to - from >= MAX_YEARS)
      throw new AppError(
        'INVALID_ARGUMENT',
        `from–to: ${from}–${to} ska vara högst ${MAX_YEARS} år i ordning (från ≤ till)`,
      );
    return json(await indicatorYears(handle.db, code, { from, to })) as never;
  });

  app.openapi(analysisRoute, async (c) => {
    const { year, code } = c.req.valid('param');
    const input = c.req.valid('json');
    return json(await saveAnalysisAs(handle, viewerOf(c), { code, year, ...input })) as never;
  });

  app.openapi(approveRoute, async (c) => {
    const { year, code } = c.req.valid('param');
    const { version } = c.req.valid('json');
    return json(await approveAs(handle, viewerOf(c), { code, year, version })) as never;
  });

  app.openapi(nodeRoute, async (c) => {
    const { kind, id } = c.req.valid('param');
    const { version, ...fields } = c.req.valid('json');
    const given: Record<string, string> = { ...fields };
    return json(
      await updateNodeAs(handle, viewerOf(c), { kind, id, version, fields: given }),
    ) as never;
  });

  app.openapi(copyRoute, async (c) => {
    const { year } = c.req.valid('param');
    const { from } = c.req.valid('json');
    if (from === year)
      throw new AppError('INVALID_ARGUMENT', 'from: ett år kopieras till ett annat år');
    return json(await copyYearAs(handle, viewerOf(c), { from, to: year }), 201) as never;
  });

  app.openapi(valueRoute, async (c) => {
    const { code } = c.req.valid('param');
    const input = c.req.valid('json');
    return json(await setValueAs(handle, viewerOf(c), { code, ...input })) as never;
  });

  app.openapi(targetRoute, async (c) => {
    const { year, code } = c.req.valid('param');
    const input = c.req.valid('json');
    return json(
      await setTargetAs(handle, viewerOf(c), {
        code,
        year,
        target: input.target,
        ...(input.text === undefined ? {} : { text: input.text }),
      }),
    ) as never;
  });

  app.openapi(statisticsRoute, async (c) => {
    const { year } = c.req.valid('param');
    return json(await statisticsFor(handle.db, year)) as never;
  });

  app.openapi(seriesValueRoute, async (c) => {
    const { code } = c.req.valid('param');
    const input = c.req.valid('json');
    return json(await setSeriesValueAs(handle, viewerOf(c), { code, ...input })) as never;
  });
}
