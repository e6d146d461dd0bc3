import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

/** The real Kolada v3 data (rKolada's cached answers as CSV), read in place, never copied. */
export const KOLADA_DATA = join(import.meta.dirname, '..', '..', 'shared', 'data', 'kolada');

/** One value row of the CSVs; `value` is the number's text as written there ("" = none). */
export interface CsvValue {
  kpi: string;
  municipality: string;
  year: number;
  gender: string;
  count: string;
  status: string;
  value: string;
}

/**
 * A value written for a test, not Kolada's: sick leave (N00090) in Askersund (1882), both genders,
 * unless `other` says otherwise; "" is a year Kolada has no value for (status Saknas).
 */
export function sickLeave(year: number, value: string, other: Partial<CsvValue> = {}): CsvValue {
  return {
    kpi: 'N00090',
    municipality: '1882',
    year,
    gender: 'T',
    count: value === '' ? '0' : '1',
    status: value === '' ? 'Saknas' : '',
    value,
    ...other,
  };
}

function readCsv(file: string): Record<string, string>[] {
  return parse<Record<string, string>>(readFileSync(join(KOLADA_DATA, file)), { columns: true });
}

export function readCsvValues(): CsvValue[] {
  return [
    'rkolada_v3_values_N00945.csv',
    'rkolada_v3_values_grp_data.csv',
    'rkolada_v3_values_kld_data.csv',
  ].flatMap((file) =>
    readCsv(file).map((r) => ({
      kpi: r['kpi'] ?? '',
      municipality: r['municipality_id'] ?? '',
      year: Number(r['year']),
      gender: r['gender'] ?? '',
      count: r['count'] ?? '',
      status: r['status'] ?? '',
      value: r['value'] === 'NA' ? '' : (r['value'] ?? ''),
    })),
  );
}

export function readCsvMunicipalities(): { id: string; title: string; type: string }[] {
  return readCsv('rkolada_v3_municipalities.csv').map((r) => ({
    id: r['id'] ?? '',
    title: r['title'] ?? '',
    type: r['type'] ?? '',
  }));
}

/** KPI metadata in the v3 shape: NA as null, TRUE/FALSE as booleans. */
export function readCsvKpis(): Map<string, Record<string, unknown>> {
  const kpis = new Map<string, Record<string, unknown>>();
  for (const row of readCsv('rkolada_v3_kpi_metadata.csv')) {
    const kpi: Record<string, unknown> = {};
    for (const [key, text] of Object.entries(row))
      kpi[key] = text === 'NA' ? null : text === 'TRUE' ? true : text === 'FALSE' ? false : text;
    kpis.set(String(kpi['id']), kpi);
  }
  return kpis;
}

/** How the server misbehaves on /data requests under a path prefix: /loop/v3/data/…. */
export type Fault = 'bad-status' | 'not-json' | 'wrong-shape' | 'other-host' | 'loop' | 'slow';
const FAULTS: readonly string[] = [
  'bad-status',
  'not-json',
  'wrong-shape',
  'other-host',
  'loop',
  'slow',
];

export interface KoladaTestServer {
  /** The base URL, like https://api.kolada.se/v3. */
  url: string;
  /** The base URL of a misbehaving twin. */
  faulty(fault: Fault): string;
  /** Every path requested, in order. */
  requests: string[];
  /** Kolada renames a KPI (or changes its description) from now on. */
  redefine(id: string, change: { title?: string; description?: string }): void;
  close(): Promise<void>;
}

/**
 * A local server that speaks Kolada API v3 from the shared CSVs (plus `extra` values), with small
 * pages (`pageSize` value rows each, linked by next_url) and Kolada's limit of 25 ids a segment.
 */
