import { writeFileSync } from 'node:fs';
import { formatOf } from '../../files/table-file.ts';
import {
  exportClassification,
  importClassification,
  setInvestmentProject,
} from '../../reports/classification.service.ts';
import { audited, dataOption, readInput, withDatabase, type Cli } from '../cli-support.ts';

/** The report lines' account ranges and the investment projects. */
export function registerClassificationCommands({
  program,
  importCommand,
  exportCommand,
  print,
}: Cli): void {
  exportCommand
    .command('classification')
    .description('the account classification: the account-number ranges of each report line')
    .requiredOption('--out <file>', 'the file to write (.xlsx or .csv)')
    .addOption(dataOption())
    .action(async (options: { out: string; data?: string }) => {
      writeFileSync(
        options.out,
        await withDatabase(options.data, ({ db }) =>
          exportClassification(db, formatOf(options.out)),
        ),
      );
      print(`Wrote ${options.out}`);
    });

  importCommand
    .command('classification')
    .description('replace the account ranges of the report lines a file names (rad, fran, till)')
    .argument('<file>', 'XLSX or CSV')
    .addOption(dataOption())
    .action(async (file: string, options: { data?: string }) => {
      const bytes = readInput(file);
      const result = await withDatabase(options.data, (handle) =>
        audited(handle, 'import.classification', file, (tx) =>
          importClassification(tx.db, { name: file, bytes }),
        ),
      );
      print(`Klassificering: ${result.ranges} intervall för ${result.lines} rader`);
    });

  program
    .command('investment')
    .description(
      "set an investment project's comment, or the unspent money asked to be carried over to next year (ombudgetering)",
    )
    .argument('<project>', 'the project code (projekt dimension)')
    .option('--name <name>', 'the project name')
    .option('--comment <text>', 'the comment shown in investeringsredovisningen')
    .option('--carry-over <kronor>', 'unspent money to carry over to next year, in kronor')
    .addOption(dataOption())
    .action(
      async (
        project: string,
        options: { name?: string; comment?: string; carryOver?: string; data?: string },
      ) => {
        await withDatabase(options.data, (handle) =>
          audited(handle, 'investment.update', project, (tx) =>
            setInvestmentProject(tx.db, {
              code: project,
              ...(options.name === undefined ? {} : { name: options.name }),
              ...(options.comment === undefined ? {} : { comment: options.comment }),
              ...(options.carryOver === undefined ? {} : { carryOverKronor: options.carryOver }),
            }),
          ),
        );
        print(`Project ${project} updated`);
      },
    );
}
