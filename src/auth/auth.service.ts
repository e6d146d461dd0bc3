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

function isScoped(role: Role): boolean {
  return role === 'verksamhetschef' || role === 'enhetschef';
}

/** The scope a role keeps: managers need one, of codes in the organisation; others see everything (or nothing). */
async function checkedScope(
  db: Kysely<Database>,
  role: Role,
  scope: readonly string[],
): Promise<string[]> {
  if (!isScoped(role)) return [];
  if (scope.length === 0)
    throw new AppError(
      'INVALID_ARGUMENT',
      `en ${role} behöver ett område: ange de delar av organisationen hen ser`,
    );
  const units = await findOrgUnits(db);
  const unknown = scope.filter((code) => !units.has(code));
  if (unknown.length > 0)
    throw new AppError('INVALID_ARGUMENT', `okänd del av organisationen: ${unknown.join(', ')}`);
  return [...new Set(scope)].sort();
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
  const scope = await checkedScope(db, user.role, user.scope);
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

/** A user as the administration page shows it: with the version an edit must send back. */
export interface UserRecord extends User {
  version: number;
  /** Signs in with OpenID Connect. */
  oidc: boolean;
}

async function userRecords(db: Kysely<Database>, id?: number): Promise<UserRecord[]> {
  let query = db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'role', 'version', 'oidc_subject'])
    .orderBy('username');
  if (id !== undefined) query = query.where('id', '=', id);
  const rows = await query.execute();
  let scopes = db.selectFrom('user_scope').select(['user_id', 'org_code']).orderBy('org_code');
  if (id !== undefined) scopes = scopes.where('user_id', '=', id);
  const scopeOf = new Map<number, string[]>();
  for (const s of await scopes.execute())
    scopeOf.set(s.user_id, [...(scopeOf.get(s.user_id) ?? []), s.org_code]);
  return rows.flatMap((r) =>
    isRole(r.role)
      ? [
          {
            id: r.id,
            username: r.username,
            displayName: r.display_name,
            role: r.role,
            scope: scopeOf.get(r.id) ?? [],
            version: r.version,
            oidc: r.oidc_subject !== null,
          },
        ]
      : [],
  );
}

export async function listUsers(db: Kysely<Database>): Promise<UserRecord[]> {
  return userRecords(db);
}

export async function findUserRecord(
  db: Kysely<Database>,
  id: number,
): Promise<UserRecord | undefined> {
  return (await userRecords(db, id))[0];
}

async function heldUser(db: Kysely<Database>, id: number): Promise<UserRecord> {
  const user = await findUserRecord(db, id);
  if (!user) throw new AppError('NOT_FOUND', `ingen användare har id ${id}`);
  return user;
}

function changedElsewhere(username: string): AppError {
  return new AppError(
    'CONFLICT',
    `användaren ${username} är ändrad av någon annan sedan du läste den: läs in igen`,
  );
}

async function countControllers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('role', '=', 'controller')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function auditView(user: UserRecord) {
  return {
    displayName: user.displayName,
    role: user.role,
    scope: user.scope,
    version: user.version,
  };
}

export interface UserChanges {
  displayName?: string;
  role?: Role;
  scope?: string[];
  password?: string;
  /** The version read; a user changed since is refused (CONFLICT). */
  version: number;
}

/**
 * Changes a user, if nobody changed them since `version` was read. A new password or role ends
 * the user's sessions, except the one given in `keepSession` (a user changing their own password
 * stays signed in there). The last controller keeps the role.
 */
export async function updateUser(
  db: Kysely<Database>,
  actor: string,
  id: number,
  changes: UserChanges,
  keepSession?: string,
): Promise<UserRecord> {
  const before = await heldUser(db, id);
  if (before.version !== changes.version) throw changedElsewhere(before.username);
  const role = changes.role ?? before.role;
  if (before.role === 'controller' && role !== 'controller' && (await countControllers(db)) === 1)
    throw new AppError(
      'INVALID_ARGUMENT',
      `${before.username} är den enda ekonom/controller (administratör): ge någon annan den rollen först`,
    );
  const displayName = (changes.displayName ?? before.displayName).trim();
  if (displayName === '') throw new AppError('INVALID_ARGUMENT', 'namnet saknas');
  const scope = await checkedScope(db, role, changes.scope ?? before.scope);
  if (changes.password !== undefined) {
    const problem = passwordProblem(changes.password);
    if (problem) throw new AppError('INVALID_ARGUMENT', problem);
  }
  const updated = await db
    .updateTable('app_user')
    .set((eb) => ({
      display_name: displayName,
      role,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', changes.version)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) throw changedElsewhere(before.username);
  if (changes.password !== undefined)
    await db
      .updateTable('app_user')
      .set({ password_hash: await hashPassword(changes.password) })
      .where('id', '=', id)
      .execute();
  if (scope.join('\u0001') !== before.scope.join('\u0001')) {
    await db.deleteFrom('user_scope').where('user_id', '=', id).execute();
    if (scope.length > 0)
      await db
        .insertInto('user_scope')
        .values(scope.map((org_code) => ({ user_id: id, org_code })))
        .execute();
  }
  if (changes.password !== undefined || role !== before.role) {
    let sessions = db.deleteFrom('session').where('user_id', '=', id);
    if (keepSession !== undefined)
      sessions = sessions.where('token_hash', '<>', tokenHash(keepSession));
    await sessions.execute();
  }
  const after = await heldUser(db, id);
  await writeAudit(db, {
    actor,
    action: 'user.update',
    target: `user:${before.username}`,
    before: auditView(before),
    after: {
      ...auditView(after),
      ...(changes.password === undefined ? {} : { passwordChanged: true }),
    },
  });
  return after;
}

/** Deletes a user (and their sessions), never oneself and never the last controller. */
export async function deleteUser(
  db: Kysely<Database>,
  actor: { id: number; username: string },
  id: number,
  version: number,
): Promise<void> {
  const before = await heldUser(db, id);
  if (before.id === actor.id)
    throw new AppError(
      'INVALID_ARGUMENT',
      'du kan inte ta bort dig själv: be en annan ekonom/controller',
    );
  if (before.version !== version) throw changedElsewhere(before.username);
  if (before.role === 'controller' && (await countControllers(db)) === 1)
    throw new AppError(
      'INVALID_ARGUMENT',
      `${before.username} är den enda ekonom/controller (administratör) och kan inte tas bort`,
    );
  const deleted = await db
    .deleteFrom('app_user')
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (deleted.numDeletedRows === 0n) throw changedElsewhere(before.username);
  await writeAudit(db, {
    actor: actor.username,
    action: 'user.delete',
    target: `user:${before.username}`,
    before: auditView(before),
  });
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
