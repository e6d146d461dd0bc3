import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { ROLES } from '../../auth/auth.ts';
import {
  countUsers,
  createSession,
  createUser,
  signIn,
  signOut,
  type Session,
} from '../../auth/auth.service.ts';
import { AppError, isAppError } from '../../shared/app-error.ts';
import { toJson } from '../../shared/json.ts';
import {
  clientAddress,
  Code,
  errors,
  isHttps,
  json,
  Line,
  type AppContext,
  type BalansApp,
  type EdgeSettings,
} from '../http.ts';

export const SESSION_COOKIE = 'balans_session';
const SESSION_SECONDS = 10 * 3600;

/** A password as typed: anything but too long (it is only ever hashed). */
export const Password = z.string().min(1).max(200);

const Credentials = z.object({ username: Line(64, 1), password: Password });

export const NewUserSchema = z.object({
  username: Line(64, 2),
  displayName: Line(200, 1),
  password: Password,
  role: z.enum(ROLES),
  scope: z.array(Code).max(200).default([]),
});

const SessionSchema = z.object({ user: z.looseObject({}), csrfToken: z.string() });
const sessionResponse = {
  200: {
    description: 'Signed in: the user, the CSRF token to send back, and the session cookie',
    content: { 'application/json': { schema: SessionSchema } },
  },
};

const configRoute = createRoute({
  method: 'get',
  path: '/api/auth/config',
  summary: 'What the sign-in page shows: whether Balans needs its first user, and OpenID Connect',
  responses: {
    200: {
      description: 'The sign-in settings',
      content: {
        'application/json': {
          schema: z.object({
            needsSetup: z.boolean(),
            oidc: z.union([z.literal(false), z.object({ label: z.string() })]),
          }),
        },
      },
    },
  },
});

const setupRoute = createRoute({
  method: 'post',
  path: '/api/auth/setup',
  summary: 'The first user of a new installation: always the administrator (ekonom/controller)',
  request: {
    body: { required: true, content: { 'application/json': { schema: NewUserSchema } } },
  },
  responses: { ...sessionResponse, ...errors(400, 403, 413, 415, 503) },
});

const loginRoute = createRoute({
  method: 'post',
  path: '/api/auth/login',
  summary:
    'Sign in with a password. Repeated failures wait longer and longer (429 with Retry-After, at most 5 minutes)',
  request: {
    body: { required: true, content: { 'application/json': { schema: Credentials } } },
  },
  responses: { ...sessionResponse, ...errors(400, 401, 403, 413, 415, 429, 503) },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/api/auth/logout',
  summary: "End this browser's session",
  responses: {
    200: {
      description: 'Signed out',
      content: { 'application/json': { schema: z.object({ signedOut: z.literal(true) }) } },
    },
    ...errors(401, 403),
  },
});

const meRoute = createRoute({
  method: 'get',
  path: '/api/me',
  summary:
    'The signed-in user, and the CSRF token (a reloaded page keeps its cookie, not the token)',
  responses: { ...sessionResponse, ...errors(401) },
});

/** Sets the session cookie (password and OpenID Connect sign-in alike); Secure whenever served over https. */
export function setSessionCookie(c: Context, session: Session, edge: EdgeSettings): void {
  setCookie(c, SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: isHttps(c, edge),
    maxAge: SESSION_SECONDS,
  });
}

/** Sets the session cookie and answers with the user and the CSRF token the client sends back. */
function startSession(c: Context, session: Session, edge: EdgeSettings): Response {
  setSessionCookie(c, session, edge);
  // c.body keeps the Set-Cookie header set on the context.
  return c.body(toJson({ user: session.user, csrfToken: session.csrfToken }), 200, {
    'content-type': 'application/json; charset=utf-8',
  });
}

/** 429 with Retry-After in whole seconds, and when to try again in words. */
function tooManyAttempts(retryAfterMs: number): Response {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const when =
    seconds < 120
      ? `${seconds} ${seconds === 1 ? 'sekund' : 'sekunder'}`
      : `${Math.ceil(seconds / 60)} minuter`;
  const response = json(
    {
      code: 'TOO_MANY_ATTEMPTS',
      message: `för många misslyckade inloggningar: försök igen om ${when}`,
    },
    429,
  );
  response.headers.set('retry-after', String(seconds));
  return response;
}

// json() and c.body() are not the typed responses @hono/zod-openapi infers, hence `as never`.
export function authRoutes(app: BalansApp, { handle, oidc, edge, throttle }: AppContext): void {
  app.openapi(
    configRoute,
    async () =>
      json({
        needsSetup: (await countUsers(handle.db)) === 0,
        oidc: oidc ? { label: oidc.label } : false,
      }) as never,
  );

  app.openapi(setupRoute, async (c) => {
    const body = c.req.valid('json');
    const session = await handle.transaction(async (tx) => {
      if ((await countUsers(tx.db)) > 0)
        throw new AppError('FORBIDDEN', 'Balans har redan användare: logga in');
      const user = await createUser(tx.db, `setup:${body.username}`, {
        ...body,
        role: 'controller',
        scope: [],
      });
      return createSession(tx.db, user);
    });
    return startSession(c, session, edge) as never;
  });

  app.openapi(loginRoute, async (c) => {
    const { username, password } = c.req.valid('json');
    const address = clientAddress(c, edge);
    const admission = throttle.admit(username, address);
    if (!admission.admitted) return tooManyAttempts(admission.retryAfterMs) as never;
    let outcome: 'signed-in' | 'failed' | 'not-checked' = 'not-checked';
    try {
      const session = await signIn(handle.db, { username, password, address });
      outcome = 'signed-in';
      return startSession(c, session, edge) as never;
    } catch (error) {
      if (isAppError(error) && error.code === 'UNAUTHENTICATED') outcome = 'failed';
      throw error;
    } finally {
      admission.finish(outcome);
    }
  });

  app.openapi(logoutRoute, async (c) => {
    await signOut(handle.db, c.get('token'));
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c, edge) });
    return c.body(toJson({ signedOut: true }), 200, {
      'content-type': 'application/json; charset=utf-8',
    }) as never;
  });

  app.openapi(
    meRoute,
    (c) => json({ user: c.get('user'), csrfToken: c.get('csrfToken') }) as never,
  );
}
