import { writeFileSync } from 'node:fs';
import {
  budgetVersions,
  exportBudget,
  importBudget,
  makeCurrent,
} from '../../budget/budget.service.ts';
import { formatOf } from '../../files/table-file.ts';
import { formatTable } from '../output.ts';
import {
  audited,
  dataOption,
  parseYear,
  readInput,
  withDatabase,
  type Cli,
} from '../cli-support.ts';

/** Budget: the template in and out, and the versions. */
export function registerBudgetCommands({
  program,
  importCommand,
  exportCommand,
  print,
}: Cli): void {
  importCommand
    .command('budget')
    .description(
      'import a budget template (XLSX or CSV) into a budget version: all of it, or nothing if a row is wrong',
    )
    .argument(
      '<file>',
      'the template: ansvar, verksamhet, projekt, konto, ar and belopp (yearly), jan … dec, or manad + belopp',
    )
    .requiredOption('--year <yyyy>', 'the year in which the fiscal year starts')
    .option('--version <name>', 'the budget version to create or replace', 'Budget')
    .option(
      '--profile <name>',
      'how yearly amounts are spread: tolftedelar, personal, foregaende-ar, or a profile of your own',
      'tolftedelar',
    )
    .option('--current', "make this version the year's current budget")
    .addOption(dataOption())
    .action(
      async (
        file: string,
        options: {
          year: string;
          version: string;
          profile: string;
          current?: boolean;
          data?: string;
        },
      ) => {
        const bytes = readInput(file);
        const year = parseYear(options.year);
        const summary = await withDatabase(options.data, (handle) =>
          audited(handle, 'import.budget', `${file} → ${options.version}`, (tx) =>
            importBudget(
              tx.db,
              { name: file, bytes },
              {
                year,
                version: options.version,
                profile: options.profile,
                makeCurrent: options.current ?? false,
              },
            ),
          ),
        );
        print(
          `Budget ${summary.year}, version "${summary.version}"${summary.isCurrent ? ' (gällande)' : ''}: ${summary.rows} rader, ${summary.cells} månadsbelopp, summa ${summary.total} kr`,
        );
      },
    );

  exportCommand
    .command('budget')
    .description(
      "the budget template, pre-filled with a budget version (the current one by default) or, when the year has none, last year's outcome",
    )
    .requiredOption('--year <yyyy>', 'the year in which the fiscal year starts')
    .option('--version <name>', 'a budget version by name')
    .requiredOption('--out <file>', 'the file to write (.xlsx or .csv)')
    .addOption(dataOption())
    .action(async (options: { year: string; version?: string; out: string; data?: string }) => {
      const year = parseYear(options.year);
      const bytes = await withDatabase(options.data, ({ db }) =>
        exportBudget(db, {
          year,
          format: formatOf(options.out),
          ...(options.version === undefined ? {} : { version: options.version }),
        }),
      );
      writeFileSync(options.out, bytes);
      print(`Wrote ${options.out}`);
    });

  const budget = program.command('budget').description('budget versions');
  budget
    .command('versions')
    .description("the year's budget versions; the current one is marked")
    .requiredOption('--year <yyyy>', 'the year in which the fiscal year starts')
    .addOption(dataOption())
    .action(async (options: { year: string; data?: string }) => {
      const versions = await withDatabase(options.data, ({ db }) =>
        budgetVersions(db, parseYear(options.year)),
      );
      print(
        formatTable(
          [
            { key: 'name', header: 'Version' },
            { key: 'current', header: 'Gällande' },
            { key: 'source', header: 'Källa' },
          ],
          versions.map((v) => ({
            name: v.name,
            current: v.isCurrent ? 'ja' : '',
            source: v.source,
          })),
        ),
      );
    });
  budget
    .command('current')
    .description("make a version the year's current budget (reports use it unless told otherwise)")
    .requiredOption('--year <yyyy>', 'the year in which the fiscal year starts')
    .requiredOption('--version <name>', 'the budget version')
    .addOption(dataOption())
    .action(async (options: { year: string; version: string; data?: string }) => {
      await withDatabase(options.data, (handle) =>
        audited(handle, 'budget.current', `${options.year}: ${options.version}`, (tx) =>
          makeCurrent(tx.db, parseYear(options.year), options.version),
        ),
      );
      print(`"${options.version}" is now the current budget of ${options.year}`);
    });
}
