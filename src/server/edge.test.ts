import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, signInController, signedIn, type App } from '../../test/api.ts';
import { openTestDb } from '../../test/test-db.ts';
import { passwordWork } from '../auth/auth.ts';
import { createUser } from '../auth/auth.service.ts';
import { createLoginThrottle } from '../auth/login-throttle.ts';
import type { BalansDb } from '../db/database.ts';
import { createApp, type AppOptions } from './app.ts';

/** The edge of the API before and around sign-in: cookies, origins, body sizes, password guessing. */

const PASSWORD = 'ett långt lösenord';

async function login(app: App, body: unknown, headers: Record<string, string> = {}) {
  return app.request('/api/auth/login', {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });
}

describe('the edge of the API', () => {
  let handle: BalansDb | undefined;
  const db = () => {
    if (!handle) throw new Error('not open');
    return handle;
  };
  /** An app on the one database, where anna (controller) and bo (enhetschef-less controller) exist. */
  const appWith = (options: AppOptions = {}) => createApp(db(), options);

  beforeAll(async () => {
    handle = await openTestDb('pglite');
    await signInController(createApp(handle));
    await createUser(handle.db, 'test', {
      username: 'bo',
      displayName: 'Bo',
      password: PASSWORD,
      role: 'forvaltningschef',
      scope: [],
    });
  });
  afterAll(async () => {
    await handle?.close();
  });

  describe('D8: the session cookie is Secure wherever Balans is reached over https', () => {
    const cookie = async (app: App, url: string, headers: Record<string, string> = {}) => {
      const response = await app.request(url, {
        method: 'POST',
        body: JSON.stringify({ username: 'anna', password: PASSWORD }),
        headers: { 'content-type': 'application/json', ...headers },
      });
      expect(response.status).toBe(200);
      return response.headers.get('set-cookie') ?? '';
    };

    it('marks the cookie Secure behind a TLS proxy that says https, when told to trust it', async () => {
      const url = 'http://balans.kommun.se/api/auth/login';
      const proxied = { 'x-forwarded-proto': 'https' };
      expect(await cookie(appWith({ trustProxy: true }), url, proxied)).toMatch(/;\s*Secure/i);
      // Not told to: the header could come from anyone.
      expect(await cookie(appWith(), url, proxied)).not.toMatch(/;\s*Secure/i);
    });

    it('marks the cookie Secure on a real host name when the public URL is https', async () => {
      const app = appWith({ publicUrl: new URL('https://balans.kommun.se') });
      expect(await cookie(app, 'http://10.0.0.5:8080/api/auth/login')).toMatch(/;\s*Secure/i);
    });
  });

  describe('D11: a sign-in or a change comes as JSON from Balans itself (login CSRF)', () => {
    it('refuses a text/plain JSON sign-in, as a form of another site sends it', async () => {
      const response = await login(
        appWith(),
        { username: 'anna', password: PASSWORD },
        {
          'content-type': 'text/plain',
        },
      );
      expect(response.status).toBe(415);
      expect(response.headers.get('set-cookie')).toBeNull();
      expect(await response.json()).toMatchObject({ code: 'INVALID_ARGUMENT' });
    });

    it('refuses a sign-in or setup from another origin, by Origin or by Sec-Fetch-Site', async () => {
      const app = appWith();
      const credentials = { username: 'anna', password: PASSWORD };
      const variants: Record<string, string>[] = [
        { origin: 'https://evil.example' },
        { origin: 'null' },
        { 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site', origin: 'http://localhost' },
      ];
      for (const headers of variants) {
        const response = await login(app, credentials, headers);
        expect(response.status, JSON.stringify(headers)).toBe(403);
        expect(response.headers.get('set-cookie')).toBeNull();
      }
      const setup = await app.request('/api/auth/setup', {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      });
      expect(setup.status).toBe(403);
    });

    it("takes a sign-in from Balans's own page, and a change from it", async () => {
      const app = appWith();
      const own = { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' };
      const signed = await signedIn(
        await login(app, { username: 'anna', password: PASSWORD }, own),
      );
      const changed = await app.request('/api/organisation/units', {
        method: 'POST',
        body: JSON.stringify({ code: 'X1', name: 'Ny', level: 'forvaltning' }),
        headers: {
          ...own,
          'content-type': 'application/json',
          cookie: signed.cookie,
          'x-csrf-token': signed.csrf,
        },
      });
      expect(changed.status).toBe(201);
      const elsewhere = await app.request('/api/organisation/units/X1?version=1', {
        method: 'DELETE',
        headers: {
          'sec-fetch-site': 'cross-site',
          cookie: signed.cookie,
          'x-csrf-token': signed.csrf,
        },
      });
      expect(elsewhere.status).toBe(403);
    });
  });

  describe('D7: an anonymous request cannot make the server read much', () => {
    it('refuses an anonymous sign-in body over 16 kB, nested arrays and all, before parsing it', async () => {
      const app = appWith();
      const nested = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
      const response = await login(app, nested);
      expect(response.status).toBe(413);
      const declared = await app.request('/api/auth/login', {
        method: 'POST',
        body: '{}',
        headers: {
          'content-type': 'application/json',
          'content-length': String(190 * 1024 * 1024),
        },
      });
      expect(declared.status).toBe(413);
    });

    it('limits a signed-in JSON body to 1 MB, and lets a signed-in file be larger', async () => {
      const app = appWith();
      const admin = client(app, await signInController(app));
      const big = await admin.post('/api/users', { username: 'x'.repeat(2 * 1024 * 1024) });
      expect(big.status).toBe(413);
      const file = Buffer.alloc(1536 * 1024, 'x');
      expect(file.length).toBeGreaterThan(1024 * 1024);
      const upload = await admin.upload('/api/imports/organisation?fileName=org.csv', file);
      expect(upload.status).not.toBe(413);
    });
  });

  describe('D6: password guessing is held back, costs the same for every username, and is logged', () => {
    it('refuses even the right password with 429 and Retry-After after repeated wrong ones, and takes it once the wait is over', async () => {
      let now = 1_000_000;
      const app = appWith({ throttle: createLoginThrottle({ now: () => now }) });
      for (let i = 0; i < 5; i++)
        expect((await login(app, { username: 'bo', password: 'fel lösenord här' })).status).toBe(
          401,
        );
      const held = await login(app, { username: 'bo', password: PASSWORD });
      expect(held.status).toBe(429);
      expect(held.headers.get('retry-after')).toBe('1');
      expect(await held.json()).toEqual({
        code: 'TOO_MANY_ATTEMPTS',
        message: 'för många misslyckade inloggningar: försök igen om 1 sekund',
      });
      now += 1000;
      expect((await login(app, { username: 'bo', password: PASSWORD })).status).toBe(200);
    });

    it('checks the password of an unknown user, or one without a password, as it does a known one (no enumeration by time)', async () => {
      const app = appWith();
      await createUser(db().db, 'test', {
        username: 'cecilia',
        displayName: 'Cecilia',
        password: PASSWORD,
        role: 'forvaltningschef',
        scope: [],
      });
      await db()
        .db.updateTable('app_user')
        .set({ password_hash: null })
        .where('username', '=', 'cecilia')
        .execute();
      const checks = async (username: string) => {
        const before = passwordWork().completed;
        expect((await login(app, { username, password: 'fel lösenord här' })).status).toBe(401);
        return passwordWork().completed - before;
      };
      await checks('ingen-alls'); // the first unknown user also makes the hash nobody's password matches
      expect(await checks('anna')).toBe(1);
      expect(await checks('ingen-sadan')).toBe(1);
      expect(await checks('cecilia')).toBe(1);
    });

    it('writes failed sign-ins to the audit log, with the address and whether the user exists', async () => {
      const app = appWith({ trustProxy: true });
      const from = { 'x-forwarded-for': '198.51.100.1, 203.0.113.7' };
      await login(app, { username: 'anna', password: 'fel lösenord här' }, from);
      await login(app, { username: 'okand', password: 'fel lösenord här' }, from);
      const admin = client(app, await signInController(app));
      const { entries } = (await (
        await admin.get('/api/audit?action=auth.login.failed')
      ).json()) as {
        entries: { actor: string; target: string; after: unknown }[];
      };
      expect(entries.slice(0, 2)).toEqual([
        {
          ...entries[0],
          actor: 'anonym@203.0.113.7',
          target: 'user:okand',
          after: { reason: 'unknown-user', address: '203.0.113.7' },
        },
        {
          ...entries[1],
          actor: 'anonym@203.0.113.7',
          target: 'user:anna',
          after: { reason: 'wrong-password', address: '203.0.113.7' },
        },
      ]);
    });

    it('answers a burst of concurrent wrong sign-ins at once instead of hashing them ahead of a real one', async () => {
      const app = appWith({ trustProxy: true });
      const before = passwordWork().completed;
      const flood = Array.from({ length: 60 }, (_, i) =>
        login(
          app,
          { username: 'anna', password: `fel lösenord ${i}` },
          {
            'x-forwarded-for': `198.51.100.${i + 1}`,
          },
        ),
      );
      const real = login(
        app,
        { username: 'bo', password: PASSWORD },
        {
          'x-forwarded-for': '192.0.2.10',
        },
      );
      const statuses = (await Promise.all(flood)).map((r) => r.status);
      expect((await real).status).toBe(200);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(55);
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
      expect(passwordWork().completed - before).toBeLessThanOrEqual(6);
    });
  });
});
