import { createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { Argument, Command, CommanderError, Option } from 'commander';
import {
  openDatabase,
  resolveOpenOptions,
  type BalansDb,
  type DbTransaction,
} from '../db/database.ts';
import type { DimensionRole } from '../ledger/ledger.ts';
import { BALANCE_GROUPS, ledgerBalances } from '../ledger/ledger.service.ts';
import type { BalanceGroup } from '../ledger/ledger.repository.ts';
import { importSie, type SieImportSummary } from '../ledger/sie-import.service.ts';
import { buildDemo, createDemoUsers, DEMO_PASSWORD } from '../demo/demo.service.ts';
import {
  budgetVersions,
  exportBudget,
  importBudget,
  makeCurrent,
} from '../budget/budget.service.ts';
import { formatOf } from '../files/table-file.ts';
import { exportOrganisation, importOrganisation } from '../organisation/organisation.service.ts';
import { importActivities } from '../reports/activity.service.ts';
import {
  exportClassification,
  importClassification,
  setInvestmentProject,
} from '../reports/classification.service.ts';
import { REPORTS, runReport, type ReportName } from '../reports/reports.service.ts';
import type { Unit } from '../reports/rounding.ts';
import { plain, reportFile, reportTable } from '../reports/report-tables.ts';
import { findFiscalYears } from '../ledger/ledger.repository.ts';
import { AppError, isAppError, type AppErrorCode } from '../shared/app-error.ts';
import { formatKronor, oreToDecimal } from '../shared/money.ts';
import { toJson } from '../shared/json.ts';
import { serveUntilStopped, type RunningServer } from '../server/serve.ts';
import { oidcConfigFromEnv } from '../auth/oidc.ts';
import {
  atgardsplanReport,
  changesBetweenDates,
  cliViewer,
  setAtgardskrav,
  takeUppfoljning,
  uppfoljningar,
} from '../action-plans/action-plan.service.ts';
import { exportAtgarder, importAtgarder } from '../action-plans/action-plan-file.ts';
import {
  ATGARDSPLAN_COLUMNS,
  atgardsplanFile,
  atgardsplanRows,
} from '../action-plans/action-plan-report.ts';
import { setKpi, setKpiTarget, setKpiValue } from '../kpi/kpi.service.ts';
import { parseTkr } from '../shared/money.ts';
import { ROLES, type Role } from '../auth/auth.ts';
import { createUser } from '../auth/auth.service.ts';
import { audited as auditedChange } from '../audit/audit.service.ts';
import { formatCsv, formatTable, type Column } from './output.ts';
import { createProgress } from './progress.ts';

/** Exit codes, documented in the README. */
export const EXIT = { ok: 0, failure: 1, usage: 2, refused: 3, database: 4, notFound: 5 } as const;

const EXIT_BY_CODE: Record<AppErrorCode, number> = {
  SIE_REFUSED: EXIT.refused,
  TEMPLATE_REFUSED: EXIT.refused,
  OTHER_ORGANISATION: EXIT.refused,
  DATA_DIR_LOCKED: EXIT.database,
  DATABASE_UNAVAILABLE: EXIT.database,
  NOT_FOUND: EXIT.notFound,
  CONFLICT: EXIT.refused,
  UNAUTHENTICATED: EXIT.usage,
  FORBIDDEN: EXIT.usage,
  INVALID_ARGUMENT: EXIT.usage,
  UPSTREAM_FAILED: EXIT.refused,
};

/** The command line's actor in the audit log: the operating-system user. */
function cliActor(): string {
  return `cli:${process.env['USER'] ?? 'okänd'}`;
}

/** A change made from the command line, audited with the operating-system user as the actor. */
function audited<T>(
  handle: BalansDb,
  action: string,
  target: string,
  work: (tx: DbTransaction) => Promise<T>,
): Promise<T> {
  return auditedChange(handle, { actor: cliActor(), action, target }, work);
}

async function withDatabase<T>(
  dataDir: string | undefined,
  work: (handle: BalansDb) => Promise<T>,
): Promise<T> {
  const handle = await openDatabase(resolveOpenOptions(dataDir));
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}

function parseDims(values: readonly string[]): Partial<Record<DimensionRole, number>> {
  const dims: Partial<Record<DimensionRole, number>> = {};
  for (const value of values) {
    const match = /^(ansvar|verksamhet|projekt)=(\d+)$/.exec(value);
    if (!match)
      throw new AppError(
        'INVALID_ARGUMENT',
        `--dim ${value}: skriv ROLL=NUMMER, där ROLL är ansvar, verksamhet eller projekt (t.ex. --dim verksamhet=21)`,
      );
    dims[match[1] as DimensionRole] = Number(match[2]);
  }
  return dims;
}

export async function runImportSie(
  file: string,
  options: { data?: string; dim: string[]; strict?: boolean },
): Promise<SieImportSummary> {
  const dims = parseDims(options.dim);
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new AppError('NOT_FOUND', `${file}: filen finns inte`);
  }
  return withDatabase(options.data, async (handle) => {
    const progress = createProgress(process.stderr, size);
    try {
      return await audited(handle, 'import.sie', file, (trx) =>
        importSie(
          trx,
          // 64 KiB chunks (the default): each chunk's records die young, which the GC likes.
          { fileName: file, bytes: createReadStream(file), size },
          {
            dims,
            strict: options.strict ?? false,
            onProgress: (p) => {
              progress.update(p.bytesRead, p.rows);
            },
          },
        ),
      );
    } finally {
      progress.done();
    }
  });
}

