export interface OrgUnitTable {
  code: string;
  name: string;
  /** 'forvaltning' | 'verksamhetsomrade' | 'enhet' | 'ansvar' */
  level: string;
  parent_code: string | null;
}

export interface OrganisationTables {
  org_unit: OrgUnitTable;
}
