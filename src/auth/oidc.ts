import { AppError } from '../shared/app-error.ts';
import { isRole, ROLES, type Role } from './auth.ts';

/** OpenID Connect sign-in settings (from the environment; see docs/oidc.md). */
export interface OidcConfig {
  /** The provider's issuer identifier: https://login.kommun.se/realms/kommun */
  issuer: string;
  clientId: string;
  /** Absent for a public client, which proves itself with PKCE only. */
  clientSecret?: string;
  /** Where the provider sends the user back: https://balans.example/api/auth/oidc/callback */
  redirectUri: string;
  /** Scopes asked for; always includes "openid". */
  scopes: string;
  /** The claim that carries roles or groups: "roles", "groups" or a path like "realm_access.roles". */
  roleClaim: string;
  /** Claim value → Balans role. */
  roleMap: Record<string, Role>;
  /** The claim that carries the org codes a verksamhetschef or enhetschef sees; absent: assigned in Balans. */
  scopeClaim?: string;
  /** The text of the sign-in button. */
  label: string;
}

export const DEFAULT_OIDC_LABEL = 'Logga in med kommunens konto';
const DEFAULT_SCOPES = 'openid profile email';
const CALLBACK_PATH = '/api/auth/oidc/callback';
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function invalid(message: string): AppError {
  return new AppError('INVALID_ARGUMENT', message);
}

function setting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = setting(env, name);
  if (value === undefined)
    throw invalid(
      `${name} saknas: OpenID Connect är påslaget (BALANS_OIDC_ISSUER) och behöver den`,
    );
  return value;
}

function webUrl(name: string, value: string): URL {
  const url = URL.parse(value);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    throw invalid(`${name} ska vara en webbadress (https://…), inte "${value}"`);
  // Plain http only on this machine (a test or a trial); anything else leaks codes and tokens.
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname))
    throw invalid(`${name} ska börja med https:// (http går bara mot localhost), inte "${value}"`);
  return url;
}

/**
 * "balans-ekonom=controller,balans-fc=forvaltningschef". Values that hold commas themselves (LDAP
 * names such as "cn=ekonom,ou=grupper") are separated by semicolons or new lines instead; each
 * pair is split at its last "=".
 */
export function parseRoleMap(text: string, name = 'BALANS_OIDC_ROLES'): Record<string, Role> {
  const map: Record<string, Role> = {};
  const separator = /[;\n]/.test(text) ? /[;\n]/ : /,/;
  for (const raw of text.split(separator)) {
    const pair = raw.trim();
    if (pair === '') continue;
    const at = pair.lastIndexOf('=');
    const value = pair.slice(0, at).trim();
    const role = pair.slice(at + 1).trim();
    if (at <= 0 || value === '')
      throw invalid(
        `${name}: "${pair}" ska skrivas värde=roll, till exempel balans-ekonom=controller`,
      );
    if (!isRole(role))
      throw invalid(`${name}: okänd roll "${role}" för "${value}"; roller: ${ROLES.join(', ')}`);
    map[value] = role;
  }
  return map;
}

/** The settings from BALANS_OIDC_*; undefined when BALANS_OIDC_ISSUER is not set (OIDC is off). */
export function oidcConfigFromEnv(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  const issuer = setting(env, 'BALANS_OIDC_ISSUER');
  if (issuer === undefined) return undefined;
  webUrl('BALANS_OIDC_ISSUER', issuer);
  const clientId = required(env, 'BALANS_OIDC_CLIENT_ID');
  const redirectUri = required(env, 'BALANS_OIDC_REDIRECT_URI');
  const redirect = webUrl('BALANS_OIDC_REDIRECT_URI', redirectUri);
  if (!redirect.pathname.endsWith(CALLBACK_PATH) || redirect.search || redirect.hash)
    throw invalid(
      `BALANS_OIDC_REDIRECT_URI ska sluta på ${CALLBACK_PATH}, till exempel https://balans.kommun.se${CALLBACK_PATH}, inte "${redirectUri}"`,
    );
  const clientSecret = setting(env, 'BALANS_OIDC_CLIENT_SECRET');
  const scopes = (setting(env, 'BALANS_OIDC_SCOPES') ?? DEFAULT_SCOPES).split(/\s+/);
  const scopeClaim = setting(env, 'BALANS_OIDC_SCOPE_CLAIM');
  return {
    issuer,
    clientId,
    ...(clientSecret === undefined ? {} : { clientSecret }),
    redirectUri,
    scopes: [...new Set(['openid', ...scopes])].join(' '),
    roleClaim: setting(env, 'BALANS_OIDC_ROLE_CLAIM') ?? 'roles',
    roleMap: parseRoleMap(setting(env, 'BALANS_OIDC_ROLES') ?? ''),
    ...(scopeClaim === undefined ? {} : { scopeClaim }),
    label: setting(env, 'BALANS_OIDC_LABEL') ?? DEFAULT_OIDC_LABEL,
  };
}

