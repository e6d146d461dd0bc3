import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration never imports application code.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  // Monthly profiles that spread a yearly budget amount over the months (weights, any scale).
  await db.schema
    .createTable('period_profile')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('weights', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('period_profile')
    .values([
      {
        name: 'tolftedelar',
        description: 'Lika mycket varje månad',
        weights: JSON.stringify(Array(12).fill(1)),
      },
      {
        name: 'personal',
        description: 'Personalkostnader: sommarens semesterlöner och vikarier (promille per månad)',
        weights: JSON.stringify([80, 78, 82, 80, 82, 90, 105, 90, 80, 82, 80, 71]),
      },
    ])
    .execute();

  // The organisation: förvaltning → verksamhetsområde → enhet → ansvar (codes of the ansvar dimension).
  await db.schema
    .createTable('org_unit')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) =>
      c.notNull().check(sql`level in ('forvaltning', 'verksamhetsomrade', 'enhet', 'ansvar')`),
    )
    .addColumn('parent_code', 'text', (c) => c.references('org_unit.code').onDelete('set null'))
    .execute();
}
