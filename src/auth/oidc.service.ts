import type { Kysely } from 'kysely';
import * as client from 'openid-client';
import { writeAudit } from '../audit/audit.service.ts';
import type { BalansDb } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { findOrgUnits } from '../organisation/organisation.service.ts';
import { AppError } from '../shared/app-error.ts';
import type { Role } from './auth.ts';
import { countUsers, createSession, loadUser, type Session, type User } from './auth.service.ts';
import {
  claimValues,
  displayNameFromClaims,
  needsScope,
  oidcSubject,
  roleFromClaims,
  safeReturnTo,
  scopeFromClaims,
  usernameFromClaims,
  type Claims,
  type OidcConfig,
} from './oidc.ts';

/** How long a sign-in begun at the provider may take before the browser comes back. */
export const OIDC_LOGIN_SECONDS = 10 * 60;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

const ROLE_NAMES: Record<Role, string> = {
  controller: 'ekonom/controller',
  forvaltningschef: 'förvaltningschef',
  verksamhetschef: 'verksamhetschef',
  enhetschef: 'enhetschef',
  namnd: 'nämndledamot',
};

/** A sign-in that did not succeed; the message is for the person signing in. */
function refused(message: string, cause?: unknown): AppError {
  return new AppError('UNAUTHENTICATED', message, cause === undefined ? {} : { cause });
}

// The provider's metadata, discovered once per process and settings (a failure is tried again).
const configurations = new Map<string, Promise<client.Configuration>>();

async function discover(config: OidcConfig): Promise<client.Configuration> {
  const issuer = new URL(config.issuer);
  // Plain http is allowed only on this machine (oidcConfigFromEnv refuses it elsewhere).
  const insecure = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);
  try {
    return await client.discovery(
      issuer,
      config.clientId,
      config.clientSecret,
      // client_secret_basic is the default of the standard (RFC 7591) and of every common provider.
      config.clientSecret === undefined
        ? client.None()
        : client.ClientSecretBasic(config.clientSecret),
      {
        timeout: 10,
        // eslint-disable-next-line @typescript-eslint/no-deprecated -- http only to a provider on this machine (tests, trials)
        ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
      },
    );
  } catch (error) {
    throw refused(
      `Kommunens inloggningstjänst (${config.issuer}) svarar inte som den ska: försök igen om en stund, eller be IT kontrollera BALANS_OIDC_ISSUER`,
      error,
    );
  }
}

/** The openid-client configuration for these settings, discovered on first use. */
export function clientConfiguration(config: OidcConfig): Promise<client.Configuration> {
  const key = JSON.stringify([config.issuer, config.clientId, config.clientSecret ?? null]);
  let found = configurations.get(key);
  if (!found) {
    found = discover(config);
    configurations.set(key, found);
    found.catch(() => configurations.delete(key));
  }
  return found;
}

export interface OidcStart {
  /** Where to send the browser: the provider's authorization endpoint with this sign-in's parameters. */
  authorizationUrl: string;
  /** Goes into the browser's cookie; the callback must bring the same value back. */
  state: string;
}

/**
 * Begins a sign-in: PKCE (S256), state and nonce, kept in the database (so that any of several
 * servers can finish it) for 10 minutes. `returnTo` is kept only when it is a path on this site.
 */
export async function startOidcLogin(
  db: Kysely<Database>,
  config: OidcConfig,
  returnTo: string | undefined,
  now = new Date(),
): Promise<OidcStart> {
  const configuration = await clientConfiguration(config);
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  await db.deleteFrom('oidc_login').where('expires_at', '<', now).execute();
  await db
    .insertInto('oidc_login')
    .values({
      state,
      code_verifier: codeVerifier,
      nonce,
      return_to: safeReturnTo(returnTo),
      expires_at: new Date(now.getTime() + OIDC_LOGIN_SECONDS * 1000),
    })
    .execute();
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: config.redirectUri,
    scope: config.scopes,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  return { authorizationUrl: url.href, state };
}

export interface OidcCallback {
  /** The callback's query: code, state, iss (or error and error_description). */
  query: URLSearchParams;
  /** The state in the browser's cookie; undefined when the cookie is missing. */
  cookieState: string | undefined;
}

