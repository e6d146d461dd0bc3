import { writeFileSync } from 'node:fs';
import { formatOf } from '../../files/table-file.ts';
import { exportOrganisation, importOrganisation } from '../../organisation/organisation.service.ts';
import { importActivities } from '../../reports/activity.service.ts';
import { audited, dataOption, readInput, withDatabase, type Cli } from '../cli-support.ts';

/** The organisation tree and the activity hierarchy. */
export function registerOrganisationCommands({ importCommand, exportCommand, print }: Cli): void {
  exportCommand
    .command('organisation')
    .description(
      'the organisation tree as a file to edit and import again (ansvar not yet placed come last)',
    )
    .requiredOption('--out <file>', 'the file to write (.xlsx or .csv)')
    .addOption(dataOption())
    .action(async (options: { out: string; data?: string }) => {
      const bytes = await withDatabase(options.data, ({ db }) =>
        exportOrganisation(db, formatOf(options.out)),
      );
      writeFileSync(options.out, bytes);
      print(`Wrote ${options.out}`);
    });

  importCommand
    .command('organisation')
    .description(
      'import the organisation tree (XLSX or CSV: kod, namn, niva, overordnad), replacing the one held',
    )
    .argument('<file>', 'niva: forvaltning, verksamhetsomrade, enhet or ansvar')
    .addOption(dataOption())
    .action(async (file: string, options: { data?: string }) => {
      const bytes = readInput(file);
      const result = await withDatabase(options.data, (handle) =>
        audited(handle, 'import.organisation', file, (tx) =>
          importOrganisation(tx.db, { name: file, bytes }),
        ),
      );
      print(
        `Organisation: ${result.units} enheter (${Object.entries(result.byLevel)
          .map(([level, n]) => `${level} ${n}`)
          .join(', ')})`,
      );
    });

  importCommand
    .command('verksamheter')
    .description(
      'import an activity hierarchy (XLSX or CSV: kod, namn, overordnad); overordnad overrides the longest-prefix rule',
    )
    .argument('<file>', 'the hierarchy file')
    .addOption(dataOption())
    .action(async (file: string, options: { data?: string }) => {
      const bytes = readInput(file);
      const result = await withDatabase(options.data, (handle) =>
        audited(handle, 'import.verksamheter', file, (tx) =>
          importActivities(tx.db, { name: file, bytes }),
        ),
      );
      print(
        `Verksamheter: ${result.activities}, varav ${result.explicitParents} med angiven överordnad`,
      );
    });
}
