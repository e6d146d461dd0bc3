import { Command, CommanderError, Help } from 'commander';
import { SieImportError } from '../ledger/sie-checks.ts';
import { isAppError, type AppErrorCode } from '../shared/app-error.ts';
import type { Cli } from './cli-support.ts';
import { registerActionPlanCommands } from './commands/action-plans.ts';
import { registerBudgetCommands } from './commands/budget.ts';
import { registerClassificationCommands } from './commands/classification.ts';
import { registerDemoCommands } from './commands/demo.ts';
import { registerDocumentCommands } from './commands/documents.ts';
import { registerGoalCommands } from './commands/goals.ts';
import { registerImportCommands } from './commands/imports.ts';
import { registerKoladaCommands } from './commands/kolada.ts';
import { registerKpiCommands } from './commands/kpi.ts';
import { registerLedgerCommands } from './commands/ledger.ts';
import { registerOrganisationCommands } from './commands/organisation.ts';
import { registerForecastCommands } from './commands/forecast.ts';
import { registerReportCommands } from './commands/reports.ts';
import { registerServeCommands } from './commands/serve.ts';
import { registerUserCommands } from './commands/users.ts';
import { busyError } from '../db/database.ts';

/** Exit codes, documented in the README. */
export const EXIT = { ok: 0, failure: 1, usage: 2, refused: 3, database: 4, notFound: 5 } as const;

const EXIT_BY_CODE: Record<AppErrorCode, number> = {
  SIE_REFUSED: EXIT.refused,
  TEMPLATE_REFUSED: EXIT.refused,
  OTHER_ORGANISATION: EXIT.refused,
  DATA_DIR_LOCKED: EXIT.database,
  DATABASE_UNAVAILABLE: EXIT.database,
  DATABASE_BUSY: EXIT.database,
  NOT_FOUND: EXIT.notFound,
  CONFLICT: EXIT.refused,
  UNAUTHENTICATED: EXIT.usage,
  FORBIDDEN: EXIT.usage,
  INVALID_ARGUMENT: EXIT.usage,
  UPSTREAM_FAILED: EXIT.refused,
};

/**
 * The order in which `--help` lists the commands, by the name of the command they belong to.
 * The features register theirs one module at a time; the listing keeps the order users know.
 * Commands not named here (`help`) follow in the order they were added.
 */
const HELP_ORDER: Readonly<Record<string, readonly string[]>> = {
  balans: [
    'import',
    'export',
    'investment',
    'budget',
    'ledger',
    'demo',
    'report',
    'user',
    'atgardskrav',
    'atgarder',
    'kpi',
    'kolada',
    'mal',
    'document',
    'serve',
    'start',
  ],
  import: [
    'sie',
    'budget',
    'classification',
    'organisation',
    'verksamheter',
    'atgarder',
    'indikatorvarden',
  ],
  export: ['budget', 'organisation', 'classification', 'atgarder'],
};

function listedInHelpOrder(this: Help, cmd: Command): Command[] {
  const visible = Help.prototype.visibleCommands.call(this, cmd);
  const order = HELP_ORDER[cmd.name()];
  if (order === undefined) return visible;
  const rank = (c: Command) => {
    const at = order.indexOf(c.name());
    return at === -1 ? order.length : at;
  };
  // Array.prototype.sort is stable: unnamed commands keep the order they were added in.
  return visible.sort((a, b) => rank(a) - rank(b));
}

export function buildProgram(print: (text: string) => void): Command {
  const program = new Command('balans')
    .description('Balans: ekonomi i balans for municipal social services')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ visibleCommands: listedInHelpOrder })
    .exitOverride();
  const cli: Cli = {
    program,
    importCommand: program.command('import').description('import data into the ledger'),
    exportCommand: program.command('export').description('export data as a file'),
    print,
  };
  registerImportCommands(cli);
  registerLedgerCommands(cli);
  registerBudgetCommands(cli);
  registerOrganisationCommands(cli);
  registerClassificationCommands(cli);
  registerReportCommands(cli);
  registerForecastCommands(cli);
  registerActionPlanCommands(cli);
  registerKpiCommands(cli);
  registerKoladaCommands(cli);
  registerGoalCommands(cli);
  registerDocumentCommands(cli);
  registerUserCommands(cli);
  registerDemoCommands(cli);
  registerServeCommands(cli);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram((text) => process.stdout.write(text + '\n'));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (thrown) {
    const error = busyError(thrown) ?? thrown;
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (isAppError(error)) {
      process.stderr.write(`balans: ${error.message}\n`);
      return EXIT_BY_CODE[error.code];
    }
    if (error instanceof SieImportError) {
      // An import stopped by an error nobody foresaw: the message names the file and says that
      // nothing was imported; the cause goes to the log for whoever investigates.
      process.stderr.write(`balans: ${error.message}\n`);
      return EXIT.failure;
    }
    process.stderr.write(
      `balans: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT.failure;
  }
}
