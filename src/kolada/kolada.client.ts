/**
 * The HTTP side of Kolada API v3: GET with a timeout, every answer validated (zod) before it is
 * used, paging by `next_url` kept on Kolada's own address and refused when it goes in circles.
 * A bad answer is an AppError('UPSTREAM_FAILED') that names the URL and what was wrong.
 */
import { z } from 'zod';
import { AppError } from '../shared/app-error.ts';
import {
  DEFAULT_KOLADA_URL,
  GENDERS,
  dataUrls,
  decimalFromJsonNumber,
  kpiUrls,
  normaliseBaseUrl,
  type KoladaKpi,
  type KoladaValue,
} from './kolada.ts';

export interface KoladaClientOptions {
  /** Default: KOLADA_URL, else https://api.kolada.se/v3. */
  baseUrl?: string;
  /** Per request; default 30 s. */
  timeoutMs?: number;
  /** Pages of one request before it is taken for an endless loop; default 1 000 (5 million values). */
  maxPages?: number;
}

export interface KoladaClient {
  readonly baseUrl: string;
  /** The metadata of these KPIs (those Kolada knows). */
  kpis(ids: readonly string[]): Promise<KoladaKpi[]>;
  /** KPIs whose title contains the text, as Kolada searches (`/kpi?title=`). */
  searchKpis(title: string): Promise<KoladaKpi[]>;
  /** Every value of the KPIs for the municipalities and years, all genders, all pages. */
  values(query: {
    kpis: readonly string[];
    municipalities: readonly string[];
    years: readonly number[];
  }): Promise<KoladaValue[]>;
}

/** The base URL from the environment: KOLADA_URL, else the real API. */
export function koladaUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const url = env['KOLADA_URL']?.trim();
  return url ? url : DEFAULT_KOLADA_URL;
}

/** A JSON number kept as the text it was written as (JSON.parse would make it a float). */
class SourceNumber {
  readonly source: string;
  constructor(source: string) {
    this.source = source;
  }
}

/**
 * JSON.parse, but every `value` number is kept as its source text: 31.32959689 stays
 * "31.32959689", and 123456789.123456789 is not rounded to 123456789.12345679. Node ≥ 22 hands
 * the reviver the source text (TC39 "JSON.parse source text access"); where it does not, the
 * shortest round-trip text of the float, String(n), is the fallback — exact for every value
 * with at most 15 significant digits, which Kolada's are.
 */
export function parseJsonKeepingValues(text: string): unknown {
  return JSON.parse(text, (key: string, value: unknown, context?: { source?: string }) =>
    key === 'value' && typeof value === 'number'
      ? new SourceNumber(context?.source ?? String(value))
      : value,
  );
}

const ValueEntry = z.object({
  gender: z.enum(GENDERS),
  count: z.number().int().nullish(),
  status: z.string().nullish(),
  value: z.instanceof(SourceNumber).nullish(),
});

const ValueRow = z.object({
  kpi: z.string(),
  municipality: z.string(),
  period: z.number().int(),
  values: z.array(ValueEntry),
});

const Page = <T extends z.ZodType>(item: T) =>
  z.object({
    values: z.array(item),
    count: z.number().int().optional(),
    next_url: z.string().nullish(),
  });

const KpiEntry = z.looseObject({
  id: z.string(),
  title: z.string(),
  description: z.string().nullish(),
});

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'okänt fel';
  const where = issue.path.map(String).join('.');
  return `${where === '' ? 'svaret' : where}: ${issue.message}`;
}

