import { createReadStream, statSync } from 'node:fs';
import { Option } from 'commander';
import type { DimensionRole } from '../../ledger/ledger.ts';
import { importSie, type SieImportSummary } from '../../ledger/sie-import.service.ts';
import { AppError } from '../../shared/app-error.ts';
import { toJson } from '../../shared/json.ts';
import { createProgress } from '../progress.ts';
import { audited, dataOption, withDatabase, type Cli } from '../cli-support.ts';

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

export function printSummary(summary: SieImportSummary): string {
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

/** SIE import (`balans import sie`). */
export function registerImportCommands({ importCommand, print }: Cli): void {
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
}
