import { Option } from 'commander';
import { AppError } from '../../shared/app-error.ts';
import { ROLES, type Role } from '../../auth/auth.ts';
import { createUser } from '../../auth/auth.service.ts';
import { cliActor, dataOption, withDatabase, type Cli } from '../cli-support.ts';

/** Users of the web app and the API. */
export function registerUserCommands({ program, print }: Cli): void {
  program
    .command('user')
    .description('users of the web app and the API')
    .command('add')
    .description(
      'add a user; the password comes from the environment variable BALANS_PASSWORD (never the command line)',
    )
    .argument('<username>', 'the sign-in name')
    .requiredOption('--name <name>', 'the name shown')
    .addOption(
      new Option('--role <role>', 'what the user may see and do')
        .choices([...ROLES])
        .makeOptionMandatory(),
    )
    .option(
      '--scope <codes>',
      'for verksamhetschef and enhetschef: the parts of the organisation (codes, comma-separated) they see',
    )
    .addOption(dataOption())
    .action(
      async (
        username: string,
        options: { name: string; role: Role; scope?: string; data?: string },
      ) => {
        const password = process.env['BALANS_PASSWORD'];
        if (!password)
          throw new AppError(
            'INVALID_ARGUMENT',
            'ange lösenordet i miljövariabeln BALANS_PASSWORD',
          );
        const scope = (options.scope ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const actor = cliActor();
        const user = await withDatabase(options.data, (handle) =>
          handle.transaction((tx) =>
            createUser(tx.db, actor, {
              username,
              displayName: options.name,
              password,
              role: options.role,
              scope,
            }),
          ),
        );
        print(
          `User ${user.username} (${user.role}${user.scope.length > 0 ? `, ${user.scope.join(', ')}` : ''}) added`,
        );
      },
    );
}
