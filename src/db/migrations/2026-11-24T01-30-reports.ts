import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration never imports application code.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  // Activities (verksamheter): a code's parent is the longest other code that is a prefix of it,
  // unless parent_code says otherwise (a hierarchy file).
  await db.schema
    .createTable('activity')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_code', 'text')
    .execute();

  // Account classification as data: report lines defined by account-number prefix ranges.
  await db.schema
    .createTable('report_line')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull())
    /** A "varav" line is part of another line (personal- and kapitalkostnader of kostnader). */
    .addColumn('part_of', 'text', (c) => c.references('report_line.key'))
    /** Whether the line counts in the operating result (driftresultat). */
    .addColumn('in_result', 'boolean', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('report_line_range')
    .addColumn('line_key', 'text', (c) =>
      c.notNull().references('report_line.key').onDelete('cascade'),
    )
    .addColumn('from_prefix', 'text', (c) => c.notNull())
    .addColumn('to_prefix', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'report_line_range_same_length',
      sql`length(from_prefix) = length(to_prefix)`,
    )
    .execute();

  // Kommun-Bas default (SKR): class 3 income, classes 4–7 costs, of which class 5 personnel and
  // group 79 (depreciation and internal interest) capital costs; class 8 and the balance sheet
  // (1–2) outside the operating result. A municipality changes these rows, not code.
  const lines = [
    {
      key: 'intakter',
      label: 'Intäkter',
      sort: 10,
      part_of: null,
      in_result: true,
      ranges: [['3', '3']],
    },
    {
      key: 'kostnader',
      label: 'Kostnader',
      sort: 20,
      part_of: null,
      in_result: true,
      ranges: [['4', '7']],
    },
    {
      key: 'personalkostnader',
      label: 'varav personalkostnader',
      sort: 21,
      part_of: 'kostnader',
      in_result: true,
      ranges: [['5', '5']],
    },
    {
      key: 'kapitalkostnader',
      label: 'varav kapitalkostnader',
      sort: 22,
      part_of: 'kostnader',
      in_result: true,
      ranges: [['79', '79']],
    },
    {
      key: 'finansiellt',
      label: 'Finansiella poster och skatter',
      sort: 90,
      part_of: null,
      in_result: false,
      ranges: [['8', '8']],
    },
    {
      key: 'balans',
      label: 'Balansräkning',
      sort: 99,
      part_of: null,
      in_result: false,
      ranges: [['1', '2']],
    },
    // Investments are expenditure on fixed assets (Kommun-Bas 10–13), followed per projekt.
    {
      key: 'investeringar',
      label: 'varav anläggningstillgångar (investeringar)',
      sort: 100,
      part_of: 'balans',
      in_result: false,
      ranges: [['10', '13']],
    },
  ];
  for (const { ranges, ...line } of lines) {
    await db.insertInto('report_line').values(line).execute();
    for (const [from, to] of ranges) {
      await db
        .insertInto('report_line_range')
        .values({ line_key: line.key, from_prefix: from, to_prefix: to })
        .execute();
    }
  }

  // Investment projects: the projekt objects the investeringsredovisning shows, with comments and
  // money asked to be carried over to next year (ombudgetering).
  await db.schema
    .createTable('investment_project')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('carry_over_ore', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
}
