import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { BalansDb } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import * as goals from '../goals/goal.repository.ts';
import { AppError } from '../shared/app-error.ts';
import type { KoladaClient } from './kolada.client.ts';
import {
  KOLADA_SOURCE,
  definitionText,
  describeChange,
  isGender,
  kpiChanges,
  parseKpiIds,
  parseMunicipalityIds,
  type Gender,
  type KoladaKpi,
  type KoladaValue,
} from './kolada.ts';
import * as repo from './kolada.repository.ts';

type Db = Kysely<Database>;

export interface KoladaFetchSummary {
  baseUrl: string;
  kpis: string[];
  municipalities: string[];
  years: number[];
  /** Values stored (every gender; those without a value count too). */
  values: number;
  /** Of those, the ones Kolada has no value for (value null, with its status). */
  missing: number;
  fetchedAt: string;
  /** Year outcomes of the indicators linked to these KPIs, set for the own municipality. */
  indicatorValues: number;
  /** A KPI's title or definition changed since the last fetch: one Swedish line each. */
  warnings: string[];
}

const hashOf = (kpi: KoladaKpi) =>
  createHash('sha256').update(definitionText(kpi)).digest('hex').slice(0, 32);

/** What a fetch brought from Kolada, not yet stored. */
export interface KoladaDownload {
  baseUrl: string;
  kpis: string[];
  municipalities: string[];
  years: number[];
  metadata: KoladaKpi[];
  values: KoladaValue[];
}

/**
 * Asks Kolada for the KPIs' metadata and their values for the municipalities (default: the own
 * municipality and its peers) and years. Nothing is stored; any refused answer throws.
 */
export async function downloadKolada(
  db: Db,
  client: KoladaClient,
  query: { kpis: readonly string[]; municipalities?: readonly string[]; years: readonly number[] },
): Promise<KoladaDownload> {
  const kpis = [...new Set(query.kpis)];
  if (kpis.length === 0) throw new AppError('INVALID_ARGUMENT', 'ange minst ett nyckeltal (--kpi)');
  if (query.years.length === 0) throw new AppError('INVALID_ARGUMENT', 'ange åren (--years)');
  const municipalities = query.municipalities?.length
    ? [...new Set(query.municipalities)]
    : await settingMunicipalities(db);
  const metadata = (await client.kpis(kpis)).filter((k) => kpis.includes(k.id));
  const known = new Set(metadata.map((k) => k.id));
  const unknown = kpis.filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw new AppError(
      'NOT_FOUND',
      `${unknown.join(', ')}: finns inte i Kolada (${client.baseUrl}); sök nyckeltal med balans kolada search`,
    );
  const values = await client.values({ kpis, municipalities, years: query.years });
  return {
    baseUrl: client.baseUrl,
    kpis,
    municipalities,
    years: [...query.years],
    metadata,
    values,
  };
}

/** Stores a download (in the caller's transaction), with a warning for each changed KPI. */
export async function storeKolada(
  db: Db,
  download: KoladaDownload,
  now: Date = new Date(),
): Promise<KoladaFetchSummary> {
  const warnings = await storeKpis(db, download.metadata, now);
  await repo.upsertValues(db, download.values, now);
  const setting = await repo.findSetting(db);
  const linked =
    setting.ownMunicipality !== null && download.municipalities.includes(setting.ownMunicipality)
      ? await applyKoladaOutcomes(db, { years: download.years, kpis: download.kpis })
      : { applied: [], missing: [] };
  return {
    baseUrl: download.baseUrl,
    kpis: download.kpis,
    municipalities: download.municipalities,
    years: download.years,
    values: download.values.length,
    missing: download.values.filter((v) => v.value === null).length,
    fetchedAt: now.toISOString(),
    indicatorValues: linked.applied.length,
    warnings,
  };
}

/**
 * Fetches from Kolada, then stores everything in one transaction: nothing is stored when any
 * answer is refused. Reading afterwards needs no network.
 */
