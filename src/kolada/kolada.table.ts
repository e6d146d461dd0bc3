import type { ColumnType, Generated } from 'kysely';

export interface KoladaKpiTable {
  id: string;
  title: string;
  description: string;
  /** The rest of Kolada's metadata for the KPI, as received. */
  fields: ColumnType<Record<string, unknown>, string, string>;
  definition_hash: string;
  fetched_at: ColumnType<Date, Date, Date>;
}

export interface KoladaValueTable {
  kpi: string;
  municipality: string;
  year: number;
  gender: string;
  /** numeric, read as exact text; null where Kolada has no value */
  value: string | null;
  status: string | null;
  count: number | null;
  source: Generated<string>;
  fetched_at: ColumnType<Date, Date, Date>;
}

export interface KoladaSettingTable {
  id: Generated<boolean>;
  own_municipality: string | null;
  peers: ColumnType<string[], string, string>;
  updated_at: Generated<Date>;
}

export interface KoladaTables {
  kolada_kpi: KoladaKpiTable;
  kolada_value: KoladaValueTable;
  kolada_setting: KoladaSettingTable;
}
