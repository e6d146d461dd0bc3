/**
 * Report lines defined by account-number prefix ranges, e.g. Intäkter = ['3', '3'] (every account
 * beginning with 3), varav kapitalkostnader = ['79', '79']. The ranges are data (table
 * report_line_range); this is how an account is matched against them.
 */
export interface ReportLine {
  key: string;
  label: string;
  sort: number;
  /** The line this one is a "varav" of, if any. */
  partOf: string | null;
  inResult: boolean;
  ranges: readonly { from: string; to: string }[];
}

export function inRange(konto: string, range: { from: string; to: string }): boolean {
  const prefix = konto.slice(0, range.from.length);
  return prefix.length === range.from.length && prefix >= range.from && prefix <= range.to;
}

/** The lines an account belongs to: at most one main line, and any "varav" lines of it. */
export function linesOf(konto: string, lines: readonly ReportLine[]): ReportLine[] {
  return lines.filter((line) => line.ranges.some((range) => inRange(konto, range)));
}

export interface Classification {
  /** konto → the main line's key. */
  main: Map<string, string>;
  /** konto → the keys of the "varav" lines it also counts in. */
  parts: Map<string, string[]>;
  /** Accounts in no main line: reported as warnings, never silently dropped. */
  unclassified: string[];
}

export function classify(kontos: Iterable<string>, lines: readonly ReportLine[]): Classification {
  const main = new Map<string, string>();
  const parts = new Map<string, string[]>();
  const unclassified: string[] = [];
  for (const konto of kontos) {
    const matched = linesOf(konto, lines);
    const mainLine = matched.find((l) => l.partOf === null);
    if (!mainLine) {
      unclassified.push(konto);
      continue;
    }
    main.set(konto, mainLine.key);
    const varav = matched.filter((l) => l.partOf === mainLine.key).map((l) => l.key);
    if (varav.length > 0) parts.set(konto, varav);
  }
  return { main, parts, unclassified: unclassified.sort() };
}
