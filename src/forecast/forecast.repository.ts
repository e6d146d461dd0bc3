import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Period } from '../shared/dates.ts';
import type { Ore } from '../shared/money.ts';

type Db = Kysely<Database>;

/** A measure of the year's action plans as the forecast needs it: its effect and its ansvar. */
export interface MeasureForForecast {
  id: number;
  start: Period;
  helarseffekt: Ore;
  override: Ore | null;
  status: string;
  /** The ansvar the measure's ledger links name; empty when it has none. */
  linkedAnsvar: string[];
  /** The ansvar of the requirement the measure belongs to. */
  kravAnsvar: string;
}

export async function measuresOfYear(db: Db, year: number): Promise<MeasureForForecast[]> {
  const rows = await db
    .selectFrom('atgard as a')
    .innerJoin('atgardskrav as k', 'k.id', 'a.atgardskrav_id')
    .select([
      'a.id',
      'a.start_period',
      'a.helarseffekt_ore',
      'a.effekt_ar_override_ore',
      'a.status',
      'k.ansvar',
    ])
    .where('k.year', '=', year)
    .orderBy('a.id')
    .execute();
  if (rows.length === 0) return [];
  const links = await db
    .selectFrom('atgard_link')
    .select(['atgard_id', 'ansvar'])
    .where(
      'atgard_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  const byMeasure = new Map<number, Set<string>>();
  for (const link of links) {
    if (link.ansvar === '') continue;
    const set = byMeasure.get(link.atgard_id) ?? new Set<string>();
    set.add(link.ansvar);
    byMeasure.set(link.atgard_id, set);
  }
  return rows.map((r) => ({
    id: r.id,
    start: r.start_period,
    helarseffekt: r.helarseffekt_ore,
    override: r.effekt_ar_override_ore,
    status: r.status,
    linkedAnsvar: [...(byMeasure.get(r.id) ?? [])].sort(),
    kravAnsvar: r.ansvar,
  }));
}
