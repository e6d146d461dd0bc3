import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useDemoDatabase } from '../../test/demo-db.ts';
import { ENGINES } from '../../test/test-db.ts';
import { createUser } from '../auth/auth.service.ts';
import { oidcConfigFromEnv, type OidcConfig } from '../auth/oidc.ts';
import { createApp } from './app.ts';

// oidc-provider ships no type declarations: the little of its API this test uses.
interface KoaContext {
  path: string;
  query: Record<string, string | string[] | undefined>;
  req: IncomingMessage;
  res: ServerResponse;
  respond: boolean;
}
interface Interaction {
  prompt: { name: string; details: { missingOIDCScope?: string[]; missingOIDCClaims?: string[] } };
  params: { client_id: string };
  session?: { accountId: string };
}
interface Grant {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  save(): Promise<string>;
}
interface Provider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: object,
    options: { mergeWithLastSubmission: boolean },
  ): Promise<void>;
  Grant: new (init: { accountId: string; clientId: string }) => Grant;
}
interface ProviderModule {
  Provider: new (issuer: string, configuration: object) => Provider;
}

const REDIRECT_URI = 'http://localhost:8080/api/auth/oidc/callback';
const BALANS = 'http://localhost:8080';
const ROLES =
  'balans-ekonom=controller,balans-fc=forvaltningschef,balans-vc=verksamhetschef,balans-ec=enhetschef,balans-namnd=namnd';

/** The people of the municipality's directory, as the provider knows them (roles may change). */
function directory(): Record<string, Record<string, unknown>> {
  return {
    'k-1001': {
      name: 'Anna Andersson',
      preferred_username: 'anna',
      roles: ['alla-anstallda', 'balans-ekonom'],
    },
    'k-1002': {
      name: 'Åsa Öberg',
      preferred_username: 'Åsa Öberg',
      roles: ['balans-ec'],
      org_units: ['IFO'],
    },
    'k-1003': { name: 'Olle Okänd', preferred_username: 'olle', roles: ['alla-anstallda'] },
    'k-1004': {
      name: 'Bo Byter',
      preferred_username: 'bo.byter',
      roles: ['balans-vc'],
      org_units: ['VOO'],
    },
    'k-1005': { name: 'Nils Nämnd', email: 'nils@kommun.se', roles: 'balans-namnd' },
    'k-1006': { name: 'Ulla Utanför', roles: ['balans-ec'], org_units: ['XYZ'] },
  };
}

/** The provider's storage: in memory, for one test run (its own warns that it is for development). */
function memoryAdapter(name: string) {
  const items = new Map<string, Record<string, unknown>>();
  const where = (key: string, value: unknown) =>
    [...items.values()].find((item) => item[key] === value);
  return {
    upsert(id: string, payload: Record<string, unknown>) {
      items.set(`${name}:${id}`, payload);
      return Promise.resolve();
    },
    find: (id: string) => Promise.resolve(items.get(`${name}:${id}`)),
    findByUid: (uid: string) => Promise.resolve(where('uid', uid)),
    findByUserCode: (userCode: string) => Promise.resolve(where('userCode', userCode)),
    consume(id: string) {
      const item = items.get(`${name}:${id}`);
      if (item) item['consumed'] = Math.floor(Date.now() / 1000);
      return Promise.resolve();
    },
    destroy(id: string) {
      items.delete(`${name}:${id}`);
      return Promise.resolve();
    },
    revokeByGrantId(grantId: string) {
      for (const [key, item] of items) if (item['grantId'] === grantId) items.delete(key);
      return Promise.resolve();
    },
  };
}

