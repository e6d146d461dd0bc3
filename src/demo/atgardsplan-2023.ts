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
 * seed's descriptions, effects and status texts, and the key figures that steer them. Effects
 * this year follow from the start months (68, 629 and 222 are the pro-rata rule); the two the
 * seed gives that no start month explains (177 and 540) are overrides with their reasons.
 */
const KPIS = [
  {
    code: 'utforandegrad',
    name: 'Utförandegrad',
    unit: '%',
    description: 'Utförd tid hos kund som ger ersättning / total arbetstid',
  },
  {
    code: 'bomtid',
    name: 'Bomtid',
    unit: '%',
    description: 'Outnyttjad tid som inte går att planera ut / total arbetstid',
  },
  {
    code: 'avbojda_besok',
    name: 'Avböjda besök',
    unit: '%',
    description: 'Tid för besök som kunden avböjt med kort varsel / total arbetstid',
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
    basis:
      'De budgeterade kostnaderna och intäkterna för 2023 (hemtjänst exklusive natt, larm och trygghemgång).',
    description:
      'Verksamheten fortsätter sitt arbete med åtgärder för en budget i balans. Åtgärderna förväntas ha besparingseffekt motsvarande 2,7 miljoner kronor ur ett helårsperspektiv.',
    kpis: ['utforandegrad', 'bomtid', 'avbojda_besok'],
    measures: [
      {
        title: 'Utförandegraden',
        description: 'Verksamheten har som åtgärd att uppnå 70% i utförandegrad.',
        start: '2023-01',
        helar: '2750',
        status: 'pågående',
        statustext: 'Utförandegraden till och med mars uppgår till 64,6 %',
        kpis: ['utforandegrad'],
        links: [{ kontoPrefix: '3', ansvar: 'all' }],
      },
      {
        title: 'Bomtid och avböjda besök',
        description:
          'Genom en god planering och schemaläggning kan verksamheten minska bomtiden och avböjda besök. Målvärde innebär en bomtid mindre än 5% och avböjda besök ska understiga 1% av totala arbetstiden.',
        start: '2023-01',
        helar: '0',
        status: 'pågående',
        statustext: 'Bomtiden och avböjda besök uppgår till 3,5% och 1,4% till och med mars.',
        kpis: ['bomtid', 'avbojda_besok'],
      },
      {
        title: 'Schema och resurspass',
        description:
          'Verksamheten arbetar kontinuerligt med schemaläggning för att säkerställa en god bemanning som matchar volymerna.',
        start: '2023-01',
        helar: '0',
        status: 'pågående',
        statustext:
          'Svårt att avgöra effekten av åtgärden i kronor, däremot innebär det att verksamheten bedrivs ett kostnadseffektivt.',
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
      'Åtgärdskravet finns framför allt inom Stortorp där man arbetar med Stortorpsmodellen. Verksamhetens budgeterade beläggning uppgår till 98 %.',
    kpis: ['belaggning'],
  },
  {
    verksamhet: '5103',
    name: 'Korttidsboende',
    tkr: '3200',
    basis: 'Budget 2023.',
    description:
      'Korttidsboenden ingår i åtgärdsarbetet inom Stortorp. Från 1 januari 2023 finansieras verksamheten med ett anslag i stället för dygnsersättning.',
  },
  {
    verksamhet: '5104',
    name: 'Dagverksamhet',
    tkr: '3200',
    basis: 'Budget 2023.',
    description:
      'Verksamheten har påbörjat ett arbete med åtgärdsplan: behovet av platser, lokalutnyttjandet och schemaplaneringen ses över.',
  },
  {
    verksamhet: '5112',
    name: 'Personlig assistans enligt LSS/SFB',
    tkr: '2300',
    basis: 'Budget 2023.',
    description:
      'Åtgärdskravet finns framför allt inom personlig assistans enligt SFB, där kommunen betalar de första 20 timmarna i veckan av Försäkringskassans beslut.',
    measures: [
      {
        title: 'Ny ledningsstruktur',
        description:
          'Nya ledningsstrukturen innebär en minskning med en enhetschef med start i april 2022.',
        start: '2022-04',
        helar: '532',
        override: {
          effekt: '177',
          reason:
            'Verksamhetens beräkning av den effekt som faller ut under 2023 (åtgärdsplan per 31 mars).',
        },
        status: 'genomförd',
      },
      {
        title: 'Lokalhyra',
        description:
          'Verksamheten har varit hyresfria under 2022 och även 2023 till följd av att arbetsmarknadsförvaltningen erhållit hyreskompensation.',
        start: '2023-01',
        helar: '300',
        status: 'pågående',
      },
      {
        title: 'Ansökt om förhöjd timersättning/arbetsrutin',
        description: 'Verksamheten har ansökt om förhöjd timersättning för 4 nya brukare.',
        start: '2023-01',
        helar: '888',
        override: {
          effekt: '540',
          reason:
            'Uppskattning av vad verksamheten kan få i förhöjd timersättning under 2023 (högst 364 kr per utförd timme).',
        },
        status: 'pågående',
      },
      {
        title: 'Ansökt om utökad assistans',
        description:
          'Verksamheten hjälpt brukare att ansöka om fler timmar för 2 assistansgrupper.',
        start: '2023-07',
        helar: '443',
        status: 'pågående',
        statustext: 'Beslut från Försäkringskassan väntas i början av juli 2023.',
      },
      {
        title: 'Löpar tjänster',
        description:
          'Verksamheten arbetar med att öka kvalitén och säkra upp bemanningen för att minska vikariebehovet och övertidskostnader.',
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
      'Ersättning uteblir när brukare avbokar besöket inom 48 timmar, medan personalkostnaderna kvarstår.',
  },
  {
    verksamhet: '5113',
    name: 'Daglig verksamhet enligt LSS',
    tkr: '4100',
    basis: 'Budget 2023.',
    description: 'I tabellen nedan framgår de åtgärder som är planerade för 2023.',
    measures: [
      {
        title: 'Flytt till ny lokal',
        description:
          'Verksamheten planerar ett flytt till Björnkullaringen från och med april 2023.',
        start: '2023-10',
        helar: '270',
        status: 'planerad',
      },
      {
        title: 'Synergier till följd av flyttet till nya lokalen',
        description:
          'Genom att flytta till ny lokal kommer verksamheten kunna dra ner personalgruppen med två heltidstjänster. Flytt förväntas ske i april 2023.',
        start: '2023-05',
        helar: '943',
        status: 'planerad',
        links: [{ kontoPrefix: '5', ansvar: 'all' }],
      },
      {
        title: 'Löpartjänster och övriga personalåtgärder',
        description:
          'Verksamheten arbetar aktivt med löpatjänster för att bemanna verksamheten kostnadseffektivt.',
        start: '2023-01',
        helar: '0',
        status: 'pågående',
      },
      {
        title: 'Stödassistent som går på Stödpedagog uppdraget',
        description:
          'Stödassistenten kliver in tillfälligt för att täcka behovet av stödpedagogen under året.',
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
