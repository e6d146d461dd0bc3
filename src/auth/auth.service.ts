import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { findOrgUnits } from '../organisation/organisation.service.ts';
import { AppError } from '../shared/app-error.ts';
import { writeAudit } from '../audit/audit.service.ts';
import {
  hashPassword,
  isRole,
  newToken,
  passwordProblem,
  seesEverything,
  tokenHash,
  verifyPassword,
  type Role,
} from './auth.ts';

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** Org codes (any level) the user may see; empty for those who see everything. */
  scope: string[];
}

const SESSION_HOURS = 10;

export async function loadUser(db: Kysely<Database>, id: number): Promise<User | undefined> {
  const row = await db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !isRole(row.role)) return undefined;
  const scope = await db
    .selectFrom('user_scope')
    .select('org_code')
    .where('user_id', '=', id)
    .orderBy('org_code')
    .execute();
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    scope: scope.map((s) => s.org_code),
  };
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  scope: string[];
}

/** Creates a user; the first user of a database must be a controller (the administrator). */
export async function createUser(
  db: Kysely<Database>,
  actor: string,
  user: NewUser,
): Promise<User> {
  if (!/^[a-z0-9._@-]{2,64}$/i.test(user.username))
    throw new AppError(
      'INVALID_ARGUMENT',
      `användarnamnet "${user.username}" får bara ha bokstäver a–z, siffror och . _ @ -`,
    );
  const problem = passwordProblem(user.password);
  if (problem) throw new AppError('INVALID_ARGUMENT', problem);
  if ((await countUsers(db)) === 0 && user.role !== 'controller')
    throw new AppError(
      'INVALID_ARGUMENT',
      'den första användaren ska vara ekonom/controller (administratör)',
    );
  if (
    await db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', user.username)
      .executeTakeFirst()
  ) {
    throw new AppError('INVALID_ARGUMENT', `användarnamnet "${user.username}" finns redan`);
  }
  if (user.role === 'verksamhetschef' || user.role === 'enhetschef') {
    const units = await findOrgUnits(db);
    const unknown = user.scope.filter((code) => !units.has(code));
    if (user.scope.length === 0)
      throw new AppError(
        'INVALID_ARGUMENT',
        `en ${user.role} behöver ett område: ange de delar av organisationen hen ser`,
      );
    if (unknown.length > 0)
      throw new AppError('INVALID_ARGUMENT', `okänd del av organisationen: ${unknown.join(', ')}`);
  }
  const row = await db
    .insertInto('app_user')
    .values({
      username: user.username,
      display_name: user.displayName,
      password_hash: await hashPassword(user.password),
      role: user.role,
      oidc_subject: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const scope =
    user.role === 'verksamhetschef' || user.role === 'enhetschef' ? [...new Set(user.scope)] : [];
  if (scope.length > 0)
    await db
      .insertInto('user_scope')
      .values(scope.map((org_code) => ({ user_id: row.id, org_code })))
      .execute();
  const created = await loadUser(db, row.id);
  if (!created) throw new AppError('NOT_FOUND', 'the user just created is gone');
  await writeAudit(db, {
    actor,
    action: 'user.create',
    target: `user:${created.username}`,
    after: { role: created.role, scope: created.scope },
  });
  return created;
}

export async function listUsers(db: Kysely<Database>): Promise<User[]> {
  const rows = await db.selectFrom('app_user').select('id').orderBy('username').execute();
  const users = await Promise.all(rows.map((r) => loadUser(db, r.id)));
  return users.filter((u): u is User => u !== undefined);
}

export interface Session {
  token: string;
  csrfToken: string;
  user: User;
}

/** Signs in with a password. The same answer for an unknown user and a wrong password. */
export async function signIn(
  db: Kysely<Database>,
  username: string,
  password: string,
  now = new Date(),
): Promise<Session> {
  const row = await db
    .selectFrom('app_user')
    .select(['id', 'password_hash'])
    .where('username', '=', username)
    .executeTakeFirst();
  const ok = row?.password_hash ? await verifyPassword(password, row.password_hash) : false;
  const user = ok && row ? await loadUser(db, row.id) : undefined;
  if (!user) throw new AppError('UNAUTHENTICATED', 'fel användarnamn eller lösenord');
  return createSession(db, user, now);
}

/** A new session for a user who has proven who they are (password or OpenID Connect). */
export async function createSession(
  db: Kysely<Database>,
  user: User,
  now = new Date(),
): Promise<Session> {
  const token = newToken();
  const csrfToken = newToken();
  await db.deleteFrom('session').where('expires_at', '<', now).execute();
  await db
    .insertInto('session')
    .values({
      token_hash: tokenHash(token),
      user_id: user.id,
      csrf_token: csrfToken,
      expires_at: new Date(now.getTime() + SESSION_HOURS * 3_600_000),
    })
    .execute();
  return { token, csrfToken, user };
}

export async function sessionUser(
  db: Kysely<Database>,
  token: string,
  now = new Date(),
): Promise<{ user: User; csrfToken: string } | undefined> {
  const row = await db
    .selectFrom('session')
    .selectAll()
    .where('token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row || row.expires_at < now) return undefined;
  const user = await loadUser(db, row.user_id);
  return user ? { user, csrfToken: row.csrf_token } : undefined;
}

export async function signOut(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('session').where('token_hash', '=', tokenHash(token)).execute();
}

/** The ansvar a user may see: those in the subtrees of their scope; undefined = everything. */
export async function visibleAnsvar(
  db: Kysely<Database>,
  user: User,
): Promise<Set<string> | undefined> {
  if (seesEverything(user.role)) return undefined;
  const units = await findOrgUnits(db);
  const visible = new Set<string>();
  for (const unit of units.values()) {
    if (unit.level !== 'ansvar') continue;
    let current: string | null = unit.code;
    const seen = new Set<string>();
    while (current !== null && !seen.has(current)) {
      if (user.scope.includes(current)) {
        visible.add(unit.code);
        break;
      }
      seen.add(current);
      current = units.get(current)?.parent ?? null;
    }
  }
  return visible;
}
