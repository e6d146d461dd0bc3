import { serve } from '@hono/node-server';
import type { BalansDb } from '../db/database.ts';
import { createApp } from './app.ts';

/** Serves the API on a port until the process is told to stop; then closes the database (and its lock). */
export async function serveBalans(
  handle: BalansDb,
  port: number,
  onListening: (url: string) => void,
): Promise<void> {
  const app = createApp(handle);
  await new Promise<void>((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname: '0.0.0.0' }, (info) => {
      onListening(`http://localhost:${info.port}`);
    });
    const stop = () => {
      server.close(() => {
        resolve();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
