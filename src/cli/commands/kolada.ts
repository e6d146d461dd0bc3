import { Option } from 'commander';
import { createKoladaClient, koladaUrlFromEnv } from '../../kolada/kolada.client.ts';
import {
  downloadKolada,
  koladaSetting,
  koladaValues,
  searchKolada,
  setKoladaSetting,
  storeKolada,
} from '../../kolada/kolada.service.ts';
import {
  KOLADA_SOURCE,
  parseKpiIds,
  parseMunicipalityIds,
  parseYears,
} from '../../kolada/kolada.ts';
import { AppError } from '../../shared/app-error.ts';
import { toJson } from '../../shared/json.ts';
import { audited, dataOption, withDatabase, type Cli } from '../cli-support.ts';
import { formatCsv, formatTable, type Column } from '../output.ts';

const urlOption = () =>
  new Option('--url <url>', 'the Kolada API (default: KOLADA_URL, or https://api.kolada.se/v3)');
const timeoutOption = () =>
  new Option('--timeout <seconds>', 'per request (default 30)').argParser((value) => {
    const seconds = Number(value);
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600)
      throw new AppError('INVALID_ARGUMENT', `--timeout ${value}: sekunder, 1–600`);
    return seconds;
  });

const client = (options: { url?: string; timeout?: number }) =>
  createKoladaClient({
    baseUrl: options.url ?? koladaUrlFromEnv(),
    ...(options.timeout === undefined ? {} : { timeoutMs: options.timeout * 1000 }),
  });

const VALUE_COLUMNS: Column[] = [
  { key: 'kpi', header: 'kpi' },
  { key: 'municipality', header: 'municipality' },
  { key: 'year', header: 'year' },
  { key: 'gender', header: 'gender' },
  { key: 'value', header: 'value', align: 'right' },
  { key: 'status', header: 'status' },
];