export async function fetchKolada(
  handle: BalansDb,
  client: KoladaClient,
  query: { kpis: readonly string[]; municipalities?: readonly string[]; years: readonly number[] },
  now: Date = new Date(),
): Promise<KoladaFetchSummary> {
  const download = await downloadKolada(handle.db, client, query);
  return handle.transaction((tx) => storeKolada(tx.db, download, now));
}

/** Stores KPI metadata; returns a warning line for each change since the last fetch. */
async function storeKpis(db: Db, kpis: readonly KoladaKpi[], now: Date): Promise<string[]> {
  const before = await repo.findKpis(
    db,
    kpis.map((k) => k.id),
  );
  const lines: string[] = [];
  for (const kpi of kpis) {
    const definitionHash = hashOf(kpi);
    const earlier = before.get(kpi.id);
    if (earlier) lines.push(...kpiChanges(earlier, { kpi, definitionHash }).map(describeChange));
    await repo.upsertKpi(db, { ...kpi, definitionHash, fetchedAt: now });
  }
  return lines;
}

async function settingMunicipalities(db: Db): Promise<string[]> {
  const setting = await repo.findSetting(db);
  if (setting.ownMunicipality === null)
    throw new AppError(
      'INVALID_ARGUMENT',
      'ange kommunerna (--municipality) eller ställ in den egna kommunen först (balans kolada municipality --own ID)',
    );
  return [...new Set([setting.ownMunicipality, ...setting.peers])];
}

/** A stored value as the CLI and the API give it: `value` exact decimal text or null. */
export interface KoladaValueLine {
  kpi: string;
  municipality: string;
  year: number;
  gender: Gender;
  value: string | null;
  status: string | null;
}

/** Stored values, offline: the KPI's, for some municipalities (default all), years, genders. */
export async function koladaValues(
  db: Db,
  query: {
    kpi: string;
    municipalities?: readonly string[];
    years?: readonly number[];
    genders?: readonly string[];
  },
): Promise<(KoladaValueLine & { count: number | null; source: string; fetchedAt: string })[]> {
  const [kpi] = parseKpiIds(query.kpi);
  for (const g of query.genders ?? [])
    if (!isGender(g))
      throw new AppError('INVALID_ARGUMENT', `kön "${g}": T (totalt), K (kvinnor) eller M (män)`);
  const rows = await repo.findValues(db, {
    kpis: kpi === undefined ? [] : [kpi],
    ...(query.municipalities ? { municipalities: query.municipalities } : {}),
    ...(query.years ? { years: query.years } : {}),
    ...(query.genders ? { genders: query.genders } : {}),
  });
  return rows.map((r) => ({
    kpi: r.kpi,
    municipality: r.municipality,
    year: r.year,
    gender: r.gender,
    value: r.value,
    status: r.status,
    count: r.count,
    source: r.source,
    fetchedAt: r.fetchedAt.toISOString(),
  }));
}

/**
 * One stored value, for other features (goals and indicators take their outcome from it):
 * undefined when it was never fetched; `value` null when Kolada has none (see `status`).
 */
export async function koladaValue(
  db: Db,
  key: { kpi: string; municipality: string; year: number; gender?: Gender },
): Promise<(KoladaValue & { source: string; fetchedAt: Date }) | undefined> {
  const [row] = await repo.findValues(db, {
    kpis: [key.kpi],
    municipalities: [key.municipality],
    years: [key.year],
    genders: [key.gender ?? 'T'],
  });
  return row;
}

export interface KoladaKpiLine {
  id: string;
  title: string;
  description: string;
  /** When it was fetched; null for a hit of Kolada's own search not stored before. */
  fetchedAt: string | null;
}

/**
 * KPIs whose id, title or description contains the text, over the stored metadata; `online`
 * also asks Kolada (`/kpi?title=`) and stores what it finds, so later searches find it offline.
 */
