/** A Kommun-Bas account group: the first two digits of an account ("50" Löner arbetad tid). */
export interface AccountGroupTable {
  code: string;
  name: string;
}

/**
 * One row: the versions of the figures and of access, bumped by triggers at the commit of every
 * change (src/db/data-version.ts reads them).
 */
export interface DataVersionTable {
  id: boolean;
  figures: bigint;
  access: bigint;
}

export interface FollowupTables {
  account_group: AccountGroupTable;
  data_version: DataVersionTable;
}
