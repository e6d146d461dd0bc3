import { writeFileSync } from 'node:fs';
import { importIndikatorvarden } from '../../goals/goal-value-file.ts';
import {
  goalReportFile,
  maluppfyllelseTable,
  verksamhetsstatistikTable,
} from '../../goals/goal-report.ts';
import {
  copyYear,
  maluppfyllelse,
  verksamhetsstatistik,
  type MaluppfyllelseReport,
  type VerksamhetsstatistikReport,
} from '../../goals/goal.service.ts';
import { toJson } from '../../shared/json.ts';
import { formatCsv, formatTable } from '../output.ts';
import {
  audited,
  cliActor,
  dataOption,
  parseYear,
  readInput,
  withDatabase,
  type Cli,
} from '../cli-support.ts';

export const GOAL_REPORTS = ['maluppfyllelse', 'verksamhetsstatistik'] as const;
export type GoalReportName = (typeof GOAL_REPORTS)[number];

/** `balans report maluppfyllelse|verksamhetsstatistik --year Y`, called by the report command. */
export async function printGoalReport(
  print: (text: string) => void,
  name: GoalReportName,
  options: { year: string; data?: string; format: string; out?: string },
): Promise<void> {
  const year = parseYear(options.year);
  const report = await withDatabase<MaluppfyllelseReport | VerksamhetsstatistikReport>(
    options.data,
    ({ db }) =>
      name === 'maluppfyllelse' ? maluppfyllelse(db, year) : verksamhetsstatistik(db, year),
  );
  if (options.format === 'json') {
    print(toJson(report));
    return;
  }
  const table = (plain: boolean) =>
    report.report === 'maluppfyllelse'
      ? maluppfyllelseTable(report, plain)
      : verksamhetsstatistikTable(report, plain);
  if (options.format === 'csv' && options.out === undefined) {
    const flat = table(true);
    process.stdout.write(formatCsv(flat.columns, flat.rows));
    return;
  }
  if (options.format === 'csv' || options.format === 'xlsx') {
    const file = await goalReportFile(report, options.format);
    writeFileSync(options.out ?? file.fileName, file.bytes);
    print(`Wrote ${options.out ?? file.fileName}`);
    return;
  }
  const flat = table(false);
  print(formatTable(flat.columns, flat.rows));
}

/** Goals, indicators and statistics: the value file and a new year from the last. */
export function registerGoalCommands({ program, importCommand, print }: Cli): void {
  importCommand
    .command('indikatorvarden')
    .description(
      'import indicator and statistics values (kod, enhet, period, varde, kalla, fotnot): all of it, or nothing',
    )
    .argument('<file>', 'CSV or XLSX')
    .addOption(dataOption())
    .action(async (file: string, options: { data?: string }) => {
      const bytes = readInput(file);
      const summary = await withDatabase(options.data, (handle) =>
        audited(handle, 'import.indikatorvarden', file, (tx) =>
          importIndikatorvarden(tx.db, { name: file, bytes }, cliActor()),
        ),
      );
      print(
        `${summary.file}: ${summary.indicatorValues} indikatorvärden och ${summary.seriesValues} statistikvärden inlästa`,
      );
    });
  program
    .command('mal')
    .description('goals and indicators (måluppfyllelse)')
    .command('ny-ar')
    .description("start a year from last year's goal tree, texts and targets")
    .requiredOption('--year <yyyy>', 'the new year (copied from the year before)')
    .addOption(dataOption())
    .action(async (options: { year: string; data?: string }) => {
      const to = parseYear(options.year);
      const result = await withDatabase(options.data, (handle) =>
        audited(handle, 'mal.ny-ar', String(to), (tx) => copyYear(tx.db, { from: to - 1, to })),
      );
      print(
        `${to}: ${result.areas} målområden, ${result.goals} mål och ${result.targets} målvärden kopierade från ${to - 1}`,
      );
      if (result.keptTargets.length > 0)
        print(
          `${to} hade redan målvärden för ${result.keptTargets.join(', ')}: de behölls (inte skrivna över med ${to - 1}s)`,
        );
    });
}
