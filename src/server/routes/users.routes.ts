import { z } from '@hono/zod-openapi';
import { createUser, listUsers } from '../../auth/auth.service.ts';
import { listAudit } from '../../audit/audit.service.ts';
import {
  json,
  requireAdministrator,
  valid,
  validBody,
  type AppContext,
  type BalansApp,
} from '../http.ts';
import { NewUserSchema } from './auth.routes.ts';

const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  before: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
  action: z.string().min(1).max(60).optional(),
});

export function userRoutes(app: BalansApp, { handle }: AppContext): void {
  app.get('/api/users', async (c) => {
    requireAdministrator(c);
    return json({ users: await listUsers(handle.db) });
  });

  app.post('/api/users', async (c) => {
    requireAdministrator(c);
    const body = await validBody(c, NewUserSchema);
    const actor = c.get('user').username;
    const user = await handle.transaction((tx) => createUser(tx.db, actor, body));
    return json({ user }, 201);
  });

  // The audit log: who changed what, when, before and after. The controller reads it.
  app.get('/api/audit', async (c) => {
    requireAdministrator(c);
    const query = valid(AuditQuery, c.req.query());
    const entries = await listAudit(handle.db, {
      limit: query.limit,
      ...(query.before === undefined ? {} : { beforeId: BigInt(query.before) }),
      ...(query.action === undefined ? {} : { action: query.action }),
    });
    return json({ entries });
  });
}
