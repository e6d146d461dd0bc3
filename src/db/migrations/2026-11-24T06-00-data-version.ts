import { sql, type Kysely } from 'kysely';

/**
 * Tables whose rows change an answer of the follow-up: figures, vouchers, names, structure. A
 * table added later that does so gets the same trigger in a migration of its own.
 */
const FIGURE_TABLES = [
  'fiscal_year',
  'account',
  'account_group',
  'dimension',
  'dimension_object',
  'voucher',
  'voucher_row',
  'ledger_balance',
  'budget_version',
  'budget_balance',
  'org_unit',
  'activity',
  'report_line',
  'report_line_range',
] as const;

/** Tables that decide who is signed in and what they may see. */
const ACCESS_TABLES = ['app_user', 'user_scope', 'session'] as const;

// Frozen in time: this migration never imports application code.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  // Versions of what answers are computed from: `figures` of the tables above, `access` of the
  // users and their sessions. An answer remembered for a version is right for as long as the
  // database reports that version — also when several servers share one PostgreSQL.
  await sql`create table data_version (
    id boolean primary key default true check (id),
    figures bigint not null,
    access bigint not null
  )`.execute(db);
  await sql`insert into data_version (figures, access) values (1, 1)`.execute(db);

  // A change marks its transaction (once per kind) by a row here; a deferred trigger on that row
  // bumps the version at commit. So a new version becomes visible together with the change, never
  // before it, and the version's row is locked only for the moment of the commit, not for the
  // whole of a long import: two writers never wait on each other for it before they commit.
  await sql`create table data_version_pending (
    id bigint generated always as identity,
    kind text not null check (kind in ('figures', 'access'))
  )`.execute(db);
  await sql`
    create function balans_data_changed() returns trigger language plpgsql as $$
    declare
      flag text := 'balans.changed_' || tg_argv[0];
    begin
      if current_setting(flag, true) is distinct from 'on' then
        perform set_config(flag, 'on', true);
        insert into data_version_pending (kind) values (tg_argv[0]);
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create function balans_bump_data_version() returns trigger language plpgsql as $$
    begin
      delete from data_version_pending where id = new.id;
      if new.kind = 'figures' then
        update data_version set figures = figures + 1;
      else
        update data_version set access = access + 1;
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create constraint trigger data_version_bump after insert on data_version_pending
    deferrable initially deferred for each row execute function balans_bump_data_version()`.execute(
    db,
  );
  const watch = async (table: string, kind: 'figures' | 'access') => {
    // Statement-level: once per statement, however many rows it writes (a COPY of thousands).
    await sql`
      create trigger ${sql.id(`${table}_data_version`)}
      after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function balans_data_changed(${sql.lit(kind)})`.execute(db);
  };
  for (const table of FIGURE_TABLES) await watch(table, 'figures');
  for (const table of ACCESS_TABLES) await watch(table, 'access');
}