/** A real OpenID Connect provider on loopback, with a confidential and a public (PKCE) client. */
async function startProvider(
  accounts: Record<string, Record<string, unknown>>,
): Promise<{ issuer: string; server: Server }> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = createServer((req, res) => {
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Not a literal, so that TypeScript does not look for the declarations the package lacks.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- see the line above
  const { Provider } = (await import('oidc-provider' as string)) as ProviderModule;
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    format: 'jwk',
  });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'balans',
        client_secret: 'balans-hemlighet-for-test',
        redirect_uris: [REDIRECT_URI],
      },
      {
        client_id: 'balans-public',
        token_endpoint_auth_method: 'none',
        redirect_uris: [REDIRECT_URI],
      },
    ],
    jwks: { keys: [{ ...key, kid: 'test', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: ['cookie-key-for-the-test-provider'] },
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email'],
      balans: ['roles', 'org_units'],
    },
    adapter: memoryAdapter,
    features: { devInteractions: { enabled: false } },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
    findAccount: (_ctx: unknown, sub: string) =>
      accounts[sub] ? { accountId: sub, claims: () => ({ sub, ...accounts[sub] }) } : undefined,
  });
  // The provider's sign-in page, reduced to what a test needs: /interaction/:uid?login=<account>
  // signs that account in (login=cancel: the person gives up), and consent is given at once
  // (Balans is the municipality's own client).
  provider.use(async (ctx, next) => {
    if (!ctx.path.startsWith('/interaction/')) return next();
    ctx.respond = false;
    const interaction = await provider.interactionDetails(ctx.req, ctx.res);
    const { name, details } = interaction.prompt;
    if (name === 'login' && ctx.query['login'] === 'cancel') {
      await provider.interactionFinished(
        ctx.req,
        ctx.res,
        { error: 'access_denied', error_description: 'End-User aborted interaction' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if (name === 'login') {
      const login = ctx.query['login'];
      await provider.interactionFinished(
        ctx.req,
        ctx.res,
        { login: { accountId: typeof login === 'string' ? login : 'nobody' } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const grant = new provider.Grant({
      accountId: interaction.session?.accountId ?? '',
      clientId: interaction.params.client_id,
    });
    if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
    if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
    await provider.interactionFinished(
      ctx.req,
      ctx.res,
      { consent: { grantId: await grant.save() } },
      { mergeWithLastSubmission: true },
    );
  });
  handler = provider.callback();
  return { issuer, server };
}

interface CookieJar {
  /** Keeps the cookies a response sets (and forgets those it clears). */
  take(response: Response): void;
  /** The Cookie header a request to this URL carries. */
  header(url: string): string;
}

/** A browser's cookies for one site, by name and path. */
function cookieJar(): CookieJar {
  const cookies = new Map<string, { name: string; value: string; path: string }>();
  return {
    take(response) {
      for (const line of response.headers.getSetCookie()) {
        const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
        const at = pair.indexOf('=');
        const name = pair.slice(0, at);
        const value = pair.slice(at + 1);
        const attribute = (key: string) =>
          attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
        const path = attribute('path') ?? '/';
        const expires = attribute('expires');
        const gone =
          value === '' ||
          attribute('max-age') === '0' ||
          (expires !== undefined && Date.parse(expires) <= Date.parse('2000-01-01'));
        if (gone) cookies.delete(`${name};${path}`);
        else cookies.set(`${name};${path}`, { name, value, path });
      }
    },
    header(url) {
      const path = new URL(url).pathname;
      return [...cookies.values()]
        .filter(
          (c) => path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`),
        )
        .map((c) => `${c.name}=${c.value}`)
        .join('; ');
    },
  };
}

type App = ReturnType<typeof createApp>;

interface Browser {
  balans: CookieJar;
  provider: CookieJar;
}

const newBrowser = (): Browser => ({ balans: cookieJar(), provider: cookieJar() });

async function atBalans(app: App, browser: Browser, url: string): Promise<Response> {
  const response = await app.request(url, { headers: { cookie: browser.balans.header(url) } });
  browser.balans.take(response);
  return response;
}

/**
 * Follows the provider's redirects as a browser does, signing in as `account` on its sign-in page,
 * until the provider sends the browser back to Balans: that callback URL.
 */
async function atProvider(browser: Browser, start: string, account: string): Promise<string> {
  let url = start;
  for (let step = 0; step < 10; step += 1) {
    if (url.startsWith(REDIRECT_URI)) return url;
    const target = new URL(url);
    if (target.pathname.startsWith('/interaction/')) target.searchParams.set('login', account);
    const response = await fetch(target, {
      redirect: 'manual',
      headers: { cookie: browser.provider.header(target.href) },
    });
    browser.provider.take(response);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location)
      throw new Error(`the provider answered ${response.status}: ${await response.text()}`);
    url = new URL(location, target).href;
  }
  throw new Error('the provider redirected too many times');
}

/** Balans → provider → Balans: the response of Balans's callback. */
async function signIn(
  app: App,
  account: string,
  options: { browser?: Browser; returnTo?: string } = {},
): Promise<Response> {
  const browser = options.browser ?? newBrowser();
  const login = await atBalans(
    app,
    browser,
    `${BALANS}/api/auth/oidc/login?returnTo=${encodeURIComponent(options.returnTo ?? '/')}`,
  );
  expect(login.status).toBe(302);
  const callback = await atProvider(browser, login.headers.get('location') ?? '', account);
  return atBalans(app, browser, callback);
}

function sessionCookie(response: Response): string {
  const line = response.headers.getSetCookie().find((l) => l.startsWith('balans_session='));
  if (!line) throw new Error(`no session cookie; went to ${response.headers.get('location')}`);
  return line.split(';')[0] ?? '';
}

function loginError(response: Response): string | null {
  const location = response.headers.get('location') ?? '';
  return new URL(location, BALANS).searchParams.get('loginError');
}

async function me(app: App, cookie: string): Promise<unknown> {
  const response = await app.request('/api/me', { headers: { cookie } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { user: unknown }).user;
}

describe.each(ENGINES)('OpenID Connect sign-in on %s', (engine) => {
  const demo = useDemoDatabase(engine);
  const accounts = directory();
  let provider: { issuer: string; server: Server } | undefined;
  let oidc: OidcConfig | undefined;
  let publicClient: OidcConfig | undefined;
  const app = () => {
    if (!oidc) throw new Error('the provider is not started');
    return createApp(demo(), { oidc });
  };

  beforeAll(async () => {
    provider = await startProvider(accounts);
    const env = {
      BALANS_OIDC_ISSUER: provider.issuer,
      BALANS_OIDC_CLIENT_ID: 'balans',
      BALANS_OIDC_CLIENT_SECRET: 'balans-hemlighet-for-test',
      BALANS_OIDC_REDIRECT_URI: REDIRECT_URI,
      BALANS_OIDC_SCOPES: 'openid profile email balans',
      BALANS_OIDC_ROLES: ROLES,
      BALANS_OIDC_SCOPE_CLAIM: 'org_units',
    };
    oidc = oidcConfigFromEnv(env);
    publicClient = oidcConfigFromEnv({
      ...env,
      BALANS_OIDC_CLIENT_ID: 'balans-public',
      BALANS_OIDC_CLIENT_SECRET: '',
    });
    // The controller who set Balans up with a password; her username is also Anna's at the provider.
    await createUser(demo().db, 'setup:anna', {
      username: 'anna',
      displayName: 'Anna (lokal)',
      password: 'ett långt lösenord',
      role: 'controller',
      scope: [],
    });
  });

  afterAll(async () => {
    provider?.server.closeAllConnections();
    await new Promise((resolve) => provider?.server.close(resolve));
  });

  it('tells the sign-in page about the button, and answers 404 when OIDC is off', async () => {
    const config = await app().request('/api/auth/config');
    expect(await config.json()).toEqual({
      needsSetup: false,
      oidc: { label: 'Logga in med kommunens konto' },
    });
    const off = createApp(demo());
    expect(await (await off.request('/api/auth/config')).json()).toEqual({
      needsSetup: false,
      oidc: false,
    });
    const login = await off.request('/api/auth/oidc/login');
    expect(login.status).toBe(404);
    expect(await login.json()).toMatchObject({ code: 'NOT_FOUND' });
    const doc = (await (await off.request('/api/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/auth/oidc/login', '/api/auth/oidc/callback']),
    );
  });

  it('sends the browser back with a message when the provider does not answer', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    if (!oidc) throw new Error('no configuration');
    const away = createApp(demo(), { oidc: { ...oidc, issuer: `http://127.0.0.1:${port}` } });
    // The cause goes to the server log, not to the browser.
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const login = await away.request(`${BALANS}/api/auth/oidc/login`);
    expect(log).toHaveBeenCalledOnce();
    log.mockRestore();
    expect(login.status).toBe(302);
    expect(loginError(login)).toBe(
      `Kommunens inloggningstjänst (http://127.0.0.1:${port}) svarar inte som den ska: försök igen om en stund, eller be IT kontrollera BALANS_OIDC_ISSUER`,
    );
  });

  it('signs in a controller from the role claim, with a working session and no password', async () => {
    const browser = newBrowser();
    const login = await atBalans(
      app(),
      browser,
      `${BALANS}/api/auth/oidc/login?returnTo=%2Frapporter%3Fyear%3D2024`,
    );
    expect(login.status).toBe(302);
    const to = new URL(login.headers.get('location') ?? '');
    expect(to.origin).toBe(provider?.issuer);
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      client_id: 'balans',
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'openid profile email balans',
      code_challenge_method: 'S256',
    });
    expect(to.searchParams.get('state')).toBeTruthy();
    expect(to.searchParams.get('nonce')).toBeTruthy();
    const bound = login.headers.getSetCookie().find((l) => l.startsWith('balans_oidc='));
    expect(bound).toBe(
      `balans_oidc=${to.searchParams.get('state') ?? ''}; Max-Age=600; Path=/api/auth/oidc; HttpOnly; Secure; SameSite=Lax`,
    );

    const callback = await atBalans(app(), browser, await atProvider(browser, to.href, 'k-1001'));
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/rapporter?year=2024');
    const session = callback.headers.getSetCookie().find((l) => l.startsWith('balans_session='));
    expect(session).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    const cookie = sessionCookie(callback);
    // "anna" is the local controller's: the provider's Anna becomes anna-2, never her account.
    expect(await me(app(), cookie)).toMatchObject({
      username: 'anna-2',
      displayName: 'Anna Andersson',
      role: 'controller',
      scope: [],
    });
    const users = await app().request('/api/users', { headers: { cookie } });
    expect(users.status).toBe(200);

    // The second time she is the same user.
    const again = sessionCookie(await signIn(app(), 'k-1001'));
    expect(await me(app(), again)).toMatchObject({ username: 'anna-2' });
    const rows = await demo()
      .db.selectFrom('app_user')
      .select(['username', 'password_hash', 'oidc_subject'])
      .where('username', 'like', 'anna%')
      .orderBy('username')
      .execute();
    expect(rows).toEqual([
      { username: 'anna', password_hash: expect.any(String) as string, oidc_subject: null },
      {
        username: 'anna-2',
        password_hash: null,
        oidc_subject: `${provider?.issuer ?? ''}|k-1001`,
      },
    ]);
    const password = await app().request('/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username: 'anna-2', password: 'vad som helst här' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(password.status).toBe(401);
  });

  it('scopes an enhetschef to the org units of the scope claim', async () => {
    const callback = await signIn(app(), 'k-1002', { returnTo: '//evil.example/' });
    expect(callback.headers.get('location')).toBe('/');
    const cookie = sessionCookie(callback);
    expect(await me(app(), cookie)).toMatchObject({
      username: 'asa-oberg',
      displayName: 'Åsa Öberg',
      role: 'enhetschef',
      scope: ['IFO'],
    });
    const report = await app().request('/api/reports/driftredovisning?year=2024', {
      headers: { cookie },
    });
    expect(report.status).toBe(200);
    const body = (await report.json()) as { rows: { code: string }[] };
    expect(body.rows.map((r) => r.code)).toEqual(['55', '56', '57', '60']);
  });

  it('refuses a person with no mapped role and no Balans account, and org codes Balans lacks', async () => {
    const unknown = await signIn(app(), 'k-1003');
    expect(unknown.status).toBe(302);
    expect(unknown.headers.get('location')).toMatch(/^\/\?loginError=/);
    expect(loginError(unknown)).toBe(
      'Du har inget konto i Balans: be ekonomen (controller) lägga upp dig',
    );
    expect(unknown.headers.getSetCookie().some((l) => l.startsWith('balans_session='))).toBe(false);
    const cancelled = await signIn(app(), 'cancel');
    expect(loginError(cancelled)).toBe(
      'Kommunens inloggningstjänst avbröt inloggningen (access_denied: End-User aborted interaction)',
    );
    const outside = await signIn(app(), 'k-1006');
    expect(loginError(outside)).toMatch(/organisationen som Balans inte har \(XYZ i org_units\)/);
    const created = await demo()
      .db.selectFrom('app_user')
      .select('username')
      .where('oidc_subject', 'in', [
        `${provider?.issuer ?? ''}|k-1003`,
        `${provider?.issuer ?? ''}|k-1006`,
      ])
      .execute();
    expect(created).toEqual([]);
  });

  it('refuses a tampered state, a callback without the cookie, and a replayed callback', async () => {
    const browser = newBrowser();
    const login = await atBalans(app(), browser, `${BALANS}/api/auth/oidc/login`);
    const callback = await atProvider(browser, login.headers.get('location') ?? '', 'k-1001');

    const tampered = new URL(callback);
    tampered.searchParams.set('state', 'someone-elses-state');
    const refused = await atBalans(app(), browser, tampered.href);
    expect(loginError(refused)).toMatch(/^Inloggningen hör inte till den här webbläsaren/);
    // The refused attempt cleared the cookie; another browser (without it) cannot use the code.
    expect(loginError(await atBalans(app(), newBrowser(), callback))).toMatch(
      /^Inloggningen hör inte till den här webbläsaren/,
    );

    const replayBrowser = newBrowser();
    const first = await signIn(app(), 'k-1001', { browser: replayBrowser });
    expect(first.headers.get('location')).toBe('/');
    const second = newBrowser();
    const login2 = await atBalans(app(), second, `${BALANS}/api/auth/oidc/login`);
    const callback2 = await atProvider(second, login2.headers.get('location') ?? '', 'k-1001');
    const state = new URL(callback2).searchParams.get('state') ?? '';
    expect(sessionCookie(await atBalans(app(), second, callback2))).toMatch(/^balans_session=/);
    // The same callback again, even with the cookie put back: the sign-in is used up.
    const replay = await app().request(callback2, { headers: { cookie: `balans_oidc=${state}` } });
    expect(loginError(replay)).toBe('Inloggningen har gått ut eller är redan använd: börja om');
  });

  it('follows a role change in the claims, audited', async () => {
    const first = sessionCookie(await signIn(app(), 'k-1004'));
    expect(await me(app(), first)).toMatchObject({
      username: 'bo.byter',
      role: 'verksamhetschef',
      scope: ['VOO'],
    });
    const bo = accounts['k-1004'];
    if (!bo) throw new Error('no Bo');
    bo['roles'] = ['balans-fc'];
    const second = sessionCookie(await signIn(app(), 'k-1004'));
    expect(await me(app(), second)).toMatchObject({
      username: 'bo.byter',
      role: 'forvaltningschef',
      scope: [],
    });

    // Claims that no longer map to a role leave the role assigned in Balans as it is.
    bo['roles'] = ['alla-anstallda'];
    const third = sessionCookie(await signIn(app(), 'k-1004'));
    expect(await me(app(), third)).toMatchObject({ role: 'forvaltningschef' });

    const admin = await app().request('/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username: 'anna', password: 'ett långt lösenord' }),
      headers: { 'content-type': 'application/json' },
    });
    const cookie = sessionCookie(admin);
    const audit = await app().request('/api/audit?action=user.', { headers: { cookie } });
    expect(audit.status).toBe(200);
    const { entries } = (await audit.json()) as { entries: Record<string, unknown>[] };
    const host = new URL(provider?.issuer ?? '').host;
    const forBo = entries.filter((e) => e['target'] === 'user:bo.byter');
    expect(forBo.map((e) => [e['action'], e['actor'], e['before'], e['after']])).toEqual([
      [
        'user.update',
        `oidc:${host}`,
        { role: 'verksamhetschef', scope: ['VOO'] },
        { role: 'forvaltningschef', scope: [] },
      ],
      [
        'user.create',
        `oidc:${host}`,
        null,
        {
          role: 'verksamhetschef',
          scope: ['VOO'],
          displayName: 'Bo Byter',
          oidc: `${provider?.issuer ?? ''}|k-1004`,
        },
      ],
    ]);
  });

  it('signs in through a public client with PKCE only', async () => {
    if (!publicClient) throw new Error('no public client');
    const publicApp = createApp(demo(), { oidc: publicClient });
    const cookie = sessionCookie(await signIn(publicApp, 'k-1005'));
    expect(await me(publicApp, cookie)).toMatchObject({
      username: 'nils@kommun.se',
      displayName: 'Nils Nämnd',
      role: 'namnd',
    });
  });
});
