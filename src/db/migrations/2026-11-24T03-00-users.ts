import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration never imports application code.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('app_user')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    // scrypt (memory-hard), "scrypt$N$r$p$salt$hash"; null for users who sign in with OpenID Connect only.
    .addColumn('password_hash', 'text')
    .addColumn('role', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`role in ('controller', 'forvaltningschef', 'verksamhetschef', 'enhetschef', 'namnd')`,
        ),
    )
    .addColumn('oidc_subject', 'text', (c) => c.unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // The parts of the organisation (any level; the subtree below counts) a manager may see.
  await db.schema
    .createTable('user_scope')
    .addColumn('user_id', 'integer', (c) =>
      c.notNull().references('app_user.id').onDelete('cascade'),
    )
    .addColumn('org_code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_scope_pk', ['user_id', 'org_code'])
    .execute();

  // Sessions: the cookie holds a random token; the database holds only its SHA-256.
  await db.schema
    .createTable('session')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) =>
      c.notNull().references('app_user.id').onDelete('cascade'),
    )
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();

  // Who changed what, when, with the state before and after.
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .execute();
}
