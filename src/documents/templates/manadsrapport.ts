import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { overviewOf } from '../../followup/followup.service.ts';
import {
  driftredovisningReport,
  driftresultatReport,
  verksamhetsanalysReport,
} from '../../reports/reports.service.ts';
import type { DocumentRef, SectionDef } from '../document.ts';
import {
  driftredovisningSection,
  driftresultatSection,
  verksamhetsanalysSection,
  type ArsbokslutData,
  type Heads,
} from './arsbokslut.ts';
import type { Template } from './template.ts';

/**
 * Månadsrapport: the year to date through the document's month, with the same operating tables as
 * the årsbokslut (one more template, no new code path). The month is the fiscal year's month.
 */
type MonthData = Pick<ArsbokslutData, 'year' | 'resultat' | 'months' | 'drift' | 'analys'> & {
  month: number;
};

const MONTHS = [
  'januari',
  'februari',
  'mars',
  'april',
  'maj',
  'juni',
  'juli',
  'augusti',
  'september',
  'oktober',
  'november',
  'december',
];

function monthOf(ref: DocumentRef): number {
  return ref.month ?? 12;
}

async function load(db: Kysely<Database>, ref: DocumentRef): Promise<MonthData> {
  const month = monthOf(ref);
  const query = { year: ref.year, throughMonth: month };
  return {
    year: ref.year,
    month,
    resultat: await driftresultatReport(db, query),
    drift: await driftredovisningReport(db, query),
    analys: await verksamhetsanalysReport(db, query),
    months: (await overviewOf(db, { year: ref.year, throughMonth: month })).series,
  };
}

function heads(data: MonthData): Heads {
  const through = MONTHS[data.month - 1] ?? String(data.month);
  const period = data.month === 1 ? `januari ${data.year}` : `januari–${through} ${data.year}`;
  return {
    resultat: `Driftresultat ${period}`,
    previous: `Utfall ${data.year - 1} t.o.m. ${through}`,
    current: `Utfall ${data.year} t.o.m. ${through}`,
    budget: `Budget ${data.year} t.o.m. ${through}`,
    period,
  };
}

function sections(data: MonthData): SectionDef[] {
  const h = heads(data);
  return [
    { key: 'sammanfattning', title: 'Sammanfattning', editable: true },
    driftresultatSection(data, h),
    driftredovisningSection(data, h),
    verksamhetsanalysSection(data, h),
    { key: 'prognos', title: 'Prognos och åtgärder', editable: true },
  ];
}

export const manadsrapport: Template<MonthData> = { type: 'manadsrapport', load, sections };
