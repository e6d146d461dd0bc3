import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { OidcConfig } from '../auth/oidc.ts';
import type { BalansDb } from '../db/database.ts';
import { AppError } from '../shared/app-error.ts';
import { createApp } from './app.ts';
import { DEFAULT_WEB_ROOT, isWebBuilt } from './web.ts';

export interface ServerOptions {
  port: number;
  /**
   * The interface to listen on (`--host`): 0.0.0.0 to be reachable from other machines, 127.0.0.1
   * for this machine only. Default: HOST, else 127.0.0.1 for the demo and 0.0.0.0 otherwise.
   */
  hostname?: string;
  /** The demo of `npm start`: its passwords are published, so it listens on this machine only unless a host is asked for. */
  demo?: boolean;
  /** The address users reach Balans at (`--public-url`); default BALANS_PUBLIC_URL. */
  publicUrl?: string;
  /** Trust the proxy's X-Forwarded-* headers (`--trust-proxy`); default BALANS_TRUST_PROXY=1. */
  trustProxy?: boolean;
  /** The built web app; DEFAULT_WEB_ROOT when it exists, else the API only. */
  webRoot?: string;
  oidc?: OidcConfig;
}

/** Where and how the server listens, from the options, else the environment. */
export interface ServerSettings {
  hostname: string;
  publicUrl?: URL;
  trustProxy: boolean;
}

/**
 * The settings of a server: an option given wins, then the environment (HOST,
 * BALANS_PUBLIC_URL, BALANS_TRUST_PROXY), then the defaults. A wrong value stops the server at
 * start with a message naming it.
 */
export function serverSettings(
  options: Pick<ServerOptions, 'hostname' | 'demo' | 'publicUrl' | 'trustProxy'>,
  env: Record<string, string | undefined> = process.env,
): ServerSettings {
  const host = options.hostname ?? (env['HOST'] || undefined);
  const hostname = host ?? (options.demo ? '127.0.0.1' : '0.0.0.0');
  if (!/^[A-Za-z0-9.:[\]-]{1,253}$/.test(hostname))
    throw new AppError(
      'INVALID_ARGUMENT',
      `${options.hostname === undefined ? 'HOST' : '--host'} ${hostname}: ange ett värdnamn eller en IP-adress (127.0.0.1, 0.0.0.0)`,
    );
  const publicText = options.publicUrl ?? (env['BALANS_PUBLIC_URL'] || undefined);
  let publicUrl: URL | undefined;
  if (publicText !== undefined) {
    const name = options.publicUrl === undefined ? 'BALANS_PUBLIC_URL' : '--public-url';
    publicUrl = URL.canParse(publicText) ? new URL(publicText) : undefined;
    if (!publicUrl || (publicUrl.protocol !== 'https:' && publicUrl.protocol !== 'http:'))
      throw new AppError(
        'INVALID_ARGUMENT',
        `${name} ${publicText}: ange adressen användarna når Balans på, t.ex. https://balans.kommun.se`,
      );
  }
  const trustText = env['BALANS_TRUST_PROXY'];
  if (
    options.trustProxy === undefined &&
    trustText !== undefined &&
    !['', '0', '1', 'true', 'false'].includes(trustText)
  )
    throw new AppError(
      'INVALID_ARGUMENT',
      `BALANS_TRUST_PROXY=${trustText}: ska vara 1 (lita på proxyns X-Forwarded-*) eller 0`,
    );
  const trustProxy = options.trustProxy ?? (trustText === '1' || trustText === 'true');
  return { hostname, ...(publicUrl ? { publicUrl } : {}), trustProxy };
}

/**
 * What an operator should hear at start: a server reachable from other machines that is not
 * known to be behind https sends its session cookie without Secure.
 */
export function serverWarnings(settings: ServerSettings): string[] {
  const local = ['127.0.0.1', '::1', 'localhost'].includes(settings.hostname);
  const https = settings.publicUrl?.protocol === 'https:' || settings.trustProxy;
  return local || https
    ? []
    : [
        `Balans lyssnar på ${settings.hostname} utan https: sätt BALANS_PUBLIC_URL=https://… (eller BALANS_TRUST_PROXY=1 bakom en proxy med TLS), se docs/deployment.md`,
      ];
}

export interface RunningServer {
  url: string;
  /** The interface listened on (127.0.0.1, 0.0.0.0, …). */
  hostname: string;
  /** What the operator should be told (see serverWarnings). */
  warnings: string[];
  /** Whether the web app is served (it must have been built with `npm run build:web`). */
  web: boolean;
  close(): Promise<void>;
}

/** Serves the API (and the web app) on a port; port 0 picks a free one. */
export async function startServer(
  handle: BalansDb,
  options: ServerOptions,
): Promise<RunningServer> {
  const settings = serverSettings(options);
  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  const web = isWebBuilt(webRoot);
  const app = createApp(handle, {
    ...(web ? { webRoot } : {}),
    ...(options.oidc ? { oidc: options.oidc } : {}),
    ...(settings.publicUrl ? { publicUrl: settings.publicUrl } : {}),
    trustProxy: settings.trustProxy,
  });
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port, hostname: settings.hostname },
      (info: AddressInfo) => {
        resolve({
          url: `http://localhost:${info.port}`,
          hostname: info.address,
          warnings: serverWarnings(settings),
          web,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => {
                done();
              });
              // Keep-alive connections of browsers would hold the server open.
              if ('closeAllConnections' in server) server.closeAllConnections();
            }),
        });
      },
    );
    server.once('error', reject);
  });
}

/** Serves until the process is told to stop (Ctrl+C, SIGTERM); then the caller closes the database. */
export async function serveUntilStopped(
  handle: BalansDb,
  options: ServerOptions,
  onListening: (server: RunningServer) => void,
): Promise<void> {
  const server = await startServer(handle, options);
  onListening(server);
  await new Promise<void>((resolve) => {
    const stop = () => {
      void server.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
