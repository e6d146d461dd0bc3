import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { BalansApp } from './http.ts';

/** Where `vite build` writes the web app (dist/web beside src/). */
export const DEFAULT_WEB_ROOT = resolve(import.meta.dirname, '..', '..', 'dist', 'web');

export function isWebBuilt(webRoot: string): boolean {
  return existsSync(join(webRoot, 'index.html'));
}

/**
 * The web app from the same process as the API: hashed assets cached for a year, and every other
 * path that is not /api answered with index.html (the app routes in the browser).
 */
export function webRoutes(app: BalansApp, webRoot: string): void {
  const index = readFileSync(join(webRoot, 'index.html'), 'utf8');
  app.use(
    '/assets/*',
    serveStatic({
      root: webRoot,
      onFound: (_path, c) => {
        c.header('cache-control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  app.get('*', (c, next) => {
    if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/assets/')) return next();
    c.header('cache-control', 'no-cache');
    return c.html(index);
  });
}