/**
 * Finishes a sign-in: the browser's cookie must match the state, the pending sign-in is used up
 * (whatever happens next), the code is exchanged with PKCE and the ID token checked (issuer,
 * audience, signature, nonce), and the person becomes a Balans user with a new session.
 */
export async function finishOidcLogin(
  handle: BalansDb,
  config: OidcConfig,
  callback: OidcCallback,
  now = new Date(),
): Promise<{ session: Session; returnTo: string }> {
  const { query, cookieState } = callback;
  const state = query.get('state');
  if (!state || !cookieState || state !== cookieState)
    throw refused(
      'Inloggningen hör inte till den här webbläsaren (eller cookies är avstängda): börja om',
    );
  const pending = await handle.db
    .deleteFrom('oidc_login')
    .where('state', '=', state)
    .returningAll()
    .executeTakeFirst();
  if (!pending || pending.expires_at < now)
    throw refused('Inloggningen har gått ut eller är redan använd: börja om');
  const providerError = query.get('error');
  if (providerError) {
    const description = query.get('error_description')?.slice(0, 200);
    throw refused(
      `Kommunens inloggningstjänst avbröt inloggningen (${providerError.slice(0, 60)}${
        description ? `: ${description}` : ''
      })`,
    );
  }

  const configuration = await clientConfiguration(config);
  // The redirect URI as registered, whatever address a proxy in front gave this request.
  const current = new URL(config.redirectUri);
  current.search = query.toString();
  let claims: Claims;
  try {
    const tokens = await client.authorizationCodeGrant(configuration, current, {
      pkceCodeVerifier: pending.code_verifier,
      expectedState: state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims();
    if (!idToken) throw new Error('no ID token');
    // What the ID token says wins over the UserInfo response.
    claims = {
      ...(await userInfo(configuration, config, tokens.access_token, idToken)),
      ...idToken,
    };
  } catch (error) {
    throw refused(
      'Kommunens inloggningstjänst gav inget giltigt svar, så inloggningen avbröts: börja om',
      error,
    );
  }

  const session = await handle.transaction(async (tx) => {
    const user = await oidcUser(tx.db, config, claims);
    return createSession(tx.db, user, now);
  });
  return { session, returnTo: safeReturnTo(pending.return_to) };
}

/**
 * Providers that follow the standard strictly put profile claims and groups in the UserInfo
 * response only, not in the ID token: those the ID token lacks are asked for there.
 */
async function userInfo(
  configuration: client.Configuration,
  config: OidcConfig,
  accessToken: string,
  idToken: Claims,
): Promise<Claims> {
  const lacking = (name: string | undefined) =>
    name !== undefined && claimValues(idToken, name).length === 0;
  const missing = [config.roleClaim, config.scopeClaim, 'name', 'preferred_username'].some(lacking);
  if (!missing || !configuration.serverMetadata().userinfo_endpoint) return {};
  const sub = idToken['sub'];
  if (typeof sub !== 'string') return {};
  return { ...(await client.fetchUserInfo(configuration, accessToken, sub)) };
}

async function scopeRows(db: Kysely<Database>, userId: number, scope: readonly string[]) {
  await db.deleteFrom('user_scope').where('user_id', '=', userId).execute();
  if (scope.length > 0)
    await db
      .insertInto('user_scope')
      .values(scope.map((org_code) => ({ user_id: userId, org_code })))
      .execute();
}

async function uniqueUsername(db: Kysely<Database>, base: string): Promise<string> {
  for (let n = 1; n < 1000; n += 1) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    const taken = await db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', candidate)
      .executeTakeFirst();
    if (!taken) return candidate;
  }
  throw refused(`Användarnamnet ${base} finns redan för många gånger: be ekonomen lägga upp dig`);
}

/**
 * Whether exactly one user is controller. The controllers' rows are locked until the transaction
 * ends, so that two sign-ins demoting the last two controllers at once cannot both go through.
 */
async function isLastController(db: Kysely<Database>): Promise<boolean> {
  const controllers = await db
    .selectFrom('app_user')
    .select('id')
    .where('role', '=', 'controller')
    .forUpdate()
    .execute();
  return controllers.length <= 1;
}

function sameScope(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().every((code, i) => code === [...b].sort()[i]);
}

/**
 * The Balans user of the signed-in person, found by `issuer|sub`. The role comes from the role
 * claim when a value maps to a role (the stored role follows it), otherwise it is the role
 * assigned in Balans; so is a manager's scope (the scope claim, else the scope in Balans). A
 * person with neither is refused. New users are created; every change is audited.
 */
export async function oidcUser(
  db: Kysely<Database>,
  config: OidcConfig,
  claims: Claims,
): Promise<User> {
  const sub = claims['sub'];
  if (typeof sub !== 'string' || sub === '')
    throw refused('Kommunens inloggningstjänst skickade ingen identitet (sub)');
  const subject = oidcSubject(config.issuer, sub);
  const actor = `oidc:${new URL(config.issuer).host}`;
  const row = await db
    .selectFrom('app_user')
    .select('id')
    .where('oidc_subject', '=', subject)
    .executeTakeFirst();
  const existing = row ? await loadUser(db, row.id) : undefined;

  const role = roleFromClaims(config, claims) ?? existing?.role;
  if (!role)
    throw new AppError(
      'FORBIDDEN',
      'Du har inget konto i Balans: be ekonomen (controller) lägga upp dig',
    );

  let scope: string[] = [];
  if (needsScope(role)) {
    const claimed = scopeFromClaims(config, claims) ?? [];
    if (claimed.length > 0) {
      const units = await findOrgUnits(db);
      const unknown = claimed.filter((code) => !units.has(code));
      if (unknown.length > 0)
        throw new AppError(
          'FORBIDDEN',
          `Ditt konto anger delar av organisationen som Balans inte har (${unknown.join(', ')} i ${config.scopeClaim ?? ''}): be ekonomen (controller) rätta organisationen eller kontot`,
        );
      scope = claimed;
    } else if (existing && needsScope(existing.role)) {
      scope = existing.scope;
    }
    if (scope.length === 0)
      throw new AppError(
        'FORBIDDEN',
        `Du är ${ROLE_NAMES[role]} men Balans vet inte vilka delar av organisationen du ser: be ekonomen (controller) ange det${
          config.scopeClaim ? `, eller IT att fylla i ${config.scopeClaim} i ditt konto` : ''
        }`,
      );
  }

  if (existing) {
    if (existing.role === role && sameScope(existing.scope, scope)) return existing;
    if (existing.role === 'controller' && role !== 'controller' && (await isLastController(db))) {
      // Balans without a controller cannot be administered: the role stays, and the log says why.
      await writeAudit(db, {
        actor,
        action: 'user.role-kept',
        target: `user:${existing.username}`,
        before: { role: existing.role, scope: existing.scope },
        after: {
          role: existing.role,
          scope: existing.scope,
          claimedRole: role,
          warning: `${existing.username} är den enda ekonom/controller (administratör) och behåller rollen, fast inloggningstjänsten anger ${ROLE_NAMES[role]}: ge någon annan rollen ekonom/controller först`,
        },
      });
      return existing;
    }
    await db
      .updateTable('app_user')
      .set((eb) => ({ role, version: eb('version', '+', 1) }))
      .where('id', '=', existing.id)
      .execute();
    await scopeRows(db, existing.id, scope);
    const updated = await loadUser(db, existing.id);
    if (!updated) throw new AppError('NOT_FOUND', 'the user just updated is gone');
    await writeAudit(db, {
      actor,
      action: 'user.update',
      target: `user:${existing.username}`,
      before: { role: existing.role, scope: existing.scope },
      after: { role: updated.role, scope: updated.scope },
    });
    return updated;
  }

  if ((await countUsers(db)) === 0 && role !== 'controller')
    throw new AppError(
      'FORBIDDEN',
      'Balans har inga användare än: den första ska vara ekonom/controller (administratör)',
    );
  const username = await uniqueUsername(db, usernameFromClaims(claims));
  const created = await db
    .insertInto('app_user')
    .values({
      username,
      display_name: displayNameFromClaims(claims, username),
      password_hash: null,
      role,
      oidc_subject: subject,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await scopeRows(db, created.id, scope);
  const user = await loadUser(db, created.id);
  if (!user) throw new AppError('NOT_FOUND', 'the user just created is gone');
  await writeAudit(db, {
    actor,
    action: 'user.create',
    target: `user:${user.username}`,
    after: { role: user.role, scope: user.scope, displayName: user.displayName, oidc: subject },
  });
  return user;
}