export type Claims = Record<string, unknown>;

/**
 * A claim's values as text: "a" → ["a"], ["a", "b"] → ["a", "b"]. A name with dots is first looked
 * up as it is (namespaced claims such as "https://kommun.se/roles"), then as a path into nested
 * objects ("realm_access.roles").
 */
export function claimValues(claims: Claims, name: string): string[] {
  let value: unknown = claims[name];
  if (value === undefined && name.includes('.')) {
    value = claims;
    for (const part of name.split('.')) {
      value =
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? (value as Claims)[part]
          : undefined;
    }
  }
  const values = Array.isArray(value) ? (value as unknown[]) : [value];
  return values.filter((v): v is string => typeof v === 'string' && v !== '');
}

/** The role the claims give, or undefined; of several, the one that sees the most (ROLES order). */
export function roleFromClaims(config: OidcConfig, claims: Claims): Role | undefined {
  const roles = claimValues(claims, config.roleClaim)
    .map((value) => (Object.hasOwn(config.roleMap, value) ? config.roleMap[value] : undefined))
    .filter((role): role is Role => role !== undefined);
  return ROLES.find((role) => roles.includes(role));
}

/** The org codes the claims give; undefined when no scope claim is configured. */
export function scopeFromClaims(config: OidcConfig, claims: Claims): string[] | undefined {
  if (config.scopeClaim === undefined) return undefined;
  return [...new Set(claimValues(claims, config.scopeClaim).map((code) => code.trim()))]
    .filter((code) => code !== '')
    .sort();
}

/** Managers see only part of the organisation and need a scope; the others see what their role sees. */
export function needsScope(role: Role): boolean {
  return role === 'verksamhetschef' || role === 'enhetschef';
}

/** "https://login.kommun.se" + "8f2c…" → "https://login.kommun.se|8f2c…": two providers never collide. */
export function oidcSubject(issuer: string, sub: string): string {
  return `${issuer}|${sub}`;
}

/**
 * A username for a new user: preferred_username, else email, else sub, in the characters Balans
 * allows (a–z 0–9 . _ @ -): "Åsa Öberg" → "asa-oberg". The caller makes it unique.
 */
export function usernameFromClaims(claims: Claims): string {
  const candidates = [claims['preferred_username'], claims['email'], claims['sub']];
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue;
    const name = candidate
      .normalize('NFD')
      .replace(/\p{Mn}/gu, '')
      .toLowerCase()
      .replace(/\s+/g, '-')
      .replace(/[^a-z0-9._@-]/g, '')
      .slice(0, 56);
    if (name.length >= 2) return name;
  }
  return 'oidc-user';
}

/** The name shown in Balans: name, else given and family name, else the username. */
export function displayNameFromClaims(claims: Claims, username: string): string {
  const name = claims['name'];
  if (typeof name === 'string' && name.trim() !== '') return name.trim().slice(0, 200);
  const parts = [claims['given_name'], claims['family_name']].filter(
    (part): part is string => typeof part === 'string' && part.trim() !== '',
  );
  return parts.length > 0 ? parts.join(' ').slice(0, 200) : username;
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Where to go after signing in: a path on this site ("/rapporter"), never another site ("//x", "/\x"). */
export function safeReturnTo(text: string | undefined): string {
  if (
    text === undefined ||
    text.length > 1000 ||
    !text.startsWith('/') ||
    text.startsWith('//') ||
    text.includes('\\') ||
    hasControlCharacter(text)
  )
    return '/';
  return text;
}
