/**
 * Splits one SIE line into its label and fields (spec 5.7): fields are separated by spaces or
 * tabs, may be quoted ("…" with \" for a quote inside), and an object list is a braced group
 * of fields, e.g. `#TRANS 7010 {"1" "456" "7" "47"} 13200.00`.
 */
export type SieField = string | SieObjectList;

export interface SieObjectList {
  readonly items: readonly string[];
}

export interface SieTokens {
  /** Upper-cased label without '#', e.g. "TRANS". */
  label: string;
  fields: SieField[];
}

export type SyntaxProblem = 'UNCLOSED_BRACE' | 'UNCLOSED_QUOTE' | 'NESTED_BRACE' | 'STRAY_BRACE';

export interface TokenizeResult {
  tokens: SieTokens;
  problem?: SyntaxProblem;
}

const SPACE = 32;
const QUOTE = 34;
const BACKSLASH = 92;
const OPEN = 123;
const CLOSE = 125;

/** Tokenizes a line that starts with '#' (after optional white space). */
export function tokenizeRecord(line: string): TokenizeResult {
  // Runs once per line of files with millions of lines: one pass, no regular expressions.
  const fields: SieField[] = [];
  let label: string | undefined;
  let problem: SyntaxProblem | undefined;
  let list: string[] | undefined;
  let i = 0;
  const n = line.length;

  while (i < n) {
    const code = line.charCodeAt(i);
    if (code <= SPACE || code === 127) {
      i += 1;
      continue;
    }
    if (code === OPEN) {
      if (list) problem ??= 'NESTED_BRACE';
      list = [];
      i += 1;
      continue;
    }
    if (code === CLOSE) {
      if (list) {
        fields.push({ items: list });
        list = undefined;
      } else {
        problem ??= 'STRAY_BRACE';
      }
      i += 1;
      continue;
    }
    let value: string;
    if (code === QUOTE) {
      let end = i + 1;
      let text = '';
      let closed = false;
      let segmentStart = end;
      while (end < n) {
        const c = line.charCodeAt(end);
        if (c === QUOTE) {
          closed = true;
          break;
        }
        if (c === BACKSLASH && line.charCodeAt(end + 1) === QUOTE) {
          text += line.slice(segmentStart, end) + '"';
          end += 2;
          segmentStart = end;
          continue;
        }
        end += 1;
      }
      value =
        segmentStart === i + 1
          ? line.slice(segmentStart, end)
          : text + line.slice(segmentStart, end);
      if (!closed) problem ??= 'UNCLOSED_QUOTE';
      i = end + 1;
    } else {
      let end = i + 1;
      while (end < n) {
        const c = line.charCodeAt(end);
        if (c <= SPACE || c === 127 || c === OPEN || c === CLOSE) break;
        end += 1;
      }
      value = line.slice(i, end);
      i = end;
    }
    if (list) list.push(value);
    else if (label === undefined) label = value;
    else fields.push(value);
  }
  if (list) {
    problem ??= 'UNCLOSED_BRACE';
    fields.push({ items: list });
  }

  const tokens = { label: normaliseLabel(label ?? ''), fields };
  return problem ? { tokens, problem } : { tokens };
}

function normaliseLabel(text: string): string {
  const label = text.charCodeAt(0) === 35 ? text.slice(1) : text; // '#'
  // Labels are upper case in practice; only others pay for the conversion.
  return /[a-z]/.test(label) ? label.toUpperCase() : label;
}

/** The parts of a record that #KSUMMA covers (spec 10.14): label and field texts, no quotes, braces or spaces. */
export function checksumParts(tokens: SieTokens): string[] {
  const parts = ['#' + tokens.label];
  for (const field of tokens.fields) {
    if (typeof field === 'string') parts.push(field);
    else parts.push(...field.items);
  }
  return parts;
}
