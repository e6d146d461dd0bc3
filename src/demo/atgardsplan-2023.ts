import { deleteYear } from '../action-plans/action-plan.repository.ts';
import {
  cliViewer,
  createAtgard,
  setAtgardskrav,
  takeUppfoljning,
} from '../action-plans/action-plan.service.ts';
import type { BalansDb } from '../db/database.ts';
import { setKpi, setKpiTarget, setKpiValue } from '../kpi/kpi.service.ts';
import { findOrgUnits } from '../organisation/organisation.service.ts';
import { parseTkr } from '../shared/money.ts';

/**
 * Seed 003, "Åtgärdsplan per 31 mars" 2023, in the demo municipality: the requirements of seven
 * activities, the measures of hemtjänst, personlig assistans and daglig verksamhet with the
 * seed's names, figures and effects (the descriptions and status texts are the demo's own), and
 * the key figures that steer them. Effects
 * this year follow from the start months (68, 629 and 222 are the pro-rata rule); the two the
 * seed gives that no start month explains (177 and 540) are overrides with their reasons.
 */
const KPIS = [
  {
    code: 'utforandegrad',
    name: 'Utförandegrad',
    unit: '%',
    description: 'Tid hos kund som ger ersättning / all arbetstid',
  },
  {
    code: 'bomtid',
    name: 'Bomtid',
    unit: '%',
    description: 'Arbetstid som inte kan läggas på något besök / all arbetstid',
  },
  {
    code: 'avbojda_besok',
    name: 'Avböjda besök',
    unit: '%',
    description: 'Besök som kunden ställt in med kort varsel / all arbetstid',
  },
  {
    code: 'belaggning',
    name: 'Beläggning',
    unit: '%',
    description: 'Belagda platsdygn / tillgängliga platsdygn',
  },
];

interface DemoMeasure {
  title: string;
  description: string;
  start: string;
  helar: string;
  override?: { effekt: string; reason: string };
  status: 'planerad' | 'pågående' | 'genomförd';
  statustext?: string;
  kpis?: string[];
  /** Which of the activity's ansvar owns it (0 = the first). */
  owner?: number;
  links?: { kontoPrefix: string; ansvar: 'all' | number }[];
}

interface DemoPlan {
  verksamhet: string;
  name: string;
  tkr: string;
  basis: string;
  description: string;
  kpis?: string[];
  measures?: DemoMeasure[];
}

const PLANS: DemoPlan[] = [
  {
    verksamhet: '5101',
    name: 'Hemtjänsten',
    tkr: '4200',
    basis: 'Budgeten för 2023, intäkter och kostnader, utan natt, larm och trygghemgång.',
    description:
      'Hemtjänsten i Exempelkommun anpassar fortsatt kostnaderna till budgeten. Åtgärderna väntas spara 2,7 miljoner kronor på helår.',
    kpis: ['utforandegrad', 'bomtid', 'avbojda_besok'],
    measures: [
      {
        title: 'Utförandegraden',
        description: 'Målet är en utförandegrad på 70 % räknat på hela året.',
        start: '2023-01',
        helar: '2750',
        status: 'pågående',
        statustext: 'Per mars: 64,6 % av arbetstiden utförd hos kund.',
        kpis: ['utforandegrad'],
        links: [{ kontoPrefix: '3', ansvar: 'all' }],
      },
      {
        title: 'Bomtid och avböjda besök',
        description:
          'Bättre scheman ska hålla bomtiden under 5 % och de avböjda besöken under 1 % av arbetstiden.',
        start: '2023-01',
        helar: '0',
        status: 'pågående',
        statustext: 'Per mars: bomtid 3,5 %, avböjda besök 1,4 %.',
        kpis: ['bomtid', 'avbojda_besok'],
      },
      {
        title: 'Schema och resurspass',
        description: 'Scheman och resurspass ses över löpande så att bemanningen följer besöken.',
        start: '2023-01',
        helar: '0',
        status: 'pågående',
        statustext: 'Effekten går inte att räkna i kronor, men arbetstiden används bättre.',
        owner: 1,
      },
    ],
  },
  {
    verksamhet: '5105',
    name: 'Särskilt boende',
    tkr: '8300',
    basis: 'Budget 2023.',
    description:
      'Kravet gäller främst Stortorp, som arbetar efter Stortorpsmodellen. Budgeten räknar med 98 % beläggning.',
    kpis: ['belaggning'],
  },
  {
    verksamhet: '5103',
    name: 'Korttidsboende',
    tkr: '3200',
    basis: 'Budget 2023.',
    description:
      'Arbetet följer Stortorps upplägg. Sedan 1 januari 2023 får verksamheten ett anslag i stället för ersättning per dygn.',
  },
  {
    verksamhet: '5104',
    name: 'Dagverksamhet',
    tkr: '3200',
    basis: 'Budget 2023.',
    description: 'En åtgärdsplan tas fram: antalet platser, lokalerna och schemat gås igenom.',
  },
  {
    verksamhet: '5112',
    name: 'Personlig assistans enligt LSS/SFB',
    tkr: '2300',
    basis: 'Budget 2023.',
    description:
      'Kravet ligger främst på assistans enligt SFB: kommunen står för de första 20 timmarna per vecka i varje beslut från Försäkringskassan.',
    measures: [
      {
        title: 'Ny ledningsstruktur',
        description: 'En enhetschef färre sedan april 2022.',
        start: '2022-04',
        helar: '532',
        override: {
          effekt: '177',
          reason: 'Effekten 2023 enligt verksamhetens egen beräkning i planen per 31 mars.',
        },
        status: 'genomförd',
      },
      {
        title: 'Lokalhyra',
        description:
          'Ingen hyra 2022 och 2023, eftersom arbetsmarknadsförvaltningen får hyreskompensation.',
        start: '2023-01',
        helar: '300',
        status: 'pågående',
      },
      {
        title: 'Ansökt om förhöjd timersättning/arbetsrutin',
        description: 'Förhöjd timersättning är sökt för 4 nya brukare.',
        start: '2023-01',
        helar: '888',
        override: {
          effekt: '540',
          reason: 'Bedömd förhöjd ersättning 2023, högst 364 kr per utförd timme.',
        },
        status: 'pågående',
      },
      {
        title: 'Ansökt om utökad assistans',
        description: 'Brukare i 2 assistansgrupper har fått hjälp att söka fler timmar.',
        start: '2023-07',
        helar: '443',
        status: 'pågående',
        statustext: 'Försäkringskassan väntas besluta i början av juli 2023.',
      },
      {
        title: 'Löpar tjänster',
        description:
          'En stabilare bemanning ska ge högre kvalitet och mindre behov av vikarier och övertid.',
        start: '2023-01',
        helar: '0',
        status: 'pågående',
      },
    ],
  },
  {
    verksamhet: '5108',
    name: 'Boendestöd',
    tkr: '700',
    basis: 'Budget 2023.',
    description:
      'Avbokar brukaren mindre än 48 timmar före besöket blir det ingen ersättning, men personalen kostar ändå.',
  },
  {
    verksamhet: '5113',
    name: 'Daglig verksamhet enligt LSS',
    tkr: '4100',
    basis: 'Budget 2023.',
    description: 'Åtgärderna för 2023 står i tabellen.',
    measures: [
      {
        title: 'Flytt till ny lokal',
        description: 'Verksamheten ska flytta till Björnkullaringen, planerat från april 2023.',
        start: '2023-10',
        helar: '270',
        status: 'planerad',
      },
      {
        title: 'Synergier efter flytten till nya lokalen',
        description:
          'I den nya lokalen räcker personalgruppen med två heltidstjänster färre. Flytten planeras till april 2023.',
        start: '2023-05',
        helar: '943',
        status: 'planerad',
        links: [{ kontoPrefix: '5', ansvar: 'all' }],
      },
      {
        title: 'Löpartjänster och övriga personalåtgärder',
        description: 'Löpartjänster används för att bemanna till lägre kostnad.',
        start: '2023-01',
        helar: '0',
        status: 'pågående',
      },
      {
        title: 'Stödassistent som går på Stödpedagog uppdraget',
        description: 'En stödassistent täcker tillfälligt för stödpedagogen under året.',
        start: '2023-01',
        helar: '84',
        status: 'pågående',
      },
    ],
  },
];

