import type { Kysely } from 'kysely';

// Frozen in time: this migration never imports application code.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  // Each edit sends the version it read and bumps it, so that nobody overwrites another's change unseen.
  await db.schema
    .alterTable('org_unit')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('app_user')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}
