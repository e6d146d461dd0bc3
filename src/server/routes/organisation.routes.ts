import { createRoute, z } from '@hono/zod-openapi';
import { ORG_LEVELS } from '../../organisation/organisation.ts';
import {
  createOrgUnit,
  deleteOrgUnit,
  exportOrganisation,
  listOrganisation,
  updateOrgUnit,
} from '../../organisation/organisation.service.ts';
import {
  errors,
  json,
  Line,
  requireAdministrator,
  Version,
  VersionNumber,
  type AppContext,
  type BalansApp,
} from '../http.ts';
import { fileResponse } from './imports.routes.ts';

const Code = z
  .string()
  .trim()
  .pipe(Line(40, 1))
  .openapi({ type: 'string', description: 'an org code (ansvar, enhet, …)' });

const UnitSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    level: z.enum(ORG_LEVELS),
    parent: z.string().nullable(),
    version: z.number().int(),
  })
  .openapi('OrgUnit');

const unitResponse = (status: 200 | 201, description: string) => ({
  [status]: {
    description,
    content: { 'application/json': { schema: z.object({ unit: UnitSchema }) } },
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/organisation',
  summary:
    'The organisation tree (förvaltning → verksamhetsområde → enhet → ansvar), and the ansvar of the ledger not placed in it',
  responses: {
    200: {
      description: 'Units ordered by code; unplaced ansvar ordered by code',
      content: {
        'application/json': {
          schema: z.object({
            units: z.array(UnitSchema),
            unplaced: z.array(z.object({ code: z.string(), name: z.string() })),
          }),
        },
      },
    },
    ...errors(401, 403),
  },
});

const createUnitRoute = createRoute({
  method: 'post',
  path: '/api/organisation/units',
  summary:
    'Add a unit; its parent must stand on a higher level, and an ansvar must exist in the ledger (its name, left empty, is taken from there)',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            code: Code,
            name: Line(200).default(''),
            level: z.enum(ORG_LEVELS),
            parent: Code.nullable().default(null),
          }),
        },
      },
    },
  },
  responses: { ...unitResponse(201, 'Added'), ...errors(400, 401, 403) },
});

const updateUnitRoute = createRoute({
  method: 'patch',
  path: '/api/organisation/units/{code}',
  summary: 'Rename or move a unit (parent null: top level), sending the version read',
  request: {
    params: z.object({ code: Code }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            name: Line(200, 1).optional(),
            parent: Code.nullable().optional(),
            version: VersionNumber,
          }),
        },
      },
    },
  },
  responses: {
    ...unitResponse(200, 'Changed; the version moved on'),
    ...errors(400, 401, 403, 404, 409),
  },
});

const deleteUnitRoute = createRoute({
  method: 'delete',
  path: '/api/organisation/units/{code}',
  summary:
    'Remove a unit without children that no user’s scope names (an ansvar removed becomes unplaced)',
  request: { params: z.object({ code: Code }), query: z.object({ version: Version }) },
  responses: {
    200: {
      description: 'Removed',
      content: { 'application/json': { schema: z.object({ deleted: z.literal(true) }) } },
    },
    ...errors(400, 401, 403, 404, 409),
  },
});

const exportRoute = createRoute({
  method: 'get',
  path: '/api/organisation/export',
  summary:
    'The tree as a file to edit and import again (kod, namn, niva, overordnad); unplaced ansvar come last',
  request: { query: z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') }) },
  responses: {
    200: {
      description: 'The file',
      content: {
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
          schema: z.string().openapi({ format: 'binary' }),
        },
        'text/csv': { schema: z.string() },
      },
    },
    ...errors(400, 401, 403),
  },
});

/** The organisation tree: everyone reads it, the controller edits it (every change audited). */
export function organisationRoutes(app: BalansApp, { handle }: AppContext): void {
  app.openapi(listRoute, async () => json(await listOrganisation(handle.db)) as never);

  app.openapi(createUnitRoute, async (c) => {
    requireAdministrator(c);
    const body = c.req.valid('json');
    const actor = c.get('user').username;
    const unit = await handle.transaction((tx) => createOrgUnit(tx.db, actor, body));
    return json({ unit }, 201) as never;
  });

  app.openapi(updateUnitRoute, async (c) => {
    requireAdministrator(c);
    const { code } = c.req.valid('param');
    const body = c.req.valid('json');
    const actor = c.get('user').username;
    const unit = await handle.transaction((tx) => updateOrgUnit(tx.db, actor, code, body));
    return json({ unit }) as never;
  });

  app.openapi(deleteUnitRoute, async (c) => {
    requireAdministrator(c);
    const { code } = c.req.valid('param');
    const { version } = c.req.valid('query');
    const actor = c.get('user').username;
    await handle.transaction((tx) => deleteOrgUnit(tx.db, actor, code, version));
    return json({ deleted: true }) as never;
  });

  app.openapi(exportRoute, async (c) => {
    const { format } = c.req.valid('query');
    return fileResponse(
      await exportOrganisation(handle.db, format),
      `organisation.${format}`,
      format,
    );
  });
}
