import { Option } from 'commander';
import { FORECAST_METHODS, tkrText, type ForecastMethod } from '../../forecast/forecast.ts';
import { proposalsByAnsvar } from '../../forecast/forecast.service.ts';
import {
  closeMonth,
  forecastAccuracy,
  forecastOverview,
  reopenMonth,
} from '../../forecast/forecast-cycle.service.ts';
import { cliViewer } from '../../action-plans/action-plan.service.ts';
import { AppError } from '../../shared/app-error.ts';
import { toJson } from '../../shared/json.ts';
import { formatKronor, oreToDecimal } from '../../shared/money.ts';
import { formatCsv, formatTable } from '../output.ts';
import {
  cliActor,
  dataOption,
  formatOption,
  parseYear,
  withDatabase,
  type Cli,
} from '../cli-support.ts';

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
    .addOption(formatOption(['table', 'csv', 'json']))
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

  prognos
    .command('oversikt')
    .description(
      "a month's forecasts per ansvar: status, forecast against budget (tkr), and the totals",
    )
    .requiredOption('--year <yyyy>', 'the year in which the fiscal year starts')
    .requiredOption('--month <m>', 'the month of the fiscal year')
    .addOption(dataOption())
    .addOption(formatOption(['table', 'json']))
    .action(async (options: { year: string; month: string; data?: string; format: string }) => {
      const query = { year: parseYear(options.year), month: parseMonth(options.month) };
      const overview = await withDatabase(options.data, ({ db }) =>
        forecastOverview(db, cliViewer(cliActor()), query),
      );
      if (options.format === 'json') {
        print(toJson(overview));
        return;
      }
      const tkr = (ore: bigint | null) => (ore === null ? '' : tkrText(ore));
      print(
        `Prognos ${query.year} månad ${query.month} (${overview.period.status === 'closed' ? 'stängd' : 'öppen'}), tkr; avvikelse = budget − prognos`,
      );
      print(
        formatTable(
          [
            { key: 'code', header: 'Ansvar' },
            { key: 'name', header: 'Namn' },
            { key: 'budget', header: 'Budget', align: 'right' },
            { key: 'forecast', header: 'Prognos', align: 'right' },
            { key: 'deviation', header: 'Avvikelse', align: 'right' },
            { key: 'status', header: 'Status' },
          ],
          [
            ...overview.units.map((u) => ({
              code: u.code,
              name: u.name,
              budget: tkr(u.budget),
              forecast: tkr(u.forecast),
              deviation: tkr(u.deviation),
              status: u.status ?? 'saknas',
            })),
            {
              code: '',
              name: 'Summa (budget där prognos saknas)',
              budget: tkr(overview.total.budget),
              forecast: tkr(overview.total.forecast),
              deviation: tkr(overview.total.deviation),
              status: `${overview.total.submitted} av ${overview.total.units} inlämnade`,
            },
          ],
        ),
      );
    });

  prognos
    .command('sakerhet')
    .description(
      "prognossäkerhet: each month's forecasts against the bokslut, beside the linjar proposal",
    )
    .requiredOption('--year <yyyy>', 'the year in which the fiscal year starts')
    .addOption(dataOption())
    .addOption(formatOption(['table', 'json']))
    .action(async (options: { year: string; data?: string; format: string }) => {
      const year = parseYear(options.year);
      const accuracy = await withDatabase(options.data, ({ db }) =>
        forecastAccuracy(db, cliViewer(cliActor()), { year }),
      );
      if (options.format === 'json') {
        print(toJson(accuracy));
        return;
      }
      print(`Prognossäkerhet ${year}, tkr: prognos − bokslut, och i % av bokslutets nettokostnad`);
      print(
        formatTable(
          [
            { key: 'month', header: 'Månad', align: 'right' },
            { key: 'forecast', header: 'Prognos', align: 'right' },
            { key: 'bokslut', header: 'Bokslut', align: 'right' },
            { key: 'difference', header: 'Skillnad', align: 'right' },
            { key: 'percent', header: '%', align: 'right' },
            { key: 'linjar', header: 'Linjär skillnad', align: 'right' },
            { key: 'linjarPercent', header: '%', align: 'right' },
          ],
          accuracy.total.map((r) => ({
            month: String(r.month),
            forecast: tkrText(r.forecast),
            bokslut: tkrText(r.bokslut),
            difference: tkrText(r.difference),
            percent: r.percent?.replace('.', ',') ?? '',
            linjar: tkrText(r.linjarDifference),
            linjarPercent: r.linjarPercent?.replace('.', ',') ?? '',
          })),
        ),
      );
    });

  const period = program.command('period').description('the month cycle: close and reopen months');
  period
    .command('close')
    .description('close a month: its forecasts are locked and the ledger figures kept')
    .requiredOption('--year <yyyy>', 'the year in which the fiscal year starts')
    .requiredOption('--month <m>', 'the month of the fiscal year')
    .addOption(dataOption())
    .action(async (options: { year: string; month: string; data?: string }) => {
      const query = { year: parseYear(options.year), month: parseMonth(options.month) };
      const result = await withDatabase(options.data, (handle) =>
        closeMonth(handle, cliViewer(cliActor()), query),
      );
      print(`Månad ${query.month} ${query.year} är stängd.`);
      if (result.missing.length > 0) print(`Utan inlämnad prognos: ${result.missing.join(', ')}`);
    });
  period
    .command('reopen')
    .description('open a closed month again (a reason is required)')
    .requiredOption('--year <yyyy>', 'the year in which the fiscal year starts')
    .requiredOption('--month <m>', 'the month of the fiscal year')
    .option('--reason <text>', 'why the month is opened again')
    .addOption(dataOption())
    .action(async (options: { year: string; month: string; reason?: string; data?: string }) => {
      const query = {
        year: parseYear(options.year),
        month: parseMonth(options.month),
        reason: options.reason ?? '',
      };
      await withDatabase(options.data, (handle) =>
        reopenMonth(handle, cliViewer(cliActor()), query),
      );
      print(`Månad ${query.month} ${query.year} är öppen igen.`);
    });
}
