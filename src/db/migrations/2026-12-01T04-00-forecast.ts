import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration never imports application code.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  // The month cycle: each month of a fiscal year is open until the controller closes it; a closed
  // month may be reopened with a reason. `row_version` guards against two people acting at once.
  await db.schema
    .createTable('forecast_period')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.notNull().check(sql`month between 1 and 18`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'closed')`))
    .addColumn('closed_at', 'timestamptz')
    .addColumn('closed_by', 'text')
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('forecast_period_pk', ['year', 'month'])
    .execute();

  // Every close and reopen, with its reason: the month's history (also in the audit log).
  await db.schema
    .createTable('forecast_period_event')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('close', 'reopen')`))
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('by', 'text', (c) => c.notNull())
    .execute();

  // What the ledger said of each ansvar when the month was closed (outcome through the month, and
  // the year's budget), per part: what was reported stays, and a later import shows as a difference.
  await db.schema
    .createTable('forecast_period_figure')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('ansvar', 'text', (c) => c.notNull())
    .addColumn('part', 'text', (c) =>
      c.notNull().check(sql`part in ('intakter', 'personal', 'ovriga')`),
    )
    .addColumn('outcome_ore', 'bigint', (c) => c.notNull())
    .addColumn('budget_ore', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('forecast_period_figure_pk', ['year', 'month', 'ansvar', 'part'])
    .execute();

  // A manager's helårsprognos for an ansvar made in a month: full-year net per part in ledger signs
  // (debit positive; income negative), the method it came from ('egen' when written by hand), the
  // explanation of its deviation from budget, and where it stands in the cycle.
  await db.schema
    .createTable('forecast')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('ansvar', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('utkast', 'inlamnad', 'godkand', 'aterskickad')`),
    )
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('intakter_ore', 'bigint', (c) => c.notNull())
    .addColumn('personal_ore', 'bigint', (c) => c.notNull())
    .addColumn('ovriga_ore', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('submitted_by', 'text')
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'timestamptz')
    .addColumn('review_comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('forecast_unit_month', ['year', 'month', 'ansvar'])
    .execute();

  // The reasons a deviation may be explained by: a list the controller keeps.
  await db.schema
    .createTable('forecast_reason')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .execute();
  const reasons = [
    ['volym', 'Volymförändring (fler eller färre brukare, timmar, platser)'],
    ['vikarier', 'Vikarier och sjukfrånvaro'],
    ['statsbidrag', 'Statsbidrag och andra externa intäkter'],
    ['placeringar', 'Placeringar (externa vårdplatser, familjehem, HVB)'],
    ['bemanning', 'Bemanning och schemaläggning'],
    ['priser', 'Priser, avtal och index'],
    ['periodisering', 'Periodisering (kostnad eller intäkt i fel månad)'],
    ['atgarder', 'Åtgärder enligt åtgärdsplanen'],
    ['ovrigt', 'Övrigt (förklaras i texten)'],
  ];
  await db
    .insertInto('forecast_reason')
    .values(reasons.map(([code, label], i) => ({ code, label, sort: i + 1 })))
    .execute();

  // When an explanation is required, per level: |prognos − budget| at or above amount_ore, or at or
  // above `percent` % of the budget (either reaches it). Defaults: 100 tkr or 1 %.
  await db.schema
    .createTable('forecast_threshold')
    .addColumn('level', 'text', (c) =>
      c.primaryKey().check(sql`level in ('ansvar', 'verksamhetsomrade', 'namnd')`),
    )
    .addColumn('amount_ore', 'bigint', (c) => c.notNull())
    .addColumn('percent', 'numeric', (c) => c.notNull())
    .execute();
  await db
    .insertInto('forecast_threshold')
    .values(
      ['ansvar', 'verksamhetsomrade', 'namnd'].map((level) => ({
        level,
        amount_ore: 10_000_000n,
        percent: '1',
      })),
    )
    .execute();
}
