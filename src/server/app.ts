import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { except } from 'hono/combine';
import { secureHeaders } from 'hono/secure-headers';
import { getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { PasswordWorkBusy } from '../auth/auth.ts';
import { sessionUser, visibleAnsvar } from '../auth/auth.service.ts';
import { createLoginThrottle, type LoginThrottle } from '../auth/login-throttle.ts';
import type { OidcConfig } from '../auth/oidc.ts';
import { readOnce } from '../db/data-version.ts';
import { busyError, type BalansDb } from '../db/database.ts';
import { isAppError } from '../shared/app-error.ts';
import {
  describeIssues,
  json,
  publicOrigin,
  STATUS,
  type AppContext,
  type BalansApp,
  type EdgeSettings,
  type Env,
} from './http.ts';
import { actionPlanRoutes } from './routes/action-plans.routes.ts';
import { boardMayRequest, mayRequest } from './access.ts';
import { authRoutes, SESSION_COOKIE } from './routes/auth.routes.ts';
import { documentRoutes } from './routes/documents.routes.ts';
import { followupRoutes } from './routes/followup.routes.ts';
import { forecastRoutes } from './routes/forecast.routes.ts';
import { goalRoutes } from './routes/goals.routes.ts';
import { importRoutes } from './routes/imports.routes.ts';
import { koladaRoutes } from './routes/kolada.routes.ts';
import { ledgerRoutes } from './routes/ledger.routes.ts';
import { oidcRoutes } from './routes/oidc.routes.ts';
import { organisationRoutes } from './routes/organisation.routes.ts';
import { reportRoutes } from './routes/reports.routes.ts';
import { userRoutes } from './routes/users.routes.ts';
import { webRoutes } from './web.ts';

/** Paths anyone may call: health, the API description, and the ways to sign in. */
function isPublic(path: string): boolean {
  return (
    path === '/api/health' ||
    path === '/api/openapi.json' ||
    path === '/api/auth/config' ||
    path === '/api/auth/setup' ||
    path === '/api/auth/login' ||
    path.startsWith('/api/auth/oidc/')
  );
}

/** What was wrong with a request's body, as Hono's validators saw it (their messages are English). */
function bodyProblem(error: HTTPException): string {
  if (error.status === 415)
    return 'begärans innehåll har en medietyp (Content-Type) som adressen inte tar emot';
  if (error.message === 'Malformed JSON in request body')
    return 'begärans innehåll är inte giltig JSON';
  return `begärans innehåll kunde inte läsas (${error.message})`;
}

/**
 * How large a body may be: small before sign-in (nobody may make the server parse megabytes
 * without a session), modest for a signed-in user's JSON, large only for a signed-in controller's
 * files (the SIE import streams its body).
 */
const MAX_BODY = {
  anonymous: 16 * 1024,
  json: 1024 * 1024,
  upload: 200 * 1024 * 1024,
};

function sizeInWords(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} kB`;
}

function limitBody(maxSize: number, advice = ''): MiddlewareHandler<Env> {
  return bodyLimit({
    maxSize,
    onError: () =>
      json(
        {
          code: 'INVALID_ARGUMENT',
          message: `begäran är större än ${sizeInWords(maxSize)}${advice}`,
        },
        413,
      ),
  });
}

/** The requests whose body is a file (streamed or read whole), not JSON. */
function isUpload(path: string): boolean {
  return path.startsWith('/api/imports/') || path === '/api/action-plans/import';
}

function changesState(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}

/** The media type of a Content-Type header, without its parameters: `application/json`. */
function mediaType(header: string | undefined): string | undefined {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type === '' ? undefined : type;
}

/**
 * The HTTP API: the same services as the CLI, as JSON. Every input is validated (zod), errors are
 * `{ "code": "...", "message": "..." }`, and /api/openapi.json describes it all.
 */
export interface AppOptions {
  oidc?: OidcConfig;
  /** The built web app (dist/web) to serve beside the API; the API alone when undefined. */
  webRoot?: string;
  /** The address users reach Balans at, e.g. https://balans.kommun.se (docs/deployment.md). */
  publicUrl?: URL;
  /** Trust X-Forwarded-Proto, -Host and -For from the proxy in front. */
  trustProxy?: boolean;
  /** How failed sign-ins are held back; a throttle of its own per app by default. */
  throttle?: LoginThrottle;
  /** Where Kolada is asked; default KOLADA_URL, else https://api.kolada.se/v3. */
  kolada?: { baseUrl: string; timeoutMs?: number };
}

export function createApp(handle: BalansDb, options: AppOptions = {}): BalansApp {
  const edge: EdgeSettings = {
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    trustProxy: options.trustProxy ?? false,
  };
  const context: AppContext = {
    handle,
    ...(options.oidc ? { oidc: options.oidc } : {}),
    edge,
    throttle: options.throttle ?? createLoginThrottle(),
    ...(options.kolada ? { kolada: options.kolada } : {}),
  };
  const app = new OpenAPIHono<Env>({
    defaultHook: (result) => {
      if (!result.success)
        return json({ code: 'INVALID_ARGUMENT', message: describeIssues(result.error) }, 400);
      return undefined;
    },
  });

  // The web app loads only its own scripts and styles, and is never framed.
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
      crossOriginEmbedderPolicy: false,
    }),
  );

  // A change comes from Balans's own pages, as JSON (or a file): a form or a fetch of another
  // site can send neither without the browser asking first, and the browser says where it came
  // from (Sec-Fetch-Site, or Origin in older browsers). Clients that are not browsers send neither.
  app.use('/api/*', async (c, next) => {
    if (!changesState(c.req.method)) return next();
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const sameOrigin =
      site !== undefined
        ? site === 'same-origin' || site === 'none'
        : origin === undefined || origin === publicOrigin(c as Context, edge);
    if (!sameOrigin)
      return json(
        {
          code: 'FORBIDDEN',
          message: 'begäran kommer från en annan webbplats än Balans och tas inte emot',
        },
        403,
      );
    const type = mediaType(c.req.header('content-type'));
    const upload = isUpload(c.req.path);
    const expected = upload ? 'application/octet-stream' : 'application/json';
    const length = c.req.header('content-length');
    const hasBody =
      type !== undefined ||
      (length !== undefined && length !== '0') ||
      c.req.header('transfer-encoding') !== undefined;
    if (hasBody && type !== expected)
      return json(
        {
          code: 'INVALID_ARGUMENT',
          message: upload
            ? 'skicka filen som den är, med Content-Type: application/octet-stream'
            : 'begärans innehåll ska vara JSON, med Content-Type: application/json',
        },
        415,
      );
    return next();
  });

  // Before sign-in, only a small body is read (the sign-in itself).
  const anonymousLimit = limitBody(MAX_BODY.anonymous);
  app.use(
    '/api/*',
    except((c) => !isPublic(c.req.path), anonymousLimit),
  );

  app.onError((thrown) => {
    const error = busyError(thrown) ?? thrown;
    if (error instanceof PasswordWorkBusy) {
      const busy = json({ code: 'BUSY', message: error.message }, 503);
      busy.headers.set('retry-after', '1');
      return busy;
    }
    if (isAppError(error)) {
      const response = json(
        {
          code: error.code,
          message: error.message,
          ...(error.problems ? { problems: error.problems } : {}),
        },
        STATUS[error.code],
      );
      // A large import holds the tables for a while (src/db/database.ts busyError).
      if (error.code === 'DATABASE_BUSY') response.headers.set('retry-after', '10');
      return response;
    }
    // The JSON-body validators of the OpenAPI routes: malformed JSON (400), another media type (415).
    if (error instanceof HTTPException && error.status < 500)
      return json({ code: 'INVALID_ARGUMENT', message: bodyProblem(error) }, error.status);
    console.error(error);
    return json({ code: 'INTERNAL', message: 'ett oväntat fel inträffade; se serverns logg' }, 500);
  });
  app.notFound(() => json({ code: 'NOT_FOUND', message: 'adressen finns inte i Balans API' }, 404));

  app.get('/api/health', () => json({ status: 'ok', engine: handle.engine }));

  // A request that only reads sees the data as of one moment: one read of the data versions
  // serves its session, its scope and its answers (src/db/data-version.ts). Not the public paths:
  // a sign-in (the OpenID Connect callback is a GET) writes.
  app.use('/api/*', (c, next) =>
    (c.req.method === 'GET' || c.req.method === 'HEAD') && !isPublic(c.req.path)
      ? readOnce(next)
      : next(),
  );

  // Everything else needs a session; a change also needs the session's CSRF token in X-CSRF-Token.
  app.use('/api/*', async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (isPublic(path)) return next();
    const token = getCookie(c as Context, SESSION_COOKIE);
    const found = token ? await sessionUser(handle.db, token) : undefined;
    if (!token || !found) return json({ code: 'UNAUTHENTICATED', message: 'logga in först' }, 401);
    if (
      c.req.method !== 'GET' &&
      c.req.method !== 'HEAD' &&
      c.req.header('x-csrf-token') !== found.csrfToken
    ) {
      return json(
        {
          code: 'FORBIDDEN',
          message: 'begäran saknar sessionens CSRF-token (X-CSRF-Token): läs in sidan igen',
        },
        403,
      );
    }
    if (
      found.user.role === 'namnd' &&
      !path.startsWith('/api/me') &&
      !path.startsWith('/api/auth/') &&
      !boardMayRequest(c.req.method, path)
    ) {
      return json(
        {
          code: 'FORBIDDEN',
          message: 'nämnden läser färdiga rapporter; arbetsmaterialet är förvaltningens',
        },
        403,
      );
    }
    if (!mayRequest(found.user.role, c.req.method, path))
      return json({ code: 'FORBIDDEN', message: 'bara ekonom/controller får göra detta' }, 403);
    c.set('user', found.user);
    c.set('token', token);
    c.set('csrfToken', found.csrfToken);
    c.set('ansvar', await visibleAnsvar(handle.db, found.user));
    return next();
  });

  // Signed in: JSON of a modest size, files up to 200 MB.
  const jsonLimit = limitBody(MAX_BODY.json);
  const uploadLimit = limitBody(
    MAX_BODY.upload,
    ': importera så stora filer med kommandot balans import',
  );
  app.use(
    '/api/*',
    except((c) => isPublic(c.req.path) || isUpload(c.req.path), jsonLimit),
    except((c) => isPublic(c.req.path) || !isUpload(c.req.path), uploadLimit),
  );

  authRoutes(app, context);
  oidcRoutes(app, context);
  userRoutes(app, context);
  organisationRoutes(app, context);
  importRoutes(app, context);
  reportRoutes(app, context);
  ledgerRoutes(app, context);
  followupRoutes(app, context);
  actionPlanRoutes(app, context);
  koladaRoutes(app, context);
  goalRoutes(app, context);
  forecastRoutes(app, context);
  documentRoutes(app, context);

  if (options.webRoot !== undefined) webRoutes(app, options.webRoot);

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Balans API',
      version: '0.1.0',
      description: 'Ekonomi i balans: ledger, budget and reports of municipal social services',
    },
  });

  return app;
}
