import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { OidcConfig } from '../../auth/oidc.ts';
import { finishOidcLogin, OIDC_LOGIN_SECONDS, startOidcLogin } from '../../auth/oidc.service.ts';
import { isAppError } from '../../shared/app-error.ts';
import {
  errors,
  isHttps,
  json,
  Line,
  type AppContext,
  type BalansApp,
  type EdgeSettings,
} from '../http.ts';
import { setSessionCookie } from './auth.routes.ts';

/** Binds a sign-in begun at the provider to this browser; holds the sign-in's state. */
export const OIDC_COOKIE = 'balans_oidc';

const redirect = (description: string) => ({
  302: {
    description,
    headers: z.object({ location: z.string().openapi({ description: 'where the browser goes' }) }),
  },
});

const loginRoute = createRoute({
  method: 'get',
  path: '/api/auth/oidc/login',
  summary: "Sign in with the municipality's OpenID Connect provider: redirects to it",
  request: {
    query: z.object({
      returnTo: Line(2000).optional().openapi({
        description: 'a path on this site to come back to, e.g. /rapporter (anything else: /)',
      }),
    }),
  },
  responses: {
    ...redirect('To the provider; or to /?loginError=… when the provider cannot be reached'),
    ...errors(404),
  },
});

const callbackRoute = createRoute({
  method: 'get',
  path: '/api/auth/oidc/callback',
  summary: 'Where the provider sends the browser back: signs in and redirects to returnTo',
  request: {
    query: z.object({
      code: Line(4000).optional(),
      state: Line(200).optional(),
      iss: Line(2000).optional(),
      error: Line(200).optional(),
      error_description: Line(2000).optional(),
    }),
  },
  responses: {
    ...redirect('Signed in (session cookie set), to returnTo; or refused, to /?loginError=…'),
    ...errors(404),
  },
});

function notConfigured(): Response {
  return json(
    { code: 'NOT_FOUND', message: 'inloggning med OpenID Connect är inte påslagen i Balans' },
    404,
  );
}

/** The callback's folder: "/api/auth/oidc", or under a proxy's prefix when Balans has one. */
function cookiePath(config: OidcConfig): string {
  return new URL(config.redirectUri).pathname.replace(/\/callback$/, '');
}

function isSecure(c: Context, config: OidcConfig, edge: EdgeSettings): boolean {
  return isHttps(c, edge) || new URL(config.redirectUri).protocol === 'https:';
}

/** Back to the sign-in page with a message it shows; the details go to the server log only. */
function failed(c: Context, error: unknown): Response {
  if (!isAppError(error) || error.cause !== undefined) console.error(error);
  const message = isAppError(error)
    ? error.message
    : 'Inloggningen misslyckades av ett oväntat skäl: försök igen, eller be IT läsa serverns logg';
  return c.redirect(`/?loginError=${encodeURIComponent(message)}`, 302);
}

/** Sign-in with the municipality's identity provider (OpenID Connect, authorization code + PKCE). */
export function oidcRoutes(app: BalansApp, { handle, oidc, edge }: AppContext): void {
  app.openapi(loginRoute, async (c) => {
    if (!oidc) return notConfigured();
    try {
      const { returnTo } = c.req.valid('query');
      const start = await startOidcLogin(handle.db, oidc, returnTo);
      // Lax, not Strict: the browser must send it on the provider's redirect back to Balans.
      setCookie(c, OIDC_COOKIE, start.state, {
        httpOnly: true,
        sameSite: 'Lax',
        path: cookiePath(oidc),
        secure: isSecure(c, oidc, edge),
        maxAge: OIDC_LOGIN_SECONDS,
      });
      return c.redirect(start.authorizationUrl, 302);
    } catch (error) {
      return failed(c, error);
    }
  });

  app.openapi(callbackRoute, async (c) => {
    if (!oidc) return notConfigured();
    const cookieState = getCookie(c, OIDC_COOKIE);
    deleteCookie(c, OIDC_COOKIE, { path: cookiePath(oidc), secure: isSecure(c, oidc, edge) });
    try {
      const { session, returnTo } = await finishOidcLogin(handle, oidc, {
        query: new URL(c.req.url).searchParams,
        cookieState,
      });
      setSessionCookie(c, session, edge);
      return c.redirect(returnTo, 302);
    } catch (error) {
      return failed(c, error);
    }
  });
}
