import { expect } from 'vitest';
import type { createApp } from '../src/server/app.ts';

/** HTTP tests: a signed-in client of the app, called directly (`app.request`), no server. */
export type App = ReturnType<typeof createApp>;

export interface Signed {
  cookie: string;
  csrf: string;
}

/** The session cookie and CSRF token of a successful sign-in (setup or login). */
export async function signedIn(response: Response): Promise<Signed> {
  expect(response.status).toBe(200);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}

export function client(app: App, signed?: Signed) {
  const headers = (extra: Record<string, string> = {}) => ({
    ...(signed ? { cookie: signed.cookie, 'x-csrf-token': signed.csrf } : {}),
    ...extra,
  });
  const send = (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
    });
  return {
    get: (path: string) => app.request(path, { headers: headers() }),
    post: (path: string, body: unknown) => send('POST', path, body),
    put: (path: string, body: unknown) => send('PUT', path, body),
    patch: (path: string, body: unknown) => send('PATCH', path, body),
    delete: (path: string) => send('DELETE', path),
    /** A file's bytes as the body, with its size in Content-Length (as a browser sends it). */
    upload: (path: string, bytes: Buffer, extra: Record<string, string> = {}) =>
      app.request(path, {
        method: 'POST',
        body: new Uint8Array(bytes),
        headers: headers({
          'content-type': 'application/octet-stream',
          'content-length': String(bytes.length),
          ...extra,
        }),
      }),
  };
}

/** Sets Balans up with its first user, the controller anna, or signs her in when done before. */
export async function signInController(app: App): Promise<Signed> {
  const setup = await client(app).post('/api/auth/setup', {
    username: 'anna',
    displayName: 'Anna Ek',
    password: 'ett långt lösenord',
    role: 'controller',
  });
  if (setup.status === 200) return signedIn(setup);
  return signIn(app, 'anna', 'ett långt lösenord');
}

export async function signIn(app: App, username: string, password: string): Promise<Signed> {
  return signedIn(await client(app).post('/api/auth/login', { username, password }));
}

/** Adds a user as the controller and signs them in. */
export async function addUser(
  app: App,
  admin: Signed,
  user: { username: string; role: string; scope?: string[] },
): Promise<Signed> {
  const password = `${user.username} har ett långt lösenord`;
  const created = await client(app, admin).post('/api/users', {
    username: user.username,
    displayName: user.username,
    password,
    role: user.role,
    scope: user.scope ?? [],
  });
  expect(created.status).toBe(201);
  return signIn(app, user.username, password);
}
