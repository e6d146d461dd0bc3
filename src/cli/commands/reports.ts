import { writeFileSync } from 'node:fs';
import { Argument, Option } from 'commander';
import { REPORTS, runReport, type ReportName } from '../../reports/reports.service.ts';
import type { Unit } from '../../reports/rounding.ts';
import { plain, reportFile, reportTable } from '../../reports/report-tables.ts';
import { AppError } from '../../shared/app-error.ts';
import { toJson } from '../../shared/json.ts';
import { atgardsplanReport, cliViewer } from '../../action-plans/action-plan.service.ts';
import {
  ATGARDSPLAN_COLUMNS,
  atgardsplanFile,
  atgardsplanRows,
} from '../../action-plans/action-plan-report.ts';
import { formatCsv, formatTable } from '../output.ts';
import { manadsrapport } from '../../forecast/manadsrapport.service.ts';
import { manadsrapportFile } from '../../forecast/manadsrapport-file.ts';
import { formatWhole } from '../../shared/money.ts';
import { GOAL_REPORTS, printGoalReport, type GoalReportName } from './goals.ts';
import { cliActor, dataOption, parseYear, withDatabase, type Cli } from '../cli-support.ts';

function parseMonthOption(text: string, option: string): number {
  if (!/^(1[0-2]|[1-9])$/.test(text))
    throw new AppError('INVALID_ARGUMENT', `${option} ${text}: skriv en månad 1–12`);
  return Number(text);
}

function parseMonth(text: string): number {
  return parseMonthOption(text, '--through-month');
}

