/**
 * The server of the API benchmark, in a process of its own so that the load generator never
 * shares its event loop: opens the database and serves it on a free port of 127.0.0.1.
 *
 *   node bench/api-server.ts --data-dir DIR | --database-url URL
 *
 * Prints `LISTENING <url>` when it serves; stops on SIGTERM or SIGINT.
 */
import { openDatabase, type OpenOptions } from '../src/db/database.ts';
import { startServer } from '../src/server/serve.ts';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const dataDir = option('--data-dir');
const databaseUrl = option('--database-url');
const target: OpenOptions | undefined = dataDir
  ? { engine: 'pglite', dataDir }
  : databaseUrl
    ? { engine: 'postgres', databaseUrl }
    : undefined;
if (!target) {
  process.stderr.write('api-server: give --data-dir DIR or --database-url URL\n');
  process.exit(2);
}

const handle = await openDatabase(target);
const server = await startServer(handle, { port: 0, hostname: '127.0.0.1' });
// The server listens on 127.0.0.1 only; "localhost" may resolve to ::1 first.
process.stdout.write(`LISTENING ${server.url.replace('//localhost:', '//127.0.0.1:')}\n`);

const stop = () => {
  void server
    .close()
    // Requests the load generator left behind may still be running: let them end first.
    .then(() => new Promise((resolve) => setTimeout(resolve, 3000)))
    .then(() => handle.close())
    .then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
