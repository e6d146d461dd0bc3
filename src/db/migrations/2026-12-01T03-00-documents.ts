import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration never imports application code.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  // The board's documents: one row per type, date and version. A fastställd document keeps its
  // whole content as JSON text (`snapshot`, text so that it is given back byte for byte) and the
  // outline of its sections; a draft is built from live data and has neither.
  await db.schema
    .createTable('document')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) =>
      c
        .notNull()
        .check(sql`type in ('arsbokslut', 'atgardsplan', 'manadsrapport', 'delarsrapport')`),
    )
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.check(sql`month between 1 and 12`))
    .addColumn('as_of', 'date', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('utkast')
        .check(sql`status in ('utkast', 'faststalld')`),
    )
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('faststalld_by', 'text')
    .addColumn('faststalld_at', 'timestamptz')
    .addColumn('snapshot', 'text')
    .addColumn('outline', 'text')
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('document_type_as_of_version_key', ['type', 'as_of', 'version'])
    .addCheckConstraint(
      'document_faststalld_has_snapshot',
      sql`status = 'utkast' or (snapshot is not null and faststalld_at is not null)`,
    )
    .execute();

  // The text written for a section of a document (sanitised rich text).
  await db.schema
    .createTable('document_section_text')
    .addColumn('document_id', 'integer', (c) =>
      c.notNull().references('document.id').onDelete('cascade'),
    )
    .addColumn('section_key', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('document_section_text_pk', ['document_id', 'section_key'])
    .execute();

  // Who writes a section (a manager); the controller may always.
  await db.schema
    .createTable('document_section_assignee')
    .addColumn('document_id', 'integer', (c) =>
      c.notNull().references('document.id').onDelete('cascade'),
    )
    .addColumn('section_key', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_section_assignee_pk', ['document_id', 'section_key'])
    .execute();
}
