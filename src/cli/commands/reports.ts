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
import { GOAL_REPORTS, printGoalReport, type GoalReportName } from './goals.ts';
import { cliActor, dataOption, parseYear, withDatabase, type Cli } from '../cli-support.ts';

function parseMonth(text: string): number {
  if (!/^(1[0-2]|[1-9])$/.test(text))
    throw new AppError('INVALID_ARGUMENT', `--through-month ${text}: skriv en månad 1–12`);
  return Number(text);
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
      ]),
    )
    .option('--year <yyyy>', 'the year in which the fiscal year starts')
    .option(
      '--date <yyyy-mm-dd>',
      'atgardsplan: the date (a follow-up of that date when there is one, else as the plans stand now)',
    )
    .option('--through-month <m>', 'year to date through this month of the fiscal year (1–12)')
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
        name: ReportName | GoalReportName | 'atgardsplan',
        options: {
          year?: string;
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
