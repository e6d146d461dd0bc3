import type { ColumnType, Generated } from 'kysely';

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string | null;
  role: string;
  oidc_subject: string | null;
  created_at: Generated<Date>;
  /** Bumped by every change; an edit must send the version it read. */
  version: Generated<number>;
}

export interface UserScopeTable {
  user_id: number;
  org_code: string;
}

export interface SessionTable {
  token_hash: string;
  user_id: number;
  csrf_token: string;
  expires_at: ColumnType<Date, Date, Date>;
}

export interface AuditLogTable {
  id: Generated<bigint>;
  at: Generated<Date>;
  actor: string;
  action: string;
  target: string;
  before: ColumnType<unknown, string | null, string | null>;
  after: ColumnType<unknown, string | null, string | null>;
}

/** A sign-in begun at the OpenID Connect provider, until the browser comes back (10 minutes). */
export interface OidcLoginTable {
  state: string;
  code_verifier: string;
  nonce: string;
  return_to: string;
  expires_at: ColumnType<Date, Date, Date>;
}

export interface AuthTables {
  app_user: AppUserTable;
  user_scope: UserScopeTable;
  session: SessionTable;
  audit_log: AuditLogTable;
  oidc_login: OidcLoginTable;
}
