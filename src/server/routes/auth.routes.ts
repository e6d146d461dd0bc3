import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { ROLES } from '../../auth/auth.ts';
import { countUsers, createUser, signIn, signOut, type Session } from '../../auth/auth.service.ts';
import { AppError } from '../../shared/app-error.ts';
import { toJson } from '../../shared/json.ts';
import { json, validBody, type AppContext, type BalansApp } from '../http.ts';

export const SESSION_COOKIE = 'balans_session';
const SESSION_SECONDS = 10 * 3600;

const Credentials = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(200),
});

export const NewUserSchema = z.object({
  username: z.string().min(2).max(64),
  displayName: z.string().min(1).max(200),
  password: z.string().min(1).max(200),
  role: z.enum(ROLES),
  scope: z.array(z.string().min(1).max(40)).max(200).default([]),
});

/** Sets the session cookie (password and OpenID Connect sign-in alike). */
export function setSessionCookie(c: Context, session: Session): void {
  const url = new URL(c.req.url);
  setCookie(c, SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: url.protocol === 'https:' || url.hostname === 'localhost',
    maxAge: SESSION_SECONDS,
  });
}

/** Sets the session cookie and answers with the user and the CSRF token the client sends back. */
export function startSession(c: Context, session: Session): Response {
  setSessionCookie(c, session);
  // c.body keeps the Set-Cookie header set on the context.
  return c.body(toJson({ user: session.user, csrfToken: session.csrfToken }), 200, {
    'content-type': 'application/json; charset=utf-8',
  });
}

export function authRoutes(app: BalansApp, { handle, oidc }: AppContext): void {
  // What the sign-in page needs to know before anyone is signed in.
  app.get('/api/auth/config', async () =>
    json({
      needsSetup: (await countUsers(handle.db)) === 0,
      oidc: oidc ? { label: oidc.label } : false,
    }),
  );

  // The first user of a new installation: the administrator (ekonom/controller).
  app.post('/api/auth/setup', async (c) => {
    const body = await validBody(c, NewUserSchema);
    const session = await handle.transaction(async (tx) => {
      if ((await countUsers(tx.db)) > 0)
        throw new AppError('FORBIDDEN', 'Balans har redan användare: logga in');
      await createUser(tx.db, `setup:${body.username}`, { ...body, role: 'controller', scope: [] });
      return signIn(tx.db, body.username, body.password);
    });
    return startSession(c, session);
  });

  app.post('/api/auth/login', async (c) => {
    const body = Credentials.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success)
      return json({ code: 'INVALID_ARGUMENT', message: 'användarnamn och lösenord behövs' }, 400);
    return startSession(c, await signIn(handle.db, body.data.username, body.data.password));
  });

  app.post('/api/auth/logout', async (c) => {
    await signOut(handle.db, c.get('token'));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(toJson({ signedOut: true }), 200, {
      'content-type': 'application/json; charset=utf-8',
    });
  });

  // The signed-in user, and the CSRF token (a page reloaded keeps its cookie but not the token).
  app.get('/api/me', (c) => json({ user: c.get('user'), csrfToken: c.get('csrfToken') }));
}
