import { Option } from 'commander';
import { findFiscalYears } from '../../ledger/ledger.repository.ts';
import { buildDemo, createDemoUsers, DEMO_PASSWORD } from '../../demo/demo.service.ts';
import { AppError } from '../../shared/app-error.ts';
import { serveUntilStopped, type RunningServer } from '../../server/serve.ts';
import { oidcConfigFromEnv } from '../../auth/oidc.ts';
import { dataOption, withDatabase, type Cli } from '../cli-support.ts';

/** Serving the web app and the API: `serve`, and `start` for the demo. */
export function registerServeCommands({ program, print }: Cli): void {
  const portOption = () =>
    new Option('--port <n>', 'the port (default: PORT, or 8080)').argParser((value) => {
      const port = Number(value);
      if (!Number.isInteger(port) || port <= 0 || port > 65535)
        throw new AppError('INVALID_ARGUMENT', `--port ${value}: en port är ett tal 1–65535`);
      return port;
    });
  const defaultPort = () => {
    const port = Number(process.env['PORT'] ?? 8080);
    if (!Number.isInteger(port) || port <= 0 || port > 65535)
      throw new AppError(
        'INVALID_ARGUMENT',
        `PORT=${process.env['PORT'] ?? ''}: en port är ett tal 1–65535`,
      );
    return port;
  };
  // OpenID Connect from BALANS_OIDC_* (docs/oidc.md); a bad setting stops the server at start.
  const oidcOption = () => {
    const oidc = oidcConfigFromEnv(process.env);
    return oidc ? { oidc } : {};
  };
  const served = (server: RunningServer, location: string) => {
    print(`Balans serves ${location} at ${server.url}`);
    print(
      server.web
        ? `  the web app: ${server.url}/   the API: ${server.url}/api/openapi.json`
        : `  the API only (${server.url}/api/openapi.json): the web app is not built — run npm run build:web`,
    );
  };

  program
    .command('serve')
    .description('serve the web app and the HTTP API for a data folder or DATABASE_URL')
    .addOption(dataOption())
    .addOption(portOption())
    .action(async (options: { data?: string; port?: number }) => {
      const port = options.port ?? defaultPort();
      await withDatabase(options.data, (handle) =>
        serveUntilStopped(handle, { port, ...oidcOption() }, (server) => {
          served(server, handle.location);
          print('Stop with Ctrl+C.');
        }),
      );
    });

  program
    .command('start')
    .description(
      'the main job of `npm start`: the demo municipality in the embedded database, served on the web with a user per role',
    )
    .addOption(dataOption())
    .addOption(portOption())
    .option('--rebuild', 'build the demo again even if the data folder holds a ledger')
    .action(async (options: { data?: string; port?: number; rebuild?: boolean }) => {
      const port = options.port ?? defaultPort();
      await withDatabase(options.data, async (handle) => {
        const years = await findFiscalYears(handle.db);
        if (years.length === 0 || options.rebuild) {
          print('Building the demo municipality Exempelkommun (2023 and 2024) …');
          for (const summary of await buildDemo(handle))
            print(`  ${summary.file}: ${summary.vouchers} vouchers, ${summary.rows} rows`);
        } else {
          print(
            `The data folder holds ${years.map((y) => y.start.slice(0, 4)).join(', ')}: kept (--rebuild builds the demo again).`,
          );
        }
        const users = await createDemoUsers(handle);
        await serveUntilStopped(handle, { port, ...oidcOption() }, (server) => {
          served(server, handle.location);
          if (users.length > 0) {
            print(`\nDemo sign-ins (password for all: ${DEMO_PASSWORD}):`);
            for (const user of users)
              print(`  ${user.username.padEnd(14)} ${user.role.padEnd(17)} ${user.displayName}`);
          } else {
            print('\nSign in with the users of this database (balans user add creates more).');
          }
          print('\nStop with Ctrl+C.');
        });
      });
    });
}
