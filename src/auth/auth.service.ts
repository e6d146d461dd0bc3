import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { findOrgUnits } from '../organisation/organisation.service.ts';
import { AppError } from '../shared/app-error.ts';
import { writeAudit } from '../audit/audit.service.ts';
import { currentVersions } from '../db/data-version.ts';
import {
  dummyPasswordHash,
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

export interface SignInAttempt {
  username: string;
  password: string;
  /** Where the attempt came from, for the audit log of failures. */
  address?: string;
  now?: Date;
}

/**
 * Signs in with a password. The same answer, after the same work, for an unknown user and a wrong
 * password: an unknown user's password is checked against a hash nobody's matches. A failure is
 * written to the audit log (who was tried, from where, whether the user exists).
 */
export async function signIn(db: Kysely<Database>, attempt: SignInAttempt): Promise<Session> {
  const row = await db
    .selectFrom('app_user')
    .select(['id', 'password_hash'])
    .where('username', '=', attempt.username)
    .executeTakeFirst();
  const ok = await verifyPassword(
    attempt.password,
    row?.password_hash ?? (await dummyPasswordHash()),
  );
  const user = ok && row ? await loadUser(db, row.id) : undefined;
  if (!user) {
    await writeAudit(db, {
      actor: attempt.address === undefined ? 'anonym' : `anonym@${attempt.address}`,
      action: 'auth.login.failed',
      target: `user:${attempt.username}`,
      after: {
        reason: !row ? 'unknown-user' : row.password_hash ? 'wrong-password' : 'no-password',
        ...(attempt.address === undefined ? {} : { address: attempt.address }),
      },
    });
    throw new AppError('UNAUTHENTICATED', 'fel användarnamn eller lösenord');
  }
  return createSession(db, user, attempt.now);
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

interface FoundSession {
  user: User;
  csrfToken: string;
  expiresAt: Date;
}

async function findSession(db: Kysely<Database>, hash: string): Promise<FoundSession | undefined> {
  const row = await db
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .select([
      'session.csrf_token',
      'session.expires_at',
      'app_user.id',
      'app_user.username',
      'app_user.display_name',
      'app_user.role',
      sql<string[] | null>`(select array_agg(s.org_code order by s.org_code)
        from user_scope s where s.user_id = app_user.id)`.as('scope'),
    ])
    .where('session.token_hash', '=', hash)
    .executeTakeFirst();
  if (!row || !isRole(row.role)) return undefined;
  return {
    user: {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      scope: row.scope ?? [],
    },
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
  };
}

/**
 * What every request looks up, remembered per database handle for as long as the data versions
 * stand (src/db/data-version.ts): sessions (by token hash) until users, scopes or sessions change,
 * and the ansvar of a scope until the figures (the organisation among them) change.
 */
interface Remembered<T> {
  version: bigint;
  entries: Map<string, T>;
}

/** Entries kept per handle; the least recently used go first. */
const MAX_REMEMBERED = 10_000;

const sessionsByHandle = new WeakMap<Kysely<Database>, Remembered<FoundSession>>();
const visibleByHandle = new WeakMap<Kysely<Database>, Remembered<string[]>>();

async function remembered<T>(
  memo: WeakMap<Kysely<Database>, Remembered<T>>,
  db: Kysely<Database>,
  version: bigint | undefined,
  key: string,
  find: () => Promise<T | undefined>,
): Promise<T | undefined> {
  if (version === undefined) return find();
  let held = memo.get(db);
  if (held === undefined || held.version < version) {
    held = { version, entries: new Map() };
    memo.set(db, held);
  } else if (held.version > version) {
    // A request that read the version before a commit others have seen: not from memory.
    return find();
  }
  const entries = held.entries;
  const hit = entries.get(key);
  if (hit !== undefined) {
    entries.delete(key);
    entries.set(key, hit);
    return hit;
  }
  const found = await find();
  // Only what was found is kept: unknown tokens never fill the memory.
  if (found !== undefined) {
    entries.set(key, found);
    if (entries.size > MAX_REMEMBERED) {
      const oldest = entries.keys().next();
      if (oldest.done !== true) entries.delete(oldest.value);
    }
  }
  return found;
}

/**
 * The signed-in user of a session token. It runs on every request: the session, its user and
 * the user's scope are one query, remembered until a user, a scope or a session changes (every
 * sign-in, sign-out and user change bumps the access version); expiry is checked every time.
 */
export async function sessionUser(
  db: Kysely<Database>,
  token: string,
  now = new Date(),
): Promise<{ user: User; csrfToken: string } | undefined> {
  const hash = tokenHash(token);
  const versions = await currentVersions(db);
  const found = await remembered(sessionsByHandle, db, versions?.access, hash, () =>
    findSession(db, hash),
  );
  if (!found || found.expiresAt < now) return undefined;
  // A copy: what is remembered is never handed out to be changed.
  return { user: { ...found.user, scope: [...found.user.scope] }, csrfToken: found.csrfToken };
}

export async function signOut(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('session').where('token_hash', '=', tokenHash(token)).execute();
}

/**
 * The ansvar a user may see: those in the subtrees of their scope; undefined = everything. It
 * runs on every request of a manager: one query (`union` visits each unit once, so a cycle ends),
 * remembered per scope until the figures — the organisation among them — change.
 */
export async function visibleAnsvar(
  db: Kysely<Database>,
  user: User,
): Promise<Set<string> | undefined> {
  if (seesEverything(user.role)) return undefined;
  if (user.scope.length === 0) return new Set();
  const scope = [...user.scope].sort();
  const versions = await currentVersions(db);
  const codes = await remembered(
    visibleByHandle,
    db,
    versions?.figures,
    scope.join('\u0001'),
    async () => {
      const result = await sql<{ code: string }>`
      with recursive below(code) as (
        select code from org_unit where code = any(${scope}::text[])
        union
        select u.code from org_unit u join below b on u.parent_code = b.code
      )
      select o.code from org_unit o join below b on b.code = o.code where o.level = 'ansvar'`.execute(
        db,
      );
      return result.rows.map((r) => r.code);
    },
  );
  return new Set(codes);
}
