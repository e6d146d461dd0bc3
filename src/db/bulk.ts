import { sql, type Kysely } from 'kysely';

export interface BulkColumn {
  name: string;
  /** The PostgreSQL type of the column, e.g. 'text', 'bigint', 'date'. */
  type: string;
}

/**
 * Inserts many rows in one statement with one array parameter per column
 * (`insert … select * from unnest($1::text[], $2::bigint[] …)`): fast on both engines and
 * with a fixed number of parameters however many rows. Table and column names are constants
 * of the caller, never input.
 */
export async function insertColumns<DB>(
  db: Kysely<DB>,
  table: string,
  columns: readonly BulkColumn[],
  values: readonly (readonly (string | number | bigint | null)[])[],
  onConflict = '',
): Promise<void> {
  const count = values[0]?.length ?? 0;
  if (count === 0) return;
  const names = sql.raw(columns.map((c) => c.name).join(', '));
  const arrays = columns.map((column, i) => {
    const array = (values[i] ?? []).map((v) =>
      typeof v === 'bigint' || typeof v === 'number' ? v.toString() : v,
    );
    return sql`${array}::${sql.raw(column.type)}[]`;
  });
  await sql`insert into ${sql.raw(table)} (${names}) select * from unnest(${sql.join(arrays)}) ${sql.raw(onConflict)}`.execute(
    db,
  );
}
