import type { Generated } from 'kysely';

export interface OrgUnitTable {
  code: string;
  name: string;
  /** 'forvaltning' | 'verksamhetsomrade' | 'enhet' | 'ansvar' */
  level: string;
  parent_code: string | null;
  /** Bumped by every change; an edit must send the version it read. */
  version: Generated<number>;
}

export interface OrganisationTables {
  org_unit: OrgUnitTable;
}
