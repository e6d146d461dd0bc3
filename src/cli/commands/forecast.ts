import { Option } from 'commander';
import { FORECAST_METHODS, type ForecastMethod } from '../../forecast/forecast.ts';
import { proposalsByAnsvar } from '../../forecast/forecast.service.ts';
import { AppError } from '../../shared/app-error.ts';
import { toJson } from '../../shared/json.ts';
import { formatKronor, oreToDecimal } from '../../shared/money.ts';
import { formatCsv, formatTable } from '../output.ts';
import { dataOption, parseYear, withDatabase, type Cli } from '../cli-support.ts';

function parseMonth(text: string): number {
  if (!/^(1[0-8]|[1-9])$/.test(text))
    throw new AppError(
      'INVALID_ARGUMENT',
      `--month ${text}: skriv räkenskapsårets månad som ett tal, 1 för första månaden`,
    );
  return Number(text);
}

/** Helårsprognoser: the proposals computed from the ledger, the budget and the action plans. */
export function registerForecastCommands({ program, print }: Cli): void {
  const prognos = program.command('prognos').description('full-year forecasts (helårsprognos)');
  prognos
    .command('forslag')
    .description(
      'a proposed full-year net per ansvar, over the accounts the driftredovisning counts, from one method (debit positive: a net cost is positive; kronor with öre)',
    )
    .requiredOption('--year <yyyy>', 'the year in which the fiscal year starts')
    .requiredOption(
      '--month <m>',
      'the last month of outcome to use (1 = the first month of the fiscal year)',
    )
    .addOption(
      new Option('--method <method>', 'how the proposal is computed')
        .choices([...FORECAST_METHODS])
        .makeOptionMandatory(),
    )
    .addOption(new Option('--by <level>', 'the units').choices(['ansvar']).default('ansvar'))
    .addOption(dataOption())
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'csv', 'json'])
        .default('table'),
    )
    .action(
      async (options: {
        year: string;
        month: string;
        method: ForecastMethod;
        data?: string;
        format: 'table' | 'csv' | 'json';
      }) => {
        const year = parseYear(options.year);
        const month = parseMonth(options.month);
        const proposals = await withDatabase(options.data, ({ db }) =>
          proposalsByAnsvar(db, { year, month, method: options.method }),
        );
        if (options.format === 'json') {
          print(
            toJson(
              proposals.map((p) => ({ code: p.code, amount: { decimal: oreToDecimal(p.amount) } })),
            ),
          );
          return;
        }
        const columns = [
          { key: 'code', header: 'Ansvar' },
          { key: 'amount', header: 'Förslag (kr)', align: 'right' as const },
          { key: 'arithmetic', header: 'Uträkning' },
        ];
        if (options.format === 'csv') {
          process.stdout.write(
            formatCsv(
              columns,
              proposals.map((p) => ({
                code: p.code,
                amount: oreToDecimal(p.amount),
                arithmetic: p.arithmetic,
              })),
            ),
          );
          return;
        }
        print(`Helårsprognos ${year}, förslag efter månad ${month}, metod ${options.method}`);
        print(
          formatTable(
            columns,
            proposals.map((p) => ({
              code: p.code,
              amount: formatKronor(p.amount),
              arithmetic: p.arithmetic,
            })),
          ),
        );
      },
    );
}
