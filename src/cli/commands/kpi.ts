import { setKpi, setKpiTarget, setKpiValue } from '../../kpi/kpi.service.ts';
import { audited, dataOption, parseYear, withDatabase, type Cli } from '../cli-support.ts';

/** Key figures (nyckeltal). */
export function registerKpiCommands({ program, print }: Cli): void {
  const kpi = program.command('kpi').description('key figures (nyckeltal) that steer the plans');
  kpi
    .command('set')
    .description('define a key figure')
    .argument('<code>', 'e.g. utforandegrad')
    .requiredOption('--name <text>', 'e.g. Utförandegrad')
    .option('--unit <unit>', 'e.g. %', '')
    .addOption(dataOption())
    .action(async (code: string, options: { name: string; unit: string; data?: string }) => {
      await withDatabase(options.data, (handle) =>
        audited(handle, 'kpi.set', code, (tx) =>
          setKpi(tx.db, { code, name: options.name, unit: options.unit }),
        ),
      );
      print(`Nyckeltal ${code}: ${options.name}`);
    });
  kpi
    .command('value')
    .description('an outcome for some months, e.g. --value 64,6 --from 2023-01 --to 2023-03')
    .argument('<code>')
    .requiredOption('--value <n>', 'the outcome')
    .requiredOption('--from <yyyy-mm>', 'first month')
    .requiredOption('--to <yyyy-mm>', 'last month')
    .option('--verksamhet <code>', 'the activity (default: the whole administration)')
    .addOption(dataOption())
    .action(
      async (
        code: string,
        options: { value: string; from: string; to: string; verksamhet?: string; data?: string },
      ) => {
        await withDatabase(options.data, (handle) =>
          audited(handle, 'kpi.value', code, (tx) =>
            setKpiValue(tx.db, {
              code,
              value: options.value,
              from: options.from,
              to: options.to,
              ...(options.verksamhet === undefined ? {} : { verksamhet: options.verksamhet }),
            }),
          ),
        );
        print(`${code} ${options.from}–${options.to}: ${options.value}`);
      },
    );
  kpi
    .command('target')
    .description('the target of a year, e.g. --target ">= 70"')
    .argument('<code>')
    .requiredOption('--year <yyyy>', 'the year')
    .requiredOption('--target <text>', '">= 70", "< 5"')
    .option('--verksamhet <code>', 'the activity (default: the whole administration)')
    .addOption(dataOption())
    .action(
      async (
        code: string,
        options: { year: string; target: string; verksamhet?: string; data?: string },
      ) => {
        await withDatabase(options.data, (handle) =>
          audited(handle, 'kpi.target', code, (tx) =>
            setKpiTarget(tx.db, {
              code,
              year: parseYear(options.year),
              target: options.target,
              ...(options.verksamhet === undefined ? {} : { verksamhet: options.verksamhet }),
            }),
          ),
        );
        print(`${code} ${options.year}: mål ${options.target}`);
      },
    );
}