export async function searchKolada(
  handle: BalansDb,
  text: string,
  options: { client?: KoladaClient; limit?: number; now?: Date } = {},
): Promise<{ kpis: KoladaKpiLine[]; warnings: string[] }> {
  const search = text.trim();
  if (search.length < 2)
    throw new AppError('INVALID_ARGUMENT', 'sök med minst två tecken (t.ex. sjukfrånvaro)');
  const limit = options.limit ?? 50;
  const warnings: string[] = [];
  if (options.client) {
    const found = await options.client.searchKpis(search);
    const now = options.now ?? new Date();
    warnings.push(...(await handle.transaction((tx) => storeKpis(tx.db, found, now))));
  }
  const kpis = (await repo.searchKpis(handle.db, search, limit)).map((k) => ({
    id: k.id,
    title: k.title,
    description: k.description,
    fetchedAt: k.fetchedAt.toISOString(),
  }));
  return { kpis, warnings };
}

/** The own municipality (Kolada id) and its peers, used when a fetch names no municipality. */
export async function koladaSetting(db: Db): Promise<repo.KoladaSetting> {
  return repo.findSetting(db);
}

export async function setKoladaSetting(
  db: Db,
  input: { own: string; peers?: string },
): Promise<repo.KoladaSetting> {
  const [own] = parseMunicipalityIds(input.own);
  if (own === undefined || input.own.includes(','))
    throw new AppError('INVALID_ARGUMENT', `den egna kommunen "${input.own}": ett Kolada-id`);
  const peers =
    input.peers === undefined || input.peers.trim() === ''
      ? []
      : parseMunicipalityIds(input.peers).filter((p) => p !== own);
  const setting = { ownMunicipality: own, peers };
  await repo.saveSetting(db, setting);
  return setting;
}

export interface KoladaOutcomes {
  /** Year outcomes written: indicator, its KPI, the year and the value. */
  applied: { indicator: string; kpi: string; year: number; value: string }[];
  /** Years Kolada has no value for (the indicator keeps no outcome from Kolada), with the status. */
  missing: { indicator: string; kpi: string; year: number; status: string | null }[];
}

/**
 * Makes the stored Kolada values of the own municipality the year outcomes of the indicators
 * whose source is Kolada (their KPI and gender), for the nämnd as a whole: source
 * "Källa: Kolada", entered at the fetch date. Runs in the caller's transaction; a fetch that
 * includes the own municipality does it by itself.
 */
export async function applyKoladaOutcomes(
  db: Db,
  query: { years?: readonly number[]; kpis?: readonly string[] } = {},
): Promise<KoladaOutcomes> {
  const { ownMunicipality } = await repo.findSetting(db);
  if (ownMunicipality === null)
    throw new AppError(
      'INVALID_ARGUMENT',
      'ställ in den egna kommunen först (balans kolada municipality --own ID)',
    );
  const linked = (await goals.findIndicators(db)).filter(
    (i) =>
      i.source === 'kolada' &&
      i.koladaKpi !== null &&
      (query.kpis === undefined || query.kpis.includes(i.koladaKpi)),
  );
  const result: KoladaOutcomes = { applied: [], missing: [] };
  for (const indicator of linked) {
    const kpi = indicator.koladaKpi ?? '';
    const values = await repo.findValues(db, {
      kpis: [kpi],
      municipalities: [ownMunicipality],
      genders: [indicator.koladaGender],
      ...(query.years ? { years: query.years } : {}),
    });
    for (const v of values) {
      if (v.value === null) {
        result.missing.push({ indicator: indicator.code, kpi, year: v.year, status: v.status });
        continue;
      }
      await goals.upsertValue(db, {
        code: indicator.code,
        orgUnit: '',
        periodFrom: v.year * 100 + 1,
        periodTo: v.year * 100 + 12,
        value: v.value,
        source: KOLADA_SOURCE,
        footnote: '',
        enteredBy: 'kolada',
        enteredAt: v.fetchedAt,
      });
      result.applied.push({ indicator: indicator.code, kpi, year: v.year, value: v.value });
    }
  }
  return result;
}
