/** A Kommun-Bas account group: the first two digits of an account ("50" Löner arbetad tid). */
export interface AccountGroupTable {
  code: string;
  name: string;
}

export interface FollowupTables {
  account_group: AccountGroupTable;
}
