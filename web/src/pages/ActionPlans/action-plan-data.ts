import { formatUnit } from '../../format.ts';
import type { Language } from '../../i18n.tsx';

/** Amounts arrive in öre (exact); the plans speak whole tkr, each cell rounded on its own. */
export function tkr(ore: number): string {
  const value = BigInt(ore);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const rounded = (abs + 50_000n) / 100_000n;
  return formatUnit(Number(negative ? -rounded : rounded));
}

/** Öre as tkr text for a form ("67,5"), exact. */
export function tkrInput(ore: number): string {
  const value = BigInt(ore);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / 100_000n;
  const rest = (abs % 100_000n) / 100n;
  const text =
    rest === 0n
      ? whole.toString()
      : `${whole},${rest.toString().padStart(3, '0').replace(/0+$/, '')}`;
  return negative ? `-${text}` : text;
}

export const STATUSES = [
  'planerad',
  'pågående',
  'genomförd',
  'ej genomförbar',
  'uppskjuten',
] as const;
export type Status = (typeof STATUSES)[number];

interface KpiLine {
  code: string;
  name: string;
  unit: string;
  outcome: string | null;
  period: { from: string; to: string } | null;
  target: { comparator: string; value: string; text: string } | null;
  meetsTarget: boolean | null;
}

export interface Measure {
  id: number;
  atgardskravId: number;
  title: string;
  description: string;
  ownerUnit: string | null;
  start: number;
  helarseffekt: number;
  effektAr: number;
  isOverride: boolean;
  overrideReason: string | null;
  status: Status;
  statustext: string;
  countsInTotals: boolean;
  version: number;
  updatedBy: string;
  mayEdit: boolean;
  ledger?: {
    through: string;
    hasBudget: boolean;
    budget: number;
    utfall: number;
    avvikelse: number;
    plannedToDate: number;
  };
}

export interface Plan {
  id: number;
  year: number;
  verksamhet: string;
  ansvar: string;
  name: string;
  amount: number;
  basis: string;
  description: string;
  version: number;
  kpis: KpiLine[];
  atgarder: Measure[];
  totals: { effektAr: number; helarseffekt: number };
  gap: { effektAr: number; helarseffekt: number };
}

export interface Followup {
  id: number;
  date: string;
  name: string;
  createdBy: string;
}

const STATUS_EN: Record<Status, string> = {
  planerad: 'planned',
  pågående: 'in progress',
  genomförd: 'done',
  'ej genomförbar': 'not feasible',
  uppskjuten: 'postponed',
};

export function statusLabel(status: Status, language: Language): string {
  return language === 'sv' ? status : STATUS_EN[status];
}

export const monthText = (period: number) =>
  `${Math.floor(period / 100)}-${String(period % 100).padStart(2, '0')}`;