const tkr = (text: string) => {
  const value = parseTkr(text);
  if (value === undefined) throw new Error(`not an amount: ${text}`);
  return value;
};

/** Builds seed 003's action plan for 2023 (replacing an earlier demo's), and its follow-up per 31 mars. */
export async function buildDemoActionPlans(handle: BalansDb): Promise<void> {
  const viewer = cliViewer('demo');
  await deleteYear(handle.db, 2023);
  for (const kpi of KPIS) await setKpi(handle.db, kpi);
  const values: [string, string, string, string][] = [
    ['utforandegrad', '5101', '>= 70', '64.6'],
    ['bomtid', '5101', '< 5', '3.5'],
    ['avbojda_besok', '5101', '< 1', '1.4'],
    ['belaggning', '5105', '>= 98', '96.3'],
  ];
  for (const [code, verksamhet, target, value] of values) {
    await setKpiTarget(handle.db, { code, year: 2023, target, verksamhet });
    await setKpiValue(handle.db, {
      code,
      verksamhet,
      value,
      from: '2023-01',
      to: '2023-03',
      source: 'Åtgärdsplan per 31 mars 2023',
    });
  }
  // The ansvar of each activity in the demo's organisation, in code order.
  const units = [...(await findOrgUnits(handle.db)).values()].filter((u) => u.level === 'ansvar');
  const names = await handle.db
    .selectFrom('dimension_object')
    .select(['code', 'name'])
    .where('dimension_number', '=', 2)
    .execute();
  for (const [sort, plan] of PLANS.entries()) {
    const activityName = names.find((n) => n.code === plan.verksamhet)?.name ?? plan.name;
    const ansvar = units.filter((u) => u.name.startsWith(activityName)).map((u) => u.code);
    const krav = await setAtgardskrav(handle, viewer, {
      year: 2023,
      verksamhet: plan.verksamhet,
      name: plan.name,
      amount: tkr(plan.tkr),
      basis: plan.basis,
      description: plan.description,
      sort,
      kpis: plan.kpis ?? [],
    });
    for (const [order, m] of (plan.measures ?? []).entries()) {
      await createAtgard(handle, viewer, {
        atgardskravId: krav.id,
        title: m.title,
        description: m.description,
        start: m.start,
        helarseffekt: tkr(m.helar),
        ...(m.override
          ? { override: { effektAr: tkr(m.override.effekt), reason: m.override.reason } }
          : {}),
        status: m.status,
        statustext: m.statustext ?? '',
        sort: order,
        ownerUnit: ansvar[m.owner ?? 0] ?? null,
        kpis: m.kpis ?? [],
        links: (m.links ?? []).flatMap((l) =>
          l.ansvar === 'all'
            ? ansvar.map((a) => ({ kontoPrefix: l.kontoPrefix, ansvar: a }))
            : [{ kontoPrefix: l.kontoPrefix, ansvar: ansvar[l.ansvar] ?? '' }],
        ),
      });
    }
  }
  await takeUppfoljning(handle, viewer, { date: '2023-03-31', name: 'per 31 mars' });
}
