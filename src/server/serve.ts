import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { OidcConfig } from '../auth/oidc.ts';
import type { BalansDb } from '../db/database.ts';
import { createApp } from './app.ts';
import { DEFAULT_WEB_ROOT, isWebBuilt } from './web.ts';

export interface ServerOptions {
  port: number;
  /** 0.0.0.0 to be reachable from other machines; 127.0.0.1 for tests. */
  hostname?: string;
  /** The built web app; DEFAULT_WEB_ROOT when it exists, else the API only. */
  webRoot?: string;
  oidc?: OidcConfig;
}

export interface RunningServer {
  url: string;
  /** Whether the web app is served (it must have been built with `npm run build:web`). */
  web: boolean;
  close(): Promise<void>;
}

/** Serves the API (and the web app) on a port; port 0 picks a free one. */
export async function startServer(
  handle: BalansDb,
  options: ServerOptions,
): Promise<RunningServer> {
  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  const web = isWebBuilt(webRoot);
  const app = createApp(handle, {
    ...(web ? { webRoot } : {}),
    ...(options.oidc ? { oidc: options.oidc } : {}),
  });
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port, hostname: options.hostname ?? '0.0.0.0' },
      (info: AddressInfo) => {
        resolve({
          url: `http://localhost:${info.port}`,
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
