import { createRoute, z } from '@hono/zod-openapi';
import { audited } from '../../audit/audit.service.ts';
import { createKoladaClient, koladaUrlFromEnv } from '../../kolada/kolada.client.ts';
import {
  downloadKolada,
  koladaSetting,
  koladaValues,
  searchKolada,
  setKoladaSetting,
  storeKolada,
} from '../../kolada/kolada.service.ts';
import { GENDERS, parseMunicipalityIds, parseYears } from '../../kolada/kolada.ts';
import {
  errors,
  json,
  Line,
  requireAdministrator,
  type AppContext,
  type BalansApp,
} from '../http.ts';

const KpiId = z
  .string()
  .regex(/^[A-Z]\d{5}$/, 'ett Kolada-id är en bokstav och fem siffror, t.ex. N00090')
  .openapi({ example: 'N00090' });
const MunicipalityId = z
  .string()
  .regex(/^\d{4}$/, 'ett kommun-id i Kolada är fyra siffror, t.ex. 1882')
  .openapi({ example: '1882' });
const Years = z
  .string()
  .regex(/^\d{4}(-\d{4})?$/, 'skriv FRÅN-TILL, t.ex. 2020-2024')
  .openapi({ example: '2020-2024' });

const ValueSchema = z
  .object({
    kpi: z.string(),
    municipality: z.string(),
    year: z.number().int(),
    gender: z.enum(GENDERS),
    value: z
      .string()
      .nullable()
      .openapi({ description: 'exact decimal text ("10.7"); null where Kolada has no value' }),
    status: z.string().nullable(),
    count: z.number().int().nullable(),
    source: z.string().openapi({ example: 'Källa: Kolada' }),
    fetchedAt: z.string(),
  })
  .openapi('KoladaValue');

const SettingSchema = z
  .object({ ownMunicipality: z.string().nullable(), peers: z.array(z.string()) })
  .openapi('KoladaSetting');

const SummarySchema = z
  .object({
    baseUrl: z.string(),
    kpis: z.array(z.string()),
    municipalities: z.array(z.string()),
    years: z.array(z.number().int()),
    values: z.number().int(),
    missing: z.number().int(),
    fetchedAt: z.string(),
    indicatorValues: z.number().int().openapi({
      description: 'year outcomes set for the indicators linked to these KPIs (own municipality)',
    }),
    warnings: z.array(z.string()).openapi({
      description: 'a line for each KPI whose title or definition changed since the last fetch',
    }),
  })
  .openapi('KoladaFetchSummary');

const valuesRoute = createRoute({
  method: 'get',
  path: '/api/kolada/values',
  summary: 'Stored Kolada values of a KPI (no request to Kolada), as `balans kolada values`',
  request: {
    query: z.object({
      kpi: KpiId,
      municipality: z
        .string()
        .optional()
        .openapi({ description: 'Kolada ids, comma-separated; default all stored' }),
      years: Years.optional(),
      gender: z.enum(GENDERS).optional(),
    }),
  },
  responses: {
    200: {
      description: 'By municipality, year and gender (T, K, M)',
      content: { 'application/json': { schema: z.object({ values: z.array(ValueSchema) }) } },
    },
    ...errors(400, 401, 403),
  },
});

const kpisRoute = createRoute({
  method: 'get',
  path: '/api/kolada/kpis',
  summary: 'Stored Kolada KPIs whose id, title or description contains the text',
  request: { query: z.object({ search: Line(100, 2) }) },
  responses: {
    200: {
      description: 'At most 50, title hits first',
      content: {
        'application/json': {
          schema: z.object({
            kpis: z.array(
              z.object({
                id: z.string(),
                title: z.string(),
                description: z.string(),
                fetchedAt: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    ...errors(400, 401, 403),
  },
});

const settingRoute = createRoute({
  method: 'get',
  path: '/api/kolada/setting',
  summary: 'The own municipality (Kolada id) and its peers',
  responses: {
    200: { description: 'The setting', content: { 'application/json': { schema: SettingSchema } } },
    ...errors(401, 403),
  },
});

const putSettingRoute = createRoute({
  method: 'put',
  path: '/api/kolada/setting',
  summary: 'Set the own municipality and its peers (controller)',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            ownMunicipality: MunicipalityId,
            peers: z.array(MunicipalityId).max(300).default([]),
          }),
        },
      },
    },
  },
  responses: {
    200: { description: 'Saved', content: { 'application/json': { schema: SettingSchema } } },
    ...errors(400, 401, 403),
  },
});

const fetchRoute = createRoute({
  method: 'post',
  path: '/api/kolada/fetch',
  summary:
    'Fetch KPI metadata and values from Kolada and store them, all or nothing (controller; as `balans kolada fetch`)',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            kpis: z.array(KpiId).min(1).max(100),
            municipalities: z
              .array(MunicipalityId)
              .max(300)
              .optional()
              .openapi({ description: 'default: the own municipality and its peers' }),
            years: Years,
          }),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'Stored; warnings for changed KPIs',
      content: { 'application/json': { schema: SummarySchema } },
    },
    ...errors(400, 401, 403, 404, 502),
  },
});

/** Kolada: everyone on the staff reads the stored values; the controller fetches and sets. */
export function koladaRoutes(app: BalansApp, { handle, kolada }: AppContext): void {
  app.openapi(valuesRoute, async (c) => {
    const q = c.req.valid('query');
    const values = await koladaValues(handle.db, {
      kpi: q.kpi,
      ...(q.municipality === undefined
        ? {}
        : { municipalities: parseMunicipalityIds(q.municipality) }),
      ...(q.years === undefined ? {} : { years: parseYears(q.years) }),
      ...(q.gender === undefined ? {} : { genders: [q.gender] }),
    });
    return json({ values }) as never;
  });

  app.openapi(kpisRoute, async (c) => {
    const { kpis } = await searchKolada(handle, c.req.valid('query').search);
    return json({ kpis }) as never;
  });

  app.openapi(settingRoute, async () => json(await koladaSetting(handle.db)) as never);

  app.openapi(putSettingRoute, async (c) => {
    requireAdministrator(c);
    const body = c.req.valid('json');
    const setting = await audited(
      handle,
      {
        actor: c.get('user').username,
        action: 'kolada.municipality',
        target: body.ownMunicipality,
      },
      (tx) => setKoladaSetting(tx.db, { own: body.ownMunicipality, peers: body.peers.join(',') }),
    );
    return json(setting) as never;
  });

  app.openapi(fetchRoute, async (c) => {
    requireAdministrator(c);
    const body = c.req.valid('json');
    const client = createKoladaClient({
      baseUrl: kolada?.baseUrl ?? koladaUrlFromEnv(),
      ...(kolada?.timeoutMs === undefined ? {} : { timeoutMs: kolada.timeoutMs }),
    });
    const download = await downloadKolada(handle.db, client, {
      kpis: body.kpis,
      ...(body.municipalities === undefined ? {} : { municipalities: body.municipalities }),
      years: parseYears(body.years),
    });
    const summary = await audited(
      handle,
      { actor: c.get('user').username, action: 'kolada.fetch', target: body.kpis.join(',') },
      (tx) => storeKolada(tx.db, download),
    );
    return json(summary) as never;
  });
}
