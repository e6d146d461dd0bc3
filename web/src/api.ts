/**
 * The HTTP API as the web app uses it. Amounts are integers: in the report's unit (tkr/mnkr) or
 * in öre. The shapes mirror the server's JSON (docs/api.md, docs/reports.md).
 */
export type Role = 'controller' | 'forvaltningschef' | 'verksamhetschef' | 'enhetschef' | 'namnd';

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  scope: string[];
  version?: number;
  oidc?: boolean;
}

export interface Problem {
  sheet?: string;
  row?: number;
  line?: number;
  column?: string;
  message: string;
}

/** An error answered by the API: `{ code, message, problems? }` and the HTTP status. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly problems: Problem[];

  constructor(status: number, body: { code?: string; message?: string; problems?: Problem[] }) {
    super(body.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code ?? 'INTERNAL';
    this.problems = body.problems ?? [];
  }
}

let csrfToken: string | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

async function errorOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => ({}))) as {
    code?: string;
    message?: string;
    problems?: Problem[];
  };
  return new ApiError(response.status, body);
}

/** Listeners told when the session has ended (401), so the app shows the sign-in page. */
const signedOutListeners = new Set<() => void>();
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) {
    const error = await errorOf(response);
    if (response.status === 401 && !path.startsWith('/api/auth/')) {
      for (const listener of signedOutListeners) listener();
    }
    throw error;
  }
  return (await response.json()) as T;
}

export const get = <T>(path: string) => request<T>('GET', path);

/** A query string from defined values only. */
export function query(
  params: Record<string, string | number | boolean | null | undefined>,
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface ImportProgress {
  bytesRead: number;
  /** null when the browser did not say how large the file is. */
  totalBytes: number | null;
  rows: number;
}

/**
 * Uploads a file to an import endpoint and follows the server's progress (NDJSON lines) until
 * the summary or the refusal arrives.
 */
export async function uploadWithProgress<T>(
  path: string,
  file: File,
  onProgress: (progress: ImportProgress) => void,
): Promise<T> {
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    accept: 'application/x-ndjson',
  };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, {
    method: 'POST',
    headers,
    body: file,
    credentials: 'same-origin',
  });
  if (!response.ok) throw await errorOf(response);
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('ndjson') || !response.body) return (await response.json()) as T;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffered += value;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      const event = JSON.parse(line) as
        | ({ type: 'progress' } & ImportProgress)
        | { type: 'done'; summary: T }
        | { type: 'error'; code: string; message: string; problems?: Problem[] };
      if (event.type === 'progress') onProgress(event);
      else if (event.type === 'done') return event.summary;
      else throw new ApiError(422, event);
    }
    if (done) break;
  }
  throw new ApiError(500, {
    code: 'INTERNAL',
    message: 'importen tog slut utan svar från servern: se Tidigare importer',
  });
}

// ---- shapes of the answers ----

export interface AuthConfig {
  needsSetup: boolean;
  oidc: false | { label: string };
}

export interface FiscalYear {
  year: number;
  start: string;
  end: string;
  months: number;
  outcomeSource: 'vouchers' | 'periods' | 'year' | null;
  hasBudget: boolean;
  lastMonthWithOutcome: number;
}

export interface Figures {
  budgetYear: number;
  budget: number;
  utfall: number;
  avvikelse: number;
}

export interface Overview {
  year: number;
  throughMonth: number;
  months: number;
  unit: 'tkr' | 'mnkr';
  total: Figures;
  areas: (Figures & { code: string; name: string })[];
  activities: (Figures & {
    code: string;
    name: string;
    children: (Figures & { code: string; name: string })[];
  })[];
  series: {
    month: number;
    period: string;
    budget: number;
    utfall: number | null;
    budgetCumulative: number;
    utfallCumulative: number | null;
  }[];
  largestDeviations: {
    ansvar: string;
    name: string;
    area: string;
    budget: number;
    utfall: number;
    avvikelse: number;
  }[];
  warnings: string[];
}

export type DrillBy = 'verksamhet' | 'ansvar' | 'kontogrupp' | 'konto';

export interface DrillFilter {
  omrade: string | null;
  verksamhet: string | null;
  ansvar: string | null;
  kontogrupp: string | null;
  konto: string | null;
}

export interface Drilldown {
  year: number;
  from: number;
  to: number;
  by: DrillBy;
  filter: DrillFilter;
  path: { by: DrillBy | 'omrade'; code: string; name: string }[];
  rows: {
    code: string;
    name: string;
    budget: number;
    utfall: number;
    avvikelse: number;
    hasChildren: boolean;
  }[];
  total: { budget: number; utfall: number; avvikelse: number };
}

export interface VoucherRows {
  rows: {
    date: string;
    series: string;
    number: string;
    text: string;
    rowText: string | null;
    konto: string;
    ansvar: string;
    verksamhet: string;
    amount: number;
  }[];
  count: number;
  sum: number;
  source: 'vouchers' | 'periods' | 'year' | 'none';
}

export interface DriftRow {
  code: string;
  name: string;
  utfall: number;
  budget: number;
  avvikelse: number;
  children: DriftRow[];
}

export type Report =
  | {
      report: 'driftredovisning';
      year: number;
      unit: string;
      throughMonth?: number;
      rows: DriftRow[];
      total: { utfall: number; budget: number; avvikelse: number };
      warnings: string[];
    }
  | {
      report: 'driftresultat';
      year: number;
      unit: string;
      throughMonth?: number;
      rows: {
        key: string;
        label: string;
        bokslutForegaende: number;
        bokslut: number;
        budget: number;
        avvikelse: number;
      }[];
      warnings: string[];
    }
  | {
      report: 'verksamhetsanalys';
      year: number;
      unit: string;
      throughMonth?: number;
      rows: {
        code: string;
        name: string;
        intakt: { utfall: number; budget: number };
        kostnad: { utfall: number; budget: number };
        nettoavvikelse: number;
      }[];
      warnings: string[];
    }
  | {
      report: 'investeringsredovisning';
      year: number;
      unit: string;
      rows: {
        code: string;
        name: string;
        bokslut: number;
        budget: number;
        avvikelse: number;
        ombudgetering: number;
        comment: string;
      }[];
      total: { bokslut: number; budget: number; avvikelse: number; ombudgetering: number };
      warnings: string[];
    };

export type ReportName = Report['report'];

export interface SieSummary {
  file: string;
  company: { name: string; orgnr: string | null };
  sieType: string | null;
  mode: 'replace' | 'append';
  alreadyImported: boolean;
  fiscalYears: { start: string; end: string; outcome: string; budget: boolean }[];
  accounts: number;
  vouchers: number;
  rows: number;
  balances: number;
  budgetRows: number;
  warnings: { line?: number; message: string }[];
  warningsNotListed: number;
}

export interface BudgetSummary {
  [key: string]: unknown;
  warnings?: (string | { message: string; row?: number })[];
}

export interface ImportRecord {
  id: number;
  kind: string;
  fileName: string;
  importedAt: string;
  mode: string;
  rows?: number;
  vouchers?: number;
  warnings?: number;
}

export type OrgLevel = 'forvaltning' | 'verksamhetsomrade' | 'enhet' | 'ansvar';

export interface OrgUnit {
  code: string;
  name: string;
  level: OrgLevel;
  parent: string | null;
  version: number;
}

export interface Organisation {
  units: OrgUnit[];
  unplaced: { code: string; name: string }[];
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}
