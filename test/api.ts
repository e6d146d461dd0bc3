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

/** The roles of the role matrix, one signed-in user each (see signInEveryRole). */
export const ROLES = [
  'controller',
  'forvaltningschef',
  'verksamhetschef',
  'enhetschef',
  'namnd',
] as const;
export type MatrixRole = (typeof ROLES)[number];
/** The status each role is to be answered with. */
export type Expected = Record<MatrixRole, number>;

export function everyone(status: number): Expected {
  return {
    controller: status,
    forvaltningschef: status,
    verksamhetschef: status,
    enhetschef: status,
    namnd: status,
  };
}

export function controllerOnly(status: number): Expected {
  return { ...everyone(403), controller: status };
}

/**
 * The controller and one user of every other role: the verksamhetschef of Vård och omsorg (VOO),
 * the enhetschef of `enhetschefScope`.
 */
export async function signInEveryRole(
  app: App,
  admin: Signed,
  enhetschefScope: string[],
): Promise<Record<MatrixRole, Signed>> {
  return {
    controller: admin,
    forvaltningschef: await addUser(app, admin, { username: 'fc', role: 'forvaltningschef' }),
    verksamhetschef: await addUser(app, admin, {
      username: 'vc',
      role: 'verksamhetschef',
      scope: ['VOO'],
    }),
    enhetschef: await addUser(app, admin, {
      username: 'ec',
      role: 'enhetschef',
      scope: enhetschefScope,
    }),
    namnd: await addUser(app, admin, { username: 'nn', role: 'namnd' }),
  };
}

/**
 * Sends every request of the matrix as every role, with an empty body for a change (an upload for
 * /api/imports/), and expects each answer's status as the matrix says; the lines name what differed.
 */
export async function expectMatrix(
  app: App,
  signed: Record<MatrixRole, Signed>,
  matrix: [string, string, Expected][],
): Promise<void> {
  const answered: string[] = [];
  const expected: string[] = [];
  for (const [method, path, statuses] of matrix) {
    for (const role of ROLES) {
      const as = client(app, signed[role]);
      const response =
        method === 'GET'
          ? await as.get(path)
          : path.startsWith('/api/imports/')
            ? await as.upload(path, Buffer.alloc(0))
            : method === 'PUT'
              ? await as.put(path, {})
              : method === 'PATCH'
                ? await as.patch(path, {})
                : await as.post(path, {});
      answered.push(`${method} ${path} ${role}: ${response.status}`);
      expected.push(`${method} ${path} ${role}: ${statuses[role]}`);
    }
  }
  expect(answered).toEqual(expected);
}