/** Kolada (RKA's open key figures): fetch once, then read offline. */
export function registerKoladaCommands({ program, print }: Cli): void {
  const kolada = program
    .command('kolada')
    .description('key figures from Kolada (API v3): fetch, read offline, search');

  kolada
    .command('fetch')
    .description(
      'fetch KPI metadata and values from Kolada and store them (default municipalities: the own and its peers)',
    )
    .requiredOption('--kpi <ids>', 'KPI ids, e.g. N00090,U21468')
    .option('--municipality <ids>', 'Kolada municipality ids, e.g. 1882,0180')
    .requiredOption('--years <from-to>', 'e.g. 2020-2024')
    .addOption(urlOption())
    .addOption(timeoutOption())
    .addOption(new Option('--format <format>').choices(['text', 'json']).default('text'))
    .addOption(dataOption())
    .action(
      async (options: {
        kpi: string;
        municipality?: string;
        years: string;
        url?: string;
        timeout?: number;
        format: string;
        data?: string;
      }) => {
        const kpis = parseKpiIds(options.kpi);
        const years = parseYears(options.years);
        const municipalities =
          options.municipality === undefined ? [] : parseMunicipalityIds(options.municipality);
        const kolada = client(options);
        const summary = await withDatabase(options.data, async (handle) => {
          const download = await downloadKolada(handle.db, kolada, {
            kpis,
            municipalities,
            years,
          });
          return audited(handle, 'kolada.fetch', kpis.join(','), (tx) =>
            storeKolada(tx.db, download),
          );
        });
        if (options.format === 'json') {
          print(toJson(summary));
          return;
        }
        const span = years.length === 1 ? String(years[0]) : `${years[0]}–${years.at(-1)}`;
        print(
          `Hämtade ${summary.values} värden (${summary.missing} utan värde) för ${summary.kpis.join(', ')}, ` +
            `${summary.municipalities.length} ${summary.municipalities.length === 1 ? 'kommun' : 'kommuner'}, ${span} ` +
            `från ${summary.baseUrl} (${KOLADA_SOURCE}, ${summary.fetchedAt.slice(0, 10)})`,
        );
        if (summary.indicatorValues > 0)
          print(`Utfall för indikatorer från Kolada: ${summary.indicatorValues} årsvärden satta`);
        for (const warning of summary.warnings) print(`Varning: ${warning}`);
      },
    );

  kolada
    .command('values')
    .description(
      'stored values of a KPI, offline: value as exact decimal text, null where Kolada has none',
    )
    .requiredOption('--kpi <id>', 'the KPI, e.g. N00090')
    .option('--municipality <ids>', 'Kolada municipality ids (default: all stored)')
    .option('--years <from-to>', 'e.g. 2020-2024 (default: all stored)')
    .option('--gender <genders>', 'T (totalt), K (kvinnor), M (män); default all')
    .addOption(new Option('--format <format>').choices(['table', 'csv', 'json']).default('table'))
    .addOption(dataOption())
    .action(
      async (options: {
        kpi: string;
        municipality?: string;
        years?: string;
        gender?: string;
        format: string;
        data?: string;
      }) => {
        const rows = await withDatabase(options.data, (handle) =>
          koladaValues(handle.db, {
            kpi: options.kpi,
            ...(options.municipality === undefined
              ? {}
              : { municipalities: parseMunicipalityIds(options.municipality) }),
            ...(options.years === undefined ? {} : { years: parseYears(options.years) }),
            ...(options.gender === undefined
              ? {}
              : { genders: options.gender.split(',').map((g) => g.trim().toUpperCase()) }),
          }),
        );
        const lines = rows.map(({ kpi, municipality, year, gender, value, status }) => ({
          kpi,
          municipality,
          year,
          gender,
          value,
          status,
        }));
        if (options.format === 'json') {
          print(toJson(lines));
          return;
        }
        const text = lines.map((l) => ({
          ...l,
          year: String(l.year),
          value: l.value ?? '',
          status: l.status ?? '',
        }));
        if (options.format === 'csv') print(formatCsv(VALUE_COLUMNS, text).trimEnd());
        else if (text.length === 0)
          print(`Inga lagrade värden för ${options.kpi}: hämta dem med balans kolada fetch`);
        else print(`${formatTable(VALUE_COLUMNS, text)}\n${KOLADA_SOURCE}`);
      },
    );

  kolada
    .command('search')
    .description('KPIs whose id, title or description contains the text (stored metadata)')
    .argument('<text>', 'e.g. sjukfrånvaro')
    .option('--online', 'also search Kolada (and store what it finds)')
    .addOption(urlOption())
    .addOption(timeoutOption())
    .addOption(new Option('--format <format>').choices(['text', 'json']).default('text'))
    .addOption(dataOption())
    .action(
      async (
        text: string,
        options: {
          online?: boolean;
          url?: string;
          timeout?: number;
          format: string;
          data?: string;
        },
      ) => {
        const result = await withDatabase(options.data, (handle) =>
          searchKolada(handle, text, options.online ? { client: client(options) } : {}),
        );
        if (options.format === 'json') {
          print(toJson(result));
          return;
        }
        if (result.kpis.length === 0)
          print(
            `Inga nyckeltal innehåller "${text}"${options.online ? '' : ' bland de hämtade (sök i Kolada med --online)'}`,
          );
        for (const kpi of result.kpis) print(`${kpi.id}  ${kpi.title}`);
        for (const warning of result.warnings) print(`Varning: ${warning}`);
      },
    );

  kolada
    .command('municipality')
    .description('the own municipality (Kolada id) and its peers; without options, shows them')
    .option('--own <id>', 'e.g. 1882 (Askersund)')
    .option('--peers <ids>', 'e.g. 0604,0686 ("" for none)')
    .addOption(dataOption())
    .action(async (options: { own?: string; peers?: string; data?: string }) => {
      const setting = await withDatabase(options.data, async (handle) => {
        if (options.own === undefined) {
          if (options.peers !== undefined)
            throw new AppError('INVALID_ARGUMENT', '--peers kräver --own (den egna kommunen)');
          return koladaSetting(handle.db);
        }
        const own = options.own;
        return audited(handle, 'kolada.municipality', own, (tx) =>
          setKoladaSetting(tx.db, {
            own,
            ...(options.peers === undefined ? {} : { peers: options.peers }),
          }),
        );
      });
      print(
        setting.ownMunicipality === null
          ? 'Ingen egen kommun inställd: balans kolada municipality --own ID [--peers ID,…]'
          : `Egen kommun: ${setting.ownMunicipality}; jämförelsekommuner: ${setting.peers.join(', ') || 'inga'}`,
      );
    });
}