export function createKoladaClient(options: KoladaClientOptions = {}): KoladaClient {
  const baseUrl = normaliseBaseUrl(options.baseUrl ?? koladaUrlFromEnv());
  const base = new URL(baseUrl + '/');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxPages = options.maxPages ?? 1000;
  const refuse = (url: string, what: string, cause?: unknown) =>
    new AppError('UPSTREAM_FAILED', `Kolada (${url}): ${what}`, { cause });

  async function getJson(url: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { accept: 'application/json' },
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError')
        throw refuse(url, `svarade inte inom ${timeoutMs / 1000} s; försök igen senare`, error);
      const cause = error instanceof Error ? error.cause : undefined;
      const reason =
        cause instanceof Error
          ? cause.message
          : error instanceof Error
            ? error.message
            : 'okänt fel';
      throw refuse(url, `kunde inte nås (${reason}); kontrollera KOLADA_URL och nätet`, error);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw refuse(url, 'svaret avbröts innan det var läst; försök igen', error);
    }
    if (response.status !== 200)
      throw refuse(
        url,
        `svarade med status ${response.status}${response.statusText ? ` ${response.statusText}` : ''} i stället för 200`,
      );
    try {
      return parseJsonKeepingValues(text);
    } catch (error) {
      const type = response.headers.get('content-type') ?? 'okänd typ';
      throw refuse(url, `svaret är inte JSON (${type}): "${text.slice(0, 60)}"`, error);
    }
  }

  /** The next page's URL, when it stays on Kolada's address and has not been seen. */
  function nextPage(current: string, next: string, seen: Set<string>): string {
    let url: URL;
    try {
      url = new URL(next, current);
    } catch {
      throw refuse(current, `next_url "${next}" är ingen giltig adress`);
    }
    if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname))
      throw refuse(
        current,
        `next_url pekar på en annan adress (${url.toString()}) än Kolada-adressen ${baseUrl}; sidorna hämtades inte`,
      );
    const text = url.toString();
    if (seen.has(text))
      throw refuse(current, `next_url leder tillbaka till en sida som redan hämtats (${text})`);
    if (seen.size >= maxPages)
      throw refuse(current, `fler än ${maxPages} sidor; avbröt eftersom sidorna inte tar slut`);
    return text;
  }

  /** Every item of every page, starting at the URL. */
  async function allPages<T extends z.ZodType>(
    first: string,
    item: T,
  ): Promise<{ url: string; items: z.infer<T>[] }[]> {
    const schema = Page(item);
    const pages: { url: string; items: z.infer<T>[] }[] = [];
    const seen = new Set([first]);
    let url: string | undefined = first;
    while (url !== undefined) {
      const parsed = schema.safeParse(await getJson(url));
      if (!parsed.success)
        throw refuse(url, `svaret har inte den form som API v3 har: ${issueText(parsed.error)}`);
      pages.push({ url, items: parsed.data.values });
      const next: string | null | undefined = parsed.data.next_url;
      url = next ? nextPage(url, next, seen) : undefined;
      if (url !== undefined) seen.add(url);
    }
    return pages;
  }

  const toKpi = (entry: z.infer<typeof KpiEntry>): KoladaKpi => {
    const { id, title, description, ...fields } = entry;
    return { id, title, description: description ?? '', fields };
  };

  return {
    baseUrl,

    async kpis(ids) {
      const found: KoladaKpi[] = [];
      for (const url of kpiUrls(baseUrl, ids))
        for (const page of await allPages(url, KpiEntry)) found.push(...page.items.map(toKpi));
      return found;
    },

    async searchKpis(title) {
      const url = `${baseUrl}/kpi?title=${encodeURIComponent(title)}`;
      return (await allPages(url, KpiEntry)).flatMap((page) => page.items.map(toKpi));
    },

    async values(query) {
      const asked = {
        kpis: new Set(query.kpis),
        municipalities: new Set(query.municipalities),
        years: new Set(query.years),
      };
      const values = new Map<string, KoladaValue>();
      for (const url of dataUrls(baseUrl, query)) {
        for (const page of await allPages(url, ValueRow)) {
          for (const row of page.items) {
            if (
              !asked.kpis.has(row.kpi) ||
              !asked.municipalities.has(row.municipality) ||
              !asked.years.has(row.period)
            )
              throw refuse(
                page.url,
                `svaret har värden som inte efterfrågades (${row.kpi}, kommun ${row.municipality}, ${row.period})`,
              );
            for (const entry of row.values) {
              const value = entry.value == null ? null : decimalFromJsonNumber(entry.value.source);
              if (value === undefined)
                throw refuse(
                  page.url,
                  `värdet ${entry.value?.source ?? ''} för ${row.kpi}, kommun ${row.municipality}, ${row.period} är inget tal`,
                );
              const key = `${row.kpi}/${row.municipality}/${row.period}/${entry.gender}`;
              if (values.has(key))
                throw refuse(
                  page.url,
                  `värdet för ${row.kpi}, kommun ${row.municipality}, ${row.period}, kön ${entry.gender} finns två gånger`,
                );
              values.set(key, {
                kpi: row.kpi,
                municipality: row.municipality,
                year: row.period,
                gender: entry.gender,
                value,
                status: entry.status ? entry.status : null,
                count: entry.count ?? null,
              });
            }
          }
        }
      }
      return [...values.values()];
    },
  };
}
