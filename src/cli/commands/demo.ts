import { buildDemo } from '../../demo/demo.service.ts';
import { dataOption, withDatabase, type Cli } from '../cli-support.ts';
import { printSummary } from './imports.ts';

/** The demo municipality. */
export function registerDemoCommands({ program, print }: Cli): void {
  program
    .command('demo')
    .description(
      'build the demo municipality Exempelkommun (2023 and 2024 ledger, 2024 budget) through the ordinary SIE import',
    )
    .addOption(dataOption())
    .action(async (options: { data?: string }) => {
      const summaries = await withDatabase(options.data, (handle) => buildDemo(handle));
      for (const summary of summaries) print(printSummary(summary));
    });
}