function printSummary(summary: SieImportSummary): string {
  const lines = [
    summary.alreadyImported
      ? `${summary.file}: already imported; nothing changed`
      : `Imported ${summary.file}`,
    `  company:      ${summary.company.name || '(no name)'}${summary.company.orgnr ? ` (${summary.company.orgnr})` : ''}`,
    `  SIE type:     ${summary.sieType ?? '(not stated, taken as 1)'}${summary.mode === 'append' ? ' (transactions added)' : ''}; ${summary.encoding}; checksum ${summary.checksum}`,
    '  fiscal years: ' +
      (summary.fiscalYears
        .map((y) => `${y.start}–${y.end} outcome ${y.outcome}${y.budget ? ', budget' : ''}`)
        .join('; ') || 'none'),
    `  accounts:     ${summary.accounts}`,
    '  objects:      ' +
      (summary.dimensions
        .map((d) => `dim ${d.number}${d.role ? ` (${d.role})` : ''} ${d.objects}`)
        .join(', ') || 'none'),
    `  vouchers:     ${summary.vouchers}, rows ${summary.rows}`,
    `  warnings:     ${summary.warnings.length + summary.warningsNotListed}`,
    ...summary.warnings.map(
      (w) =>
        `    ${w.line === undefined ? summary.file : `${summary.file}:${w.line}`}: ${w.message}`,
    ),
    ...(summary.warningsNotListed > 0 ? [`    … and ${summary.warningsNotListed} more`] : []),
  ];
  return lines.join('\n');
}

export function balanceColumns(by: readonly BalanceGroup[]): Column[] {
  return [
    ...by.map((g) => ({ key: g, header: g })),
    { key: 'amount', header: 'amount', align: 'right' as const },
  ];
}

function parseBy(text: string): BalanceGroup[] {
  const groups = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const g of groups) {
    if (!(BALANCE_GROUPS as readonly string[]).includes(g))
      throw new AppError('INVALID_ARGUMENT', `--by ${g}: välj bland ${BALANCE_GROUPS.join(', ')}`);
  }
  return groups as BalanceGroup[];
}

function readInput(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    throw new AppError('NOT_FOUND', `${file}: filen finns inte`);
  }
}

function parseMonth(text: string): number {
  if (!/^(1[0-2]|[1-9])$/.test(text))
    throw new AppError('INVALID_ARGUMENT', `--through-month ${text}: skriv en månad 1–12`);
  return Number(text);
}