export async function startKoladaServer(
  options: { pageSize?: number; extra?: readonly CsvValue[] } = {},
): Promise<KoladaTestServer> {
  const pageSize = options.pageSize ?? 5;
  const values = [...readCsvValues(), ...(options.extra ?? [])];
  const kpis = readCsvKpis();
  const requests: string[] = [];
  let origin = '';

  const send = (res: ServerResponse, status: number, body: string, type = 'application/json') =>
    res.writeHead(status, { 'content-type': type }).end(body);

  /** JSON in which each value number is written as its CSV text, never through a float. */
  const raw = (text: string) => `\u0000${text}\u0000`;
  const jsonWithRaw = (body: unknown) =>
    JSON.stringify(body).replace(/"\\u0000([^"\\]*)\\u0000"/g, '$1');

  function page<T>(
    res: ServerResponse,
    url: URL,
    items: T[],
    fault: string | undefined,
    shape: (item: T) => unknown = (i) => i,
  ): ServerResponse {
    const number = Number(url.searchParams.get('page') ?? '1');
    const slice = items.slice((number - 1) * pageSize, number * pageSize);
    const next = new URL(url.pathname + url.search, origin);
    next.searchParams.set('page', String(number + 1));
    next.searchParams.set('per_page', String(pageSize));
    if (fault === 'other-host') next.host = 'kolada.example.org';
    if (fault === 'loop') next.searchParams.set('page', '2');
    const more = number * pageSize < items.length || fault === 'loop' || fault === 'other-host';
    return send(
      res,
      200,
      jsonWithRaw({
        values: slice.map(shape),
        count: slice.length,
        ...(more ? { next_url: next.toString() } : {}),
      }),
    );
  }

  function handle(req: IncomingMessage, res: ServerResponse): ServerResponse | undefined {
    const url = new URL(req.url ?? '/', origin);
    requests.push(url.pathname + url.search);
    const parts = url.pathname.split('/').filter(Boolean);
    const fault = parts[0] !== undefined && FAULTS.includes(parts[0]) ? parts.shift() : undefined;
    if (parts.shift() !== 'v3') return send(res, 404, '{"error":"not found"}');
    const segments = parts.map((p) => decodeURIComponent(p).split(','));
    if (segments.some((ids) => ids.length > 25))
      return send(res, 400, '{"error":"at most 25 ids in a path segment"}');

    if (parts[0] === 'kpi') {
      const title = url.searchParams.get('title')?.toLowerCase();
      const ids = segments[1];
      const found = [...kpis.values()].filter((k) =>
        ids
          ? ids.includes(String(k['id']))
          : String(k['title'])
              .toLowerCase()
              .includes(title ?? ''),
      );
      return page(res, url, found, undefined);
    }

    const [d, kpiWord, kpiIds, mWord, mIds, yWord, years] = [parts[0], ...segments.slice(1)];
    if (d !== 'data' || kpiWord?.[0] !== 'kpi' || mWord?.[0] !== 'municipality')
      return send(res, 404, '{"error":"not found"}');
    if (yWord?.[0] !== 'year' || !kpiIds || !mIds || !years)
      return send(res, 404, '{"error":"not found"}');
    if (fault === 'bad-status') return send(res, 503, 'Service Unavailable', 'text/plain');
    if (fault === 'not-json')
      return send(res, 200, '<html><body>Underhåll pågår</body></html>', 'text/html');
    if (fault === 'slow') return; // never answers
    const rows = new Map<string, CsvValue[]>();
    for (const v of values)
      if (
        kpiIds.includes(v.kpi) &&
        mIds.includes(v.municipality) &&
        years.includes(String(v.year))
      ) {
        const key = `${v.kpi}/${v.municipality}/${v.year}`;
        rows.set(key, [...(rows.get(key) ?? []), v]);
      }
    return page(res, url, [...rows.values()], fault, (group) => {
      const first = group[0];
      return {
        kpi: first?.kpi,
        municipality: first?.municipality,
        period: fault === 'wrong-shape' ? String(first?.year) : first?.year,
        values: group.map((v) => ({
          gender: v.gender,
          count: v.count === '' ? null : raw(v.count),
          status: v.status === '' ? null : v.status,
          value: v.value === '' ? null : raw(v.value),
        })),
      };
    });
  }

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/v3`,
    faulty: (fault) => `${origin}/${fault}/v3`,
    requests,
    redefine(id, change) {
      const kpi = kpis.get(id);
      if (!kpi) throw new Error(`no KPI ${id}`);
      kpis.set(id, { ...kpi, ...change });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) {
          resolve();
          return;
        }
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}
