import { createRoute, z } from '@hono/zod-openapi';
import { ROLES } from '../../auth/auth.ts';
import {
  createUser,
  deleteUser,
  findUserRecord,
  listUsers,
  updateUser,
} from '../../auth/auth.service.ts';
import { listAudit } from '../../audit/audit.service.ts';
import { AppError } from '../../shared/app-error.ts';
import {
  Code,
  errors,
  Id,
  json,
  Line,
  requireAdministrator,
  Version,
  VersionNumber,
  type AppContext,
  type BalansApp,
} from '../http.ts';
import { NewUserSchema, Password } from './auth.routes.ts';

const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  before: z
    .string()
    .regex(/^\d{1,18}$/, 'ett id från ändringsloggen (siffror)')
    .optional(),
  action: Line(60, 1).optional(),
});

const UserSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    scope: z.array(z.string()).openapi({
      description: 'org codes (any level) a verksamhetschef or enhetschef sees; empty for others',
    }),
    version: z.number().int(),
    oidc: z.boolean().openapi({ description: 'signs in with OpenID Connect' }),
  })
  .openapi('User');

const UserId = z.object({ id: Id });

const userResponse = (status: 200 | 201, description: string) => ({
  [status]: {
    description,
    content: { 'application/json': { schema: z.object({ user: UserSchema }) } },
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/users',
  summary: 'The users, by username (the controller manages them)',
  responses: {
    200: {
      description: 'The users',
      content: { 'application/json': { schema: z.object({ users: z.array(UserSchema) }) } },
    },
    ...errors(401, 403),
  },
});

const createUserRoute = createRoute({
  method: 'post',
  path: '/api/users',
  summary: 'Add a user; a verksamhetschef or enhetschef needs a scope of codes in the organisation',
  request: {
    body: { required: true, content: { 'application/json': { schema: NewUserSchema } } },
  },
  responses: { ...userResponse(201, 'Added'), ...errors(400, 401, 403) },
});

const updateUserRoute = createRoute({
  method: 'patch',
  path: '/api/users/{id}',
  summary:
    "Change a user, sending the version read; a new password or role ends the user's other sessions",
  request: {
    params: UserId,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            displayName: Line(200, 1).optional(),
            role: z.enum(ROLES).optional(),
            scope: z.array(Code).max(200).optional(),
            password: Password.optional(),
            version: VersionNumber,
          }),
        },
      },
    },
  },
  responses: {
    ...userResponse(200, 'Changed; the version moved on'),
    ...errors(400, 401, 403, 404, 409),
  },
});

const deleteUserRoute = createRoute({
  method: 'delete',
  path: '/api/users/{id}',
  summary: 'Remove a user (never yourself, never the last controller)',
  request: {
    params: UserId,
    query: z.object({ version: Version }),
  },
  responses: {
    200: {
      description: 'Removed, with their sessions',
      content: { 'application/json': { schema: z.object({ deleted: z.literal(true) }) } },
    },
    ...errors(400, 401, 403, 404, 409),
  },
});

const auditRoute = createRoute({
  method: 'get',
  path: '/api/audit',
  summary:
    'The audit log, newest first: who changed what, when, before and after (failed sign-ins too)',
  request: { query: AuditQuery },
  responses: {
    200: {
      description: 'Entries by id, descending; `before` pages further back',
      content: {
        'application/json': { schema: z.object({ entries: z.array(z.looseObject({})) }) },
      },
    },
    ...errors(400, 401, 403),
  },
});

export function userRoutes(app: BalansApp, { handle }: AppContext): void {
  app.openapi(listRoute, async (c) => {
    requireAdministrator(c);
    return json({ users: await listUsers(handle.db) }) as never;
  });

  app.openapi(createUserRoute, async (c) => {
    requireAdministrator(c);
    const body = c.req.valid('json');
    const actor = c.get('user').username;
    const user = await handle.transaction(async (tx) => {
      const created = await createUser(tx.db, actor, body);
      const record = await findUserRecord(tx.db, created.id);
      if (!record)
        throw new AppError('NOT_FOUND', 'användaren som just skapades finns inte längre');
      return record;
    });
    return json({ user }, 201) as never;
  });

  app.openapi(updateUserRoute, async (c) => {
    requireAdministrator(c);
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const actor = c.get('user').username;
    // The session making the change stays signed in when you change your own password.
    const user = await handle.transaction((tx) =>
      updateUser(tx.db, actor, id, body, c.get('token')),
    );
    return json({ user }) as never;
  });

  app.openapi(deleteUserRoute, async (c) => {
    requireAdministrator(c);
    const { id } = c.req.valid('param');
    const { version } = c.req.valid('query');
    const { id: actorId, username } = c.get('user');
    await handle.transaction((tx) => deleteUser(tx.db, { id: actorId, username }, id, version));
    return json({ deleted: true }) as never;
  });

  // The audit log: who changed what, when, before and after. The controller reads it.
  app.openapi(auditRoute, async (c) => {
    requireAdministrator(c);
    const query = c.req.valid('query');
    const entries = await listAudit(handle.db, {
      limit: query.limit,
      ...(query.before === undefined ? {} : { beforeId: BigInt(query.before) }),
      ...(query.action === undefined ? {} : { action: query.action }),
    });
    return json({ entries }) as never;
  });
}
