import type { BalansDb } from '../db/database.ts';
import {
  recordClose,
  reopenRecorded,
  yearFiguresByAnsvar,
} from '../forecast/forecast-cycle.service.ts';
import {
  DEFAULT_THRESHOLD,
  divideRounded,
  sum,
  explanationRequired,
  FORECAST_PARTS,
  type ForecastPart,
} from '../forecast/forecast.ts';
import {
  deleteYear,
  insertForecastRecords,
  type ForecastRecord,
} from '../forecast/forecast.repository.ts';
import { findOrgUnits } from '../organisation/organisation.service.ts';
import { ancestorAt } from '../organisation/organisation.ts';
import type { Ore } from '../shared/money.ts';

/**
 * Exempelkommun's monthly forecasts of 2024, February to November. Each ansvar's manager starts the
 * year near the budget and moves towards where the year really ended (the bokslut of seed 004,
 * 13 079 tkr over budget) as the months show it: by the share below (per mille of the way) of the
 * difference between bokslut and budget, part by part, in whole tkr. Deviations past the threshold
 * carry a reason and a short text; February–October are approved and closed, June was reopened
 * once, November is submitted but not yet approved or closed.
 */
const SHARE_OF_WAY: Record<number, bigint> = {
  2: 200n,
  3: 330n,
  4: 450n,
  5: 540n,
  6: 640n,
  7: 720n,
  8: 800n,
  9: 870n,
  10: 930n,
  11: 980n,
};

const CLOSED_MONTHS = [2, 3, 4, 5, 6, 7, 8, 9, 10];

/** Who forecasts and who approves, per verksamhetsområde of the demo's organisation. */
const PEOPLE: Record<string, { manager: string; approver: string }> = {
  VOO: { manager: 'vc.vard', approver: 'vc.vard' },
  FS: { manager: 'chef', approver: 'chef' },
  IFO: { manager: 'chef', approver: 'chef' },
  STAB: { manager: 'ekonom', approver: 'chef' },
};

/** The demo's explanations, per verksamhetsområde, for a forecast over budget and under it. */
const EXPLANATIONS: Record<string, { reason: string; over: string; under: string }> = {
  VOO: {
    reason: 'vikarier',
    over: 'Högre sjukfrånvaro och fler timmar med vikarier än budgeterat, särskilt under sommaren.',
    under: 'Färre vikarietimmar än planerat sedan schemaläggningen lades om.',
  },
  FS: {
    reason: 'volym',
    over: 'Fler beslut om boende och assistans än budgeten räknade med.',
    under: 'Färre brukare i verksamheten än budgeterat.',
  },
  IFO: {
    reason: 'placeringar',
    over: 'Fler och längre externa placeringar av barn och unga; ökat behov av ekonomiskt bistånd.',
    under: 'Placeringar har kunnat avslutas tidigare än beräknat.',
  },
  STAB: {
    reason: 'ovrigt',
    over: 'Kostnader för gemensamma system och lokaler över budget.',
    under: 'Vakanta tjänster i staben under delar av året.',
  },
};

const TKR = 100_000n;

/** Whole tkr, half away from zero. */
function wholeTkr(ore: Ore): Ore {
  return divideRounded(ore, TKR) * TKR;
}

export async function buildDemoForecasts(handle: BalansDb): Promise<void> {
  await handle.transaction(async (tx) => {
    const db = tx.db;
    await deleteYear(db, 2024);
    const { figures } = await yearFiguresByAnsvar(db, 2024);
    const units = await findOrgUnits(db);
    const records: ForecastRecord[] = [];
    for (const [month, share] of Object.entries(SHARE_OF_WAY).map(
      ([m, s]) => [Number(m), s] as const,
    )) {
      for (const [ansvar, parts] of figures) {
        if (ansvar === '') continue;
        const area = ancestorAt(ansvar, 'verksamhetsomrade', units)?.code ?? 'STAB';
        const people = PEOPLE[area] ?? { manager: 'ekonom', approver: 'chef' };
        const value = (part: ForecastPart) => {
          const budget = sum(parts[part].budget);
          const bokslut = sum(parts[part].outcome);
          return wholeTkr(budget + divideRounded((bokslut - budget) * share, 1000n));
        };
        const values = {
          intakter: value('intakter'),
          personal: value('personal'),
          ovriga: value('ovriga'),
        };
        const total = values.intakter + values.personal + values.ovriga;
        const budget = FORECAST_PARTS.reduce((s, p) => s + sum(parts[p].budget), 0n);
        const explained = explanationRequired(total, budget, DEFAULT_THRESHOLD);
        const text = EXPLANATIONS[area] ?? EXPLANATIONS['STAB'];
        const submitted = month <= 10 || ansvar.endsWith('0');
        records.push({
          year: 2024,
          month,
          ansvar,
          status: month <= 10 ? 'godkand' : submitted ? 'inlamnad' : 'utkast',
          values: {
            method: month === 2 ? 'utfall-plus-budget' : 'egen',
            ...values,
            reason: explained ? (text?.reason ?? 'ovrigt') : null,
            comment: explained ? ((total > budget ? text?.over : text?.under) ?? '') : '',
          },
          updatedBy: people.manager,
          submittedBy: submitted ? people.manager : null,
          reviewedBy: month <= 10 ? people.approver : null,
          reviewComment: '',
        });
      }
    }
    await insertForecastRecords(db, records);
    for (const month of CLOSED_MONTHS) {
      await recordClose(db, { year: 2024, month, by: 'ekonom' }, figures);
      if (month === 6) {
        await reopenRecorded(db, {
          year: 2024,
          month,
          by: 'ekonom',
          reason:
            'Semesterlöneskulden bokades om efter stängningen; prognoserna för juni ses över.',
        });
        await recordClose(db, { year: 2024, month, by: 'ekonom' }, figures);
      }
    }
  });
}
