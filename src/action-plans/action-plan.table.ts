import type { ColumnType, Generated } from 'kysely';

export interface AtgardskravTable {
  id: Generated<number>;
  year: number;
  verksamhet: string;
  ansvar: string;
  name: string;
  amount_ore: bigint;
  basis: string;
  description: string;
  sort: number;
  version: Generated<number>;
}

export interface AtgardskravKpiTable {
  atgardskrav_id: number;
  kpi_code: string;
  sort: number;
}

export interface AtgardTable {
  id: Generated<number>;
  atgardskrav_id: number;
  title: string;
  description: string;
  owner_unit: string | null;
  start_period: number;
  helarseffekt_ore: bigint;
  effekt_ar_override_ore: bigint | null;
  override_reason: string | null;
  status: string;
  statustext: string;
  sort: number;
  version: Generated<number>;
  updated_at: Generated<Date>;
  updated_by: string;
}

export interface AtgardKpiTable {
  atgard_id: number;
  kpi_code: string;
}

export interface AtgardLinkTable {
  atgard_id: number;
  konto_prefix: string;
  ansvar: string;
}

export interface AtgardUppfoljningTable {
  id: Generated<number>;
  year: number;
  date: string;
  name: string;
  created_at: Generated<Date>;
  created_by: string;
  data: ColumnType<unknown, string, string>;
}

export interface ActionPlanTables {
  atgardskrav: AtgardskravTable;
  atgardskrav_kpi: AtgardskravKpiTable;
  atgard: AtgardTable;
  atgard_kpi: AtgardKpiTable;
  atgard_link: AtgardLinkTable;
  atgard_uppfoljning: AtgardUppfoljningTable;
}
