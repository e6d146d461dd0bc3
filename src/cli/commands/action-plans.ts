import { writeFileSync } from 'node:fs';
import { Option } from 'commander';
import { formatOf } from '../../files/table-file.ts';
import { AppError } from '../../shared/app-error.ts';
import { parseTkr } from '../../shared/money.ts';
import { toJson } from '../../shared/json.ts';
import {
  changesBetweenDates,
  cliViewer,
  setAtgardskrav,
  takeUppfoljning,
  uppfoljningar,
} from '../../action-plans/action-plan.service.ts';
import { exportAtgarder, importAtgarder } from '../../action-plans/action-plan-file.ts';
import {
  cliActor,
  dataOption,
  parseYear,
  readInput,
  withDatabase,
  type Cli,
} from '../cli-support.ts';

/** Action plans: requirements, measures, follow-ups and changes. */
export function registerActionPlanCommands({
  program,
  importCommand,
  exportCommand,
  print,
}: Cli): void {
  importCommand
    .command('atgarder')
    .description(
      'import measures (XLSX or CSV: verksamhet, titel, beskrivning, start, helarseffekt_tkr, effekt_ar_tkr, status, statustext): all or nothing',
    )
    .argument('<file>', 'a row changes the measure of the same title in its plan, or adds one')
    .option(
      '--year <yyyy>',
      "the plans' year when the file has no column ar (default: each row's start year)",
    )
    .addOption(dataOption())
    .action(async (file: string, options: { year?: string; data?: string }) => {
      const bytes = readInput(file);
      const summary = await withDatabase(options.data, (handle) =>
        importAtgarder(
          handle,
          cliViewer(cliActor()),
          { name: file, bytes },
          options.year === undefined ? {} : { year: parseYear(options.year) },
        ),
      );
      print(
        `${file}: ${summary.rows} åtgärder — ${summary.created} nya, ${summary.updated} ändrade, ${summary.unchanged} oförändrade`,
      );
    });

  exportCommand
    .command('atgarder')
    .description("a year's measures as the spreadsheet that import atgarder reads")
    .requiredOption('--year <yyyy>', 'the year of the plans')
    .requiredOption('--out <file>', 'the file to write (.xlsx or .csv)')
    .addOption(dataOption())
    .action(async (options: { year: string; out: string; data?: string }) => {
      const year = parseYear(options.year);
      const bytes = await withDatabase(options.data, ({ db }) =>
        exportAtgarder(db, cliViewer(cliActor()), year, formatOf(options.out)),
      );
      writeFileSync(options.out, bytes);
      print(`Wrote ${options.out}`);
    });

  program
    .command('atgardskrav')
    .description(
      'set the savings requirement (åtgärdskrav) of an activity or ansvar for a year, in tkr',
    )
    .requiredOption('--year <yyyy>', 'the year')
    .option('--verksamhet <code>', 'the activity')
    .option('--ansvar <code>', 'or the ansvar')
    .requiredOption('--name <text>', 'its name in the plan, e.g. Hemtjänsten')
    .requiredOption('--tkr <amount>', 'the requirement in tkr, e.g. 4200 or 4 200')
    .option('--basis <text>', 'what the requirement is based on')
    .option('--kpi <codes>', 'key figures that steer it, comma-separated')
    .addOption(dataOption())
    .action(
      async (options: {
        year: string;
        verksamhet?: string;
        ansvar?: string;
        name: string;
        tkr: string;
        basis?: string;
        kpi?: string;
        data?: string;
      }) => {
        const amount = parseTkr(options.tkr);
        if (amount === undefined)
          throw new AppError(
            'INVALID_ARGUMENT',
            `--tkr ${options.tkr}: skriv ett belopp i tkr, t.ex. 4200`,
          );
        const krav = await withDatabase(options.data, (handle) =>
          setAtgardskrav(handle, cliViewer(cliActor()), {
            year: parseYear(options.year),
            name: options.name,
            amount,
            ...(options.verksamhet === undefined ? {} : { verksamhet: options.verksamhet }),
            ...(options.ansvar === undefined ? {} : { ansvar: options.ansvar }),
            ...(options.basis === undefined ? {} : { basis: options.basis }),
            ...(options.kpi === undefined
              ? {}
              : { kpis: options.kpi.split(',').map((k) => k.trim()) }),
          }),
        );
        print(`Åtgärdskrav ${krav.year} ${krav.name}: ${options.tkr} tkr`);
      },
    );

  const atgarder = program.command('atgarder').description('follow-up of the action plans');
  atgarder
    .command('uppfoljning')
    .description(
      "freeze every requirement and measure of the date's year as a follow-up (per 31 mars, per 31 augusti, bokslut)",
    )
    .requiredOption('--date <yyyy-mm-dd>', 'the follow-up date')
    .option('--name <text>', 'e.g. "per 31 mars" (default from the date)')
    .option(
      '--year <yyyy>',
      "the plans' year when it is not the date's (a bokslut dated in February)",
    )
    .addOption(dataOption())
    .action(async (options: { date: string; name?: string; year?: string; data?: string }) => {
      const taken = await withDatabase(options.data, (handle) =>
        takeUppfoljning(handle, cliViewer(cliActor()), {
          date: options.date,
          ...(options.name === undefined ? {} : { name: options.name }),
          ...(options.year === undefined ? {} : { year: parseYear(options.year) }),
        }),
      );
      print(
        `Uppföljning ${taken.name} (${taken.date}): ${taken.plans} åtgärdskrav, ${taken.atgarder} åtgärder`,
      );
    });
  atgarder
    .command('uppfoljningar')
    .description('the follow-ups kept')
    .option('--year <yyyy>', 'only this year')
    .addOption(dataOption())
    .action(async (options: { year?: string; data?: string }) => {
      const list = await withDatabase(options.data, ({ db }) =>
        uppfoljningar(db, options.year === undefined ? undefined : parseYear(options.year)),
      );
      for (const u of list) print(`${u.date}  ${u.name}  (${u.createdBy})`);
    });
  atgarder
    .command('andringar')
    .description('what changed in the measures between two dates (follow-ups, or now)')
    .requiredOption('--from <yyyy-mm-dd>', 'the earlier date')
    .requiredOption('--to <yyyy-mm-dd>', 'the later date')
    .addOption(dataOption())
    .addOption(new Option('--format <format>').choices(['text', 'json']).default('text'))
    .action(async (options: { from: string; to: string; data?: string; format: string }) => {
      const result = await withDatabase(options.data, ({ db }) =>
        changesBetweenDates(db, cliViewer(cliActor()), options.from, options.to),
      );
      if (options.format === 'json') {
        print(toJson(result));
        return;
      }
      if (result.changes.length === 0) print('Inga ändringar.');
      for (const c of result.changes) {
        const what =
          c.kind === 'changed'
            ? c.fields.map((f) => `${f.field}: ${String(f.before)} → ${String(f.after)}`).join('; ')
            : c.kind === 'added'
              ? 'ny'
              : 'borttagen';
        print(`${c.plan} · ${c.title}: ${what}`);
      }
    });
}
