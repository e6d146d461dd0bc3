import { BALANCE_GROUPS, ledgerBalances } from '../../ledger/ledger.service.ts';
import type { BalanceGroup } from '../../ledger/ledger.repository.ts';
import { AppError } from '../../shared/app-error.ts';
import { formatKronor, oreToDecimal } from '../../shared/money.ts';
import { toJson } from '../../shared/json.ts';
import { formatCsv, formatTable, type Column } from '../output.ts';
import { dataOption, formatOption, parseYear, withDatabase, type Cli } from '../cli-support.ts';

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

/** Reading the ledger. */
export function registerLedgerCommands({ program, print }: Cli): void {
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
    .addOption(formatOption(['table', 'csv', 'json']))
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
}