function parseYear(text: string): number {
  if (!/^\d{4}$/.test(text))
    throw new AppError('INVALID_ARGUMENT', `--year ${text}: skriv året som ÅÅÅÅ`);
  return Number(text);
}

export function buildProgram(print: (text: string) => void): Command {
  const program = new Command('balans')
    .description('Balans: ekonomi i balans for municipal social services')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const dataOption = () =>
    new Option(
      '--data <dir>',
      'embedded database folder (default ./balans-data, or PostgreSQL when DATABASE_URL is set)',
    );

  const importCommand = program.command('import').description('import data into the ledger');
  importCommand
    .command('sie')
    .description(
      'import an SIE file (type 1, 2, 3, 4E or 4I): all of it, or nothing if it is refused',
    )
    .argument('<file>', 'the SIE file')
    .addOption(dataOption())
    .option(
      '--dim <role=number>',
      'which SIE dimension is ansvar, verksamhet or projekt (repeatable), e.g. verksamhet=21',
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .option('--strict', 'refuse the file on any warning')
    .addOption(
      new Option('--format <format>', 'summary as text or json')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action(
      async (
        file: string,
        options: { data?: string; dim: string[]; strict?: boolean; format: string },
      ) => {
        const summary = await runImportSie(file, options);
        print(options.format === 'json' ? toJson(summary) : printSummary(summary));
      },
    );

  importCommand
    .command('budget')
    .description(
      'import a budget template (XLSX or CSV) into a budget version: all of it, or nothing if a row is wrong',
    )
    .argument(
      '<file>',
      'the template: ansvar, verksamhet, projekt, konto, ar and belopp (yearly), jan … dec, or manad + belopp',
    )
    .requiredOption('--year <yyyy>', 'the year in which the fiscal year starts')
    .option('--version <name>', 'the budget version to create or replace', 'Budget')
    .option(
      '--profile <name>',
      'how yearly amounts are spread: tolftedelar, personal, foregaende-ar, or a profile of your own',
      'tolftedelar',
    )
    .option('--current', "make this version the year's current budget")
    .addOption(dataOption())
    .action(
      async (
        file: string,
        options: {
          year: string;
          version: string;
          profile: string;
          current?: boolean;
          data?: string;
        },
      ) => {
        const bytes = readInput(file);
        const year = parseYear(options.year);
        const summary = await withDatabase(options.data, (handle) =>
          audited(handle, 'import.budget', `${file} → ${options.version}`, (tx) =>
            importBudget(
              tx.db,
              { name: file, bytes },
              {
                year,
                version: options.version,
                profile: options.profile,
                makeCurrent: options.current ?? false,
              },
            ),
          ),
        );
        print(
          `Budget ${summary.year}, version "${summary.version}"${summary.isCurrent ? ' (gällande)' : ''}: ${summary.rows} rader, ${summary.cells} månadsbelopp, summa ${summary.total} kr`,
        );
      },
    );

  const exportCommand = program.command('export').description('export data as a file');
  exportCommand
    .command('budget')
    .description(
      "the budget template, pre-filled with a budget version (the current one by default) or, when the year has none, last year's outcome",
    )
    .requiredOption('--year <yyyy>', 'the year in which the fiscal year starts')
    .option('--version <name>', 'a budget version by name')
    .requiredOption('--out <file>', 'the file to write (.xlsx or .csv)')
    .addOption(dataOption())
    .action(async (options: { year: string; version?: string; out: string; data?: string }) => {
      const year = parseYear(options.year);
      const bytes = await withDatabase(options.data, ({ db }) =>
        exportBudget(db, {
          year,
          format: formatOf(options.out),
          ...(options.version === undefined ? {} : { version: options.version }),
        }),
      );
      writeFileSync(options.out, bytes);
      print(`Wrote ${options.out}`);
    });

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

  const budget = program.command('budget').description('budget versions');
  budget
    .command('versions')
    .description("the year's budget versions; the current one is marked")
    .requiredOption('--year <yyyy>', 'the year in which the fiscal year starts')
    .addOption(dataOption())
    .action(async (options: { year: string; data?: string }) => {
      const versions = await withDatabase(options.data, ({ db }) =>
        budgetVersions(db, parseYear(options.year)),
      );
      print(
        formatTable(
          [
            { key: 'name', header: 'Version' },
            { key: 'current', header: 'Gällande' },
            { key: 'source', header: 'Källa' },
          ],
          versions.map((v) => ({
            name: v.name,
            current: v.isCurrent ? 'ja' : '',
            source: v.source,
          })),
        ),
      );
    });
  budget
    .command('current')
    .description("make a version the year's current budget (reports use it unless told otherwise)")
    .requiredOption('--year <yyyy>', 'the year in which the fiscal year starts')
    .requiredOption('--version <name>', 'the budget version')
    .addOption(dataOption())
    .action(async (options: { year: string; version: string; data?: string }) => {
      await withDatabase(options.data, (handle) =>
        audited(handle, 'budget.current', `${options.year}: ${options.version}`, (tx) =>
          makeCurrent(tx.db, parseYear(options.year), options.version),
        ),
      );
      print(`"${options.version}" is now the current budget of ${options.year}`);
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

  const ledger = program.command('ledger').description('read the ledger');
  ledger
    .command('balances')
    .description(
      "the fiscal year's net amount per group, in SIE signs (debit +, credit -); zero rows left out",
    )
    .requiredOption('--year <yyyy>', 'the year in which the fiscal year starts')
    .option('--by <groups>', `comma-separated: ${BALANCE_GROUPS.join(',')}`, 'konto')
    .option('--budget', 'the current budget instead of the outcome')
    .addOption(dataOption())
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'csv', 'json'])
        .default('table'),
    )
    .action(
      async (options: {
        year: string;
        by: string;
        budget?: boolean;
        data?: string;
        format: string;
      }) => {
        const by = parseBy(options.by);
        const year = parseYear(options.year);
        const lines = await withDatabase(options.data, ({ db }) =>
          ledgerBalances(db, { year, by, budget: options.budget ?? false }),
        );
        if (options.format === 'json') {
          print(
            toJson(lines.map((l) => ({ ...l.keys, amount: { decimal: oreToDecimal(l.amount) } }))),
          );
          return;
        }
        const columns = balanceColumns(by);
        if (options.format === 'csv') {
          process.stdout.write(
            formatCsv(
              columns,
              lines.map((l) => ({ ...l.keys, amount: oreToDecimal(l.amount) })),
            ),
          );
          return;
        }
        print(
          formatTable(
            columns,
            lines.map((l) => ({ ...l.keys, amount: formatKronor(l.amount) })),
          ),
        );
      },
    );

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

  program
    .command('report')
    .description(
      'a report: driftredovisning, driftresultat, verksamhetsanalys, investeringsredovisning (--year), or atgardsplan (--date)',
    )
    .addArgument(
      new Argument('<name>', 'the report').choices([...Object.keys(REPORTS), 'atgardsplan']),
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
        name: ReportName | 'atgardsplan',
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

  program
    .command('user')
    .description('users of the web app and the API')
    .command('add')
    .description(
      'add a user; the password comes from the environment variable BALANS_PASSWORD (never the command line)',
    )
    .argument('<username>', 'the sign-in name')
    .requiredOption('--name <name>', 'the name shown')
    .addOption(
      new Option('--role <role>', 'what the user may see and do')
        .choices([...ROLES])
        .makeOptionMandatory(),
    )
    .option(
      '--scope <codes>',
      'for verksamhetschef and enhetschef: the parts of the organisation (codes, comma-separated) they see',
    )
    .addOption(dataOption())
    .action(
      async (
        username: string,
        options: { name: string; role: Role; scope?: string; data?: string },
      ) => {
        const password = process.env['BALANS_PASSWORD'];
        if (!password)
          throw new AppError(
            'INVALID_ARGUMENT',
            'ange lösenordet i miljövariabeln BALANS_PASSWORD',
          );
        const scope = (options.scope ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const actor = `cli:${process.env['USER'] ?? 'okänd'}`;
        const user = await withDatabase(options.data, (handle) =>
          handle.transaction((tx) =>
            createUser(tx.db, actor, {
              username,
              displayName: options.name,
              password,
              role: options.role,
              scope,
            }),
          ),
        );
        print(
          `User ${user.username} (${user.role}${user.scope.length > 0 ? `, ${user.scope.join(', ')}` : ''}) added`,
        );
      },
    );

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

  const portOption = () =>
    new Option('--port <n>', 'the port (default: PORT, or 8080)').argParser((value) => {
      const port = Number(value);
      if (!Number.isInteger(port) || port <= 0 || port > 65535)
        throw new AppError('INVALID_ARGUMENT', `--port ${value}: en port är ett tal 1–65535`);
      return port;
    });
  const defaultPort = () => {
    const port = Number(process.env['PORT'] ?? 8080);
    if (!Number.isInteger(port) || port <= 0 || port > 65535)
      throw new AppError(
        'INVALID_ARGUMENT',
        `PORT=${process.env['PORT'] ?? ''}: en port är ett tal 1–65535`,
      );
    return port;
  };
  // OpenID Connect from BALANS_OIDC_* (docs/oidc.md); a bad setting stops the server at start.
  const oidcOption = () => {
    const oidc = oidcConfigFromEnv(process.env);
    return oidc ? { oidc } : {};
  };
  const served = (server: RunningServer, location: string) => {
    print(`Balans serves ${location} at ${server.url}`);
    print(
      server.web
        ? `  the web app: ${server.url}/   the API: ${server.url}/api/openapi.json`
        : `  the API only (${server.url}/api/openapi.json): the web app is not built — run npm run build:web`,
    );
  };

  program
    .command('serve')
    .description('serve the web app and the HTTP API for a data folder or DATABASE_URL')
    .addOption(dataOption())
    .addOption(portOption())
    .action(async (options: { data?: string; port?: number }) => {
      const port = options.port ?? defaultPort();
      await withDatabase(options.data, (handle) =>
        serveUntilStopped(handle, { port, ...oidcOption() }, (server) => {
          served(server, handle.location);
          print('Stop with Ctrl+C.');
        }),
      );
    });

  program
    .command('start')
    .description(
      'the main job of `npm start`: the demo municipality in the embedded database, served on the web with a user per role',
    )
    .addOption(dataOption())
    .addOption(portOption())
    .option('--rebuild', 'build the demo again even if the data folder holds a ledger')
    .action(async (options: { data?: string; port?: number; rebuild?: boolean }) => {
      const port = options.port ?? defaultPort();
      await withDatabase(options.data, async (handle) => {
        const years = await findFiscalYears(handle.db);
        if (years.length === 0 || options.rebuild) {
          print('Building the demo municipality Exempelkommun (2023 and 2024) …');
          for (const summary of await buildDemo(handle))
            print(`  ${summary.file}: ${summary.vouchers} vouchers, ${summary.rows} rows`);
        } else {
          print(
            `The data folder holds ${years.map((y) => y.start.slice(0, 4)).join(', ')}: kept (--rebuild builds the demo again).`,
          );
        }
        const users = await createDemoUsers(handle);
        await serveUntilStopped(handle, { port, ...oidcOption() }, (server) => {
          served(server, handle.location);
          if (users.length > 0) {
            print(`\nDemo sign-ins (password for all: ${DEMO_PASSWORD}):`);
            for (const user of users)
              print(`  ${user.username.padEnd(14)} ${user.role.padEnd(17)} ${user.displayName}`);
          } else {
            print('\nSign in with the users of this database (balans user add creates more).');
          }
          print('\nStop with Ctrl+C.');
        });
      });
    });

  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram((text) => process.stdout.write(text + '\n'));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (isAppError(error)) {
      process.stderr.write(`balans: ${error.message}\n`);
      return EXIT_BY_CODE[error.code];
    }
    process.stderr.write(
      `balans: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT.failure;
  }
}
