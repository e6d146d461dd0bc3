import { formatKronor, type Ore } from '../shared/money.ts';
import type { SieWarning } from '../sie/sie-problems.ts';
import type { AccountType, SieBalance } from '../sie/sie-records.ts';
import { isBalanceAccount, roleOf, type DimensionRole } from './ledger.ts';

/** Voucher sums of one year per period and account, and per object of one role column ('' = all). */
export interface VoucherSum {
  period: number;
  konto: string;
  role: DimensionRole | '';
  code: string;
  amount: Ore;
}

export interface ReconcileInput {
  /** "2024", for messages. */
  yearLabel: string;
  declared: readonly SieBalance[];
  sums: readonly VoucherSum[];
  typeOf: (konto: string) => AccountType | undefined;
  roles: ReadonlyMap<DimensionRole, number>;
}

/**
 * Compares what a file declares (#RES, #UB = #IB + movements, #PSALDO, and per object #OUB =
 * #OIB + movements and #PSALDO {dim obj}) with what its own vouchers give. Each difference names
 * the year, account, object and both amounts. Objects are compared where the object list names
 * one dimension that Balans keeps in a column (ansvar, verksamhet, projekt).
 */
export function reconcileBalances(input: ReconcileInput): SieWarning[] {
  const { yearLabel, declared, sums, typeOf, roles } = input;
  const total = new Map<string, Ore>();
  const add = (key: string, amount: Ore) => total.set(key, (total.get(key) ?? 0n) + amount);
  for (const s of sums) {
    add(`${s.role}\u0001${s.code}\u0001${s.konto}`, s.amount);
    add(`${s.role}\u0001${s.code}\u0001${s.konto}\u0001${s.period}`, s.amount);
  }
  const get = (key: string) => total.get(key) ?? 0n;

  const out: SieWarning[] = [];
  const differ = (
    line: number | undefined,
    what: string,
    declaredAmount: Ore,
    fromVouchers: Ore,
  ) => {
    if (declaredAmount === fromVouchers) return;
    out.push({
      ...(line === undefined ? {} : { line }),
      code: 'RECONCILIATION_DIFFERENCE',
      message: `${yearLabel}, ${what}: filen anger ${formatKronor(declaredAmount)} kr men dess verifikationer ger ${formatKronor(fromVouchers)} kr (skillnad ${formatKronor(declaredAmount - fromVouchers)} kr)`,
    });
  };

  // Which object column a one-object list falls in; undefined when it cannot be compared.
  const objectOf = (
    b: SieBalance,
  ): { role: DimensionRole; code: string; label: string } | undefined => {
    if (b.objects.length !== 1) return undefined;
    const [object] = b.objects;
    if (!object) return undefined;
    const role = roleOf(object.dimension, roles);
    return role ? { role, code: object.code, label: `${role} ${object.code}` } : undefined;
  };

  const opening = new Map<string, Ore>();
  for (const b of declared) {
    if (b.label === 'IB')
      opening.set(
        `\u0001\u0001${b.konto}`,
        (opening.get(`\u0001\u0001${b.konto}`) ?? 0n) + b.amount,
      );
    const object = b.label === 'OIB' ? objectOf(b) : undefined;
    if (object) {
      const key = `${object.role}\u0001${object.code}\u0001${b.konto}`;
      opening.set(key, (opening.get(key) ?? 0n) + b.amount);
    }
  }

  const closingSeen = new Set<string>();
  const resultSeen = new Set<string>();
  for (const b of declared) {
    const balance = isBalanceAccount(b.konto, typeOf(b.konto));
    if (b.label === 'RES' && !balance) {
      resultSeen.add(b.konto);
      differ(b.line, `konto ${b.konto} (#RES)`, b.amount, get(`\u0001\u0001${b.konto}`));
    } else if (b.label === 'UB' && balance) {
      closingSeen.add(b.konto);
      const key = `\u0001\u0001${b.konto}`;
      differ(
        b.line,
        `konto ${b.konto} (#UB = #IB + verifikationer)`,
        b.amount,
        (opening.get(key) ?? 0n) + get(key),
      );
    } else if (b.label === 'OUB') {
      // Real files write #OUB for result accounts too: then it is the object's result for the year.
      const object = objectOf(b);
      if (!object) continue;
      const key = `${object.role}\u0001${object.code}\u0001${b.konto}`;
      const what = balance ? '#OUB = #OIB + verifikationer' : '#OUB';
      differ(
        b.line,
        `konto ${b.konto}, ${object.label} (${what})`,
        b.amount,
        (balance ? (opening.get(key) ?? 0n) : 0n) + get(key),
      );
    } else if (b.label === 'PSALDO' && b.period !== undefined) {
      const period = `${String(b.period).slice(0, 4)}-${String(b.period).slice(4)}`;
      if (b.objects.length === 0) {
        differ(
          b.line,
          `${period}, konto ${b.konto} (#PSALDO)`,
          b.amount,
          get(`\u0001\u0001${b.konto}\u0001${b.period}`),
        );
        continue;
      }
      const object = objectOf(b);
      if (object) {
        differ(
          b.line,
          `${period}, konto ${b.konto}, ${object.label} (#PSALDO)`,
          b.amount,
          get(`${object.role}\u0001${object.code}\u0001${b.konto}\u0001${b.period}`),
        );
      }
    }
  }

  // Accounts with vouchers but no declared figure, in a file that declares such figures.
  const kontos = new Set(sums.filter((s) => s.role === '').map((s) => s.konto));
  for (const konto of [...kontos].sort()) {
    const amount = get(`\u0001\u0001${konto}`);
    const balance = isBalanceAccount(konto, typeOf(konto));
    if (!balance && resultSeen.size > 0 && !resultSeen.has(konto) && amount !== 0n) {
      differ(undefined, `konto ${konto} (ingen #RES)`, 0n, amount);
    }
    const closing = (opening.get(`\u0001\u0001${konto}`) ?? 0n) + amount;
    if (balance && closingSeen.size > 0 && !closingSeen.has(konto) && closing !== 0n) {
      differ(undefined, `konto ${konto} (ingen #UB; #IB + verifikationer)`, 0n, closing);
    }
  }
  return out;
}