/** The reports, and the action plan as a report. */
export function registerReportCommands({ program, print }: Cli): void {
  program
    .command('report')
    .description(
      'a report: driftredovisning, driftresultat, verksamhetsanalys, investeringsredovisning, maluppfyllelse, verksamhetsstatistik (--year), or atgardsplan (--date)',
    )
    .addArgument(
      new Argument('<name>', 'the report').choices([
        ...Object.keys(REPORTS),
        ...GOAL_REPORTS,
        'atgardsplan',
        'manadsrapport',
      ]),
    )
    .option('--year <yyyy>', 'the year in which the fiscal year starts')
    .option(
      '--date <yyyy-mm-dd>',
      'atgardsplan: the date (a follow-up of that date when there is one, else as the plans stand now)',
    )
    .option('--through-month <m>', 'year to date through this month of the fiscal year (1–12)')
    .option('--month <m>', 'manadsrapport: the month of the fiscal year reported on')
    .addOption(new Option('--unit <unit>', 'tkr or mnkr').choices(['tkr', 'mnkr']).default('tkr'))
    .option(
      '--tie',
      'round so that rows add up to their totals (largest remainder) instead of each cell on its own',
    )
    .addOption(
      new Option(
        '--by <group>',
        'driftredovisning per verksamhet, ansvar or verksamhetsområde (the organisation tree)',
      )
        .choices(['verksamhet', 'ansvar', 'verksamhetsomrade'])
        .default('verksamhet'),
    )
    .option('--budget-version <name>', "a budget version by name instead of the year's current one")
    .option(
      '--node <code>',
      'driftredovisning: an activity split into its children (e.g. 51) instead of the top level',
    )
    .addOption(dataOption())
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'csv', 'json', 'xlsx'])
        .default('table'),
    )
    .option('--out <file>', 'the file to write (xlsx; csv to a file instead of the terminal)')
    .action(
      async (
        name: ReportName | GoalReportName | 'atgardsplan' | 'manadsrapport',
        options: {
          year?: string;
          month?: string;
          date?: string;
          throughMonth?: string;
          unit: Unit;
          tie?: boolean;
          by: 'verksamhet' | 'ansvar' | 'verksamhetsomrade';
          budgetVersion?: string;
          node?: string;
          data?: string;
          format: string;
          out?: string;
        },
      ) => {
        if (name === 'manadsrapport') {
          if (options.year === undefined || options.month === undefined)
            throw new AppError(
              'INVALID_ARGUMENT',
              'report manadsrapport behöver --year ÅÅÅÅ och --month M',
            );
          const query = {
            year: parseYear(options.year),
            month: parseMonthOption(options.month, '--month'),
          };
          const report = await withDatabase(options.data, ({ db }) =>
            manadsrapport(db, cliViewer(cliActor()), query),
          );
          if (options.format === 'xlsx') {
            const file = await manadsrapportFile(report);
            writeFileSync(options.out ?? file.fileName, file.bytes);
            print(`Wrote ${options.out ?? file.fileName}`);
          } else if (options.format === 'json') print(toJson(report));
          else if (options.format === 'csv')
            throw new AppError(
              'INVALID_ARGUMENT',
              'report manadsrapport: --format json, table eller xlsx (den har flera tabeller)',
            );
          else {
            print(
              `Månadsrapport ${query.year} månad ${query.month}, tkr (avvikelse = budget − utfall/prognos)`,
            );
            print(
              formatTable(
                [
                  { key: 'name', header: 'Verksamhet' },
                  { key: 'outcome', header: 'Utfall perioden', align: 'right' },
                  { key: 'budgetToDate', header: 'Budget perioden', align: 'right' },
                  { key: 'budget', header: 'Budget helår', align: 'right' },
                  { key: 'forecast', header: 'Prognos helår', align: 'right' },
                  { key: 'deviation', header: 'Avvikelse helår', align: 'right' },
                ],
                [...report.verksamheter, report.total].map((l) => ({
                  name: l.code === '' ? l.name : `${l.code} ${l.name}`,
                  outcome: formatWhole(l.outcomeToDate),
                  budgetToDate: formatWhole(l.budgetToDate),
                  budget: formatWhole(l.budgetYear),
                  forecast: formatWhole(l.forecast),
                  deviation: formatWhole(l.deviation),
                })),
              ),
            );
            print('');
            print(report.sammanfattning);
          }
          return;
        }
        if (name === 'atgardsplan') {
          if (options.date === undefined)
            throw new AppError('INVALID_ARGUMENT', 'report atgardsplan behöver --date ÅÅÅÅ-MM-DD');
          const date = options.date;
          const report = await withDatabase(options.data, ({ db }) =>
            atgardsplanReport(db, cliViewer(cliActor()), { date }),
          );
          if (options.format === 'json') print(toJson(report));
          else if (options.format === 'csv' && options.out === undefined)
            process.stdout.write(
              formatCsv([...ATGARDSPLAN_COLUMNS], atgardsplanRows(report, plain)),
            );
          else if (options.format === 'csv' || options.format === 'xlsx') {
            const file = await atgardsplanFile(report, options.format);
            writeFileSync(options.out ?? file.fileName, file.bytes);
            print(`Wrote ${options.out ?? file.fileName}`);
          } else {
            print(
              `Åtgärdsplan ${report.source.kind === 'uppfoljning' ? report.source.name : `per ${date} (som planerna ser ut nu)`}, tkr; * = effekten för året är handskriven`,
            );
            print(formatTable([...ATGARDSPLAN_COLUMNS], atgardsplanRows(report)));
          }
          return;
        }
        if (options.year === undefined)
          throw new AppError('INVALID_ARGUMENT', `report ${name} behöver --year ÅÅÅÅ`);
        if (name === 'maluppfyllelse' || name === 'verksamhetsstatistik') {
          await printGoalReport(print, name, { ...options, year: options.year });
          return;
        }
        const query = {
          year: parseYear(options.year),
          unit: options.unit,
          tie: options.tie ?? false,
          by: options.by,
          ...(options.throughMonth === undefined
            ? {}
            : { throughMonth: parseMonth(options.throughMonth) }),
          ...(options.budgetVersion === undefined ? {} : { budgetVersion: options.budgetVersion }),
          ...(options.node === undefined ? {} : { node: options.node }),
        };
        const report = await withDatabase(options.data, ({ db }) => runReport(db, name, query));
        if (options.format === 'json') {
          print(toJson(report));
          return;
        }
        if (options.format === 'csv' || options.format === 'xlsx') {
          const flat = reportTable(report, plain);
          if (options.format === 'csv' && options.out === undefined) {
            process.stdout.write(formatCsv(flat.columns, flat.rows));
            return;
          }
          const file = await reportFile(report, options.format);
          const out = options.out ?? file.fileName;
          writeFileSync(out, file.bytes);
          print(`Wrote ${out}`);
          return;
        }
        const table = reportTable(report);
        print(formatTable(table.columns, table.rows));
        for (const warning of report.warnings) print(`Obs: ${warning}`);
      },
    );
}
