import type { BalansDb } from '../db/database.ts';
import {
  addGoal,
  addGoalArea,
  addProgram,
  addUppdrag,
  defineIndicator,
  defineSeries,
  saveAnalysis,
  setGoalTarget,
  setValue,
  type IndicatorInput,
} from '../goals/goal.service.ts';

/**
 * Seed 004's goal follow-up and verksamhetsstatistik in Exempelkommun, 2024 with 2023 (and 2022
 * for the statistics): the figures and names carry over from the seed; every analysis, uppdrag
 * and återrapport here is written for the demo. Direkt och indirekt brukartid is computed from
 * Time Care's monthly hours, as Balans would from an imported file.
 */
const BY = 'demo';

interface DemoIndicator extends IndicatorInput {
  target: string;
  targetText?: string;
  outcome: string;
  footnote?: string;
  previous?: string;
  /** The printed assessment where the manager chose one ('' = none). */
  printed?: string;
  analysis?: string;
}

const SOURCE_HR = 'Personec';
const STAFF = {
  source: 'file',
  units: ['SOC'],
} as const;

const BRUKARUNDERSOKNING = {
  unit: '%',
  metod: 'Nationell brukarundersökning, hämtad via Kolada – procent',
  source: 'manual',
  direction: 'higher',
} as const;

const GOALS: {
  area: string;
  description: string;
  uppdrag: string;
  aterrapport?: string;
  goals: {
    name: string;
    kfGoal?: string;
    uppdrag?: string;
    aterrapport?: string;
    indicators: DemoIndicator[];
  }[];
}[] = [
  {
    area: 'Målområde 1 – God ekonomisk hushållning',
    description:
      'Nämnderna håller sig inom sina ramar för drift och investeringar, och kommunen är en arbetsgivare som människor söker sig till och stannar hos.',
    uppdrag:
      '<p>Nämnden följer varje månad upp ekonomin och lämnar förslag när ett underskott syns.</p><p>Nämnden följer sjukfrånvaron och medarbetarnas engagemang och visar med nyckeltal hur resurserna används.</p>',
    goals: [
      {
        name: 'Socialnämnden är en attraktiv arbetsgivare och har en god arbetsmiljö',
        kfGoal: 'Kommunen är en attraktiv arbetsgivare',
        indicators: [
          {
            code: 'SJUKFRANVARO',
            name: 'Sjukfrånvaro',
            unit: '%',
            decimals: 2,
            direction: 'lower',
            metod: 'Sjukfrånvaro i procent av schemalagd tid, ur personalsystemet',
            ...STAFF,
            target: '7',
            outcome: '10,74',
            previous: '11,5',
            analysis:
              '<p>Frånvaron har gått ner en bit sedan förra året men ligger kvar över målet. Korttidsfrånvaron står för den större delen.</p><ul><li>Nya enhetschefer i vård och omsorg ger färre medarbetare per chef från 2025.</li><li>Enheterna följer frånvaron på varje arbetsplatsträff.</li></ul>',
          },
          {
            code: 'HME',
            name: 'HME, index',
            unit: '',
            direction: 'higher',
            metod: 'Medarbetarenkäten varje höst – indexvärde för hållbart medarbetarengagemang',
            ...STAFF,
            target: '75',
            outcome: '77',
            previous: '76',
            printed: 'Uppfylld',
            analysis:
              '<p>Tre av fyra svarade. Indexet steg något och målet nåddes; enheter med lägre värden har egna handlingsplaner.</p>',
          },
          {
            code: 'PERSONALOMSATTNING',
            name: 'Personalomsättning i procent',
            unit: '%',
            direction: 'lower',
            metod: `Tillsvidareanställda som slutat, ur ${SOURCE_HR} – procent`,
            ...STAFF,
            target: '12',
            outcome: '15',
            previous: '17',
            printed: '',
            analysis:
              '<p>Omsättningen sjönk men är fortfarande hög, mest i vård och omsorg. Chefsleden är stabilare än tidigare år.</p>',
          },
        ],
      },
      {
        name: 'Hemtjänstens brukartid är resurseffektiv',
        kfGoal: 'Effektiv resursanvändning och hög kvalitet',
        indicators: [
          {
            code: 'BRUKARTID',
            name: 'Direkt och indirekt brukartid',
            unit: '%',
            direction: 'higher',
            metod: 'Time Care planering – direkt och indirekt tid i procent av arbetad tid',
            units: ['VOO'],
            formula: '100 * (TC_DIREKT + TC_INDIREKT) / TC_ARBETAD',
            target: '65',
            outcome: '73',
            printed: '↑',
            analysis:
              '<p>Knappt tre fjärdedelar av arbetstiden går till brukarna, direkt eller indirekt. Den direkta delen är lägre än vi vill och ska analyseras vidare tillsammans med kostnad per brukare.</p>',
          },
        ],
      },
      {
        name: 'Internkontrollen följer de angivna kvalitetsmåtten',
        kfGoal: 'Effektiv resursanvändning och hög kvalitet',
        indicators: [
          {
            code: 'EGENKONTROLLER',
            name: 'Egenkontroller utförs enligt rutin',
            unit: '%',
            direction: 'higher',
            metod: 'Mätning av genomförda egenkontroller – procent',
            source: 'manual',
            units: ['SOC'],
            target: '100',
            targetText: '100',
            outcome: '100',
            previous: '78,5',
            analysis:
              '<p>Alla egenkontroller gjordes. Enklare blanketter och stabila chefer gjorde skillnad.</p>',
          },
        ],
      },
      {
        name: 'Brukarna upplever god kvalitet i nämndens tjänster',
        kfGoal: 'Effektiv resursanvändning och hög kvalitet',
        indicators: [
          {
            code: 'SABO_HANSYN',
            name: 'Andel personer på särskilt boende som upplever att personalen alltid/oftast tar hänsyn till brukarens önskemål om hur hjälpen ska utföras',
            ...BRUKARUNDERSOKNING,
            units: ['VOO'],
            target: '85',
            outcome: '61',
            analysis:
              '<p>Särskilt boende ligger långt under målen. Byten av personal och hög korttidsfrånvaro gör vardagen mindre förutsägbar för de boende; åtgärder pågår på varje boende.</p>',
          },
          {
            code: 'SABO_NOJD',
            name: 'Andel personer på särskilt boende som är ganska/mycket nöjda med sitt boende.',
            ...BRUKARUNDERSOKNING,
            units: ['VOO'],
            target: '85',
            outcome: '66',
          },
          {
            code: 'SABO_AKTIVITETER',
            name: 'Andel personer på särskilt boende som är nöjd/mycket nöjd med de aktiviteter som erbjuds på sitt boende',
            ...BRUKARUNDERSOKNING,
            units: ['VOO'],
            target: '65',
            outcome: '41',
          },
          {
            code: 'HT_HANSYN',
            name: 'Andel personer med hemtjänst som upplever att personalen tar hänsyn till brukarens åsikter och önskemål om hur hjälpen ska utföras',
            ...BRUKARUNDERSOKNING,
            units: ['VOO'],
            target: '89',
            outcome: '83',
          },
          {
            code: 'HT_NOJD',
            name: 'Andel personer med hemtjänst som är ganska/mycket nöjda med hemtjänsten',
            ...BRUKARUNDERSOKNING,
            units: ['VOO'],
            target: '85',
            outcome: '88',
            analysis: '<p>Hemtjänsten når sitt mål för nöjdhet.</p>',
          },
          {
            code: 'DV_TRIVS',
            name: 'Andel brukare som trivs på sin dagliga verksamhet utifrån LSS',
            ...BRUKARUNDERSOKNING,
            units: ['FS'],
            target: '70',
            outcome: '88',
          },
          {
            code: 'DV_BESTAMMA',
            name: 'Andel brukare inom daglig verksamhet LSS som får bestämma om saker som är viktiga',
            ...BRUKARUNDERSOKNING,
            units: ['FS'],
            target: '70',
            outcome: '58',
            analysis:
              '<p>Trivseln är hög men inflytandet lågt. Funktionsstöd har en handlingsplan som följs upp på arbetsplatsträffarna.</p>',
          },
          {
            code: 'GB_TRYGG',
            name: 'Andel brukare som känner sig trygga med personalen hemma - gruppbostad',
            ...BRUKARUNDERSOKNING,
            units: ['FS'],
            target: '70',
            outcome: '55',
          },
        ],
      },
    ],
  },
  {
    area: 'Målområde 2 – De kommunala kärnverksamheterna',
    description: 'Välfärden möter invånarnas behov, förebygger och rehabiliterar.',
    uppdrag:
      '<p>Nämnden redovisar för fullmäktige hur det förebyggande arbetet minskar behovet av vård, och tillsammans med kommunstyrelsen arbetet för unga och vuxna som står långt från egen försörjning.</p>',
    goals: [
      {
        name: 'Socialnämnden har en äldreomsorg som är trygg och väldimensionerad',
        kfGoal: 'En trygg och väldimensionerad äldreomsorg',
        uppdrag: '<p>Redovisa det förebyggande och rehabiliterande arbetet och vad det ger.</p>',
        aterrapport:
          '<p>Träffpunkter för äldre, anhörigstöd på nätet och arbetsterapeutens hembesök före beslut om trygghetsinsatser har kommit igång. Effekterna syns först om några år.</p>',
        indicators: [
          {
            code: 'TRYGG_HEMGANG',
            name: 'Antal verkställda beslut om trygg hemgång',
            unit: 'antal',
            direction: 'higher',
            metod: 'Verksamhetssystemet – antal beslut',
            source: 'file',
            units: ['IFO'],
            target: 'Öka jmf utfall 2023',
            outcome: '85',
            previous: '36',
            analysis:
              '<p>Fler fick trygg hemgång än året innan. Myndighet och utförare samarbetar bättre, och behovet väntas växa.</p>',
          },
        ],
      },
      {
        name: 'Den enskilde kan leva ett självständigt liv',
        kfGoal: 'Ett rehabiliterande och förebyggande förhållningssätt',
        indicators: [
          {
            code: 'GENOMFORANDEPLAN',
            name: 'Andel individer med aktuell genomförandeplan',
            unit: '%',
            direction: 'higher',
            metod: 'Verksamhetssystemet – andel individer',
            source: 'file',
            units: ['VOO', 'FS', 'IFO'],
            target: '100',
            targetText: '100',
            outcome: '91',
            footnote: 'saknas viss statistik',
            previous: '85',
            analysis:
              '<p>Andelen ökar. Fast omsorgskontakt väntas hjälpa, och planerna ska visa att arbetet utgår från personen.</p>',
          },
        ],
      },
      {
        name: 'Fler familjehem i egen regi',
        kfGoal: 'Effektiv resursanvändning och hög kvalitet',
        indicators: [
          {
            code: 'FAMILJEHEM_EGEN',
            name: 'Andel familjehem i egen regi ska öka',
            unit: '%',
            direction: 'higher',
            metod: 'Verksamhetssystemet – andel familjehem',
            source: 'file',
            units: ['IFO'],
            target: '100',
            targetText: '100',
            outcome: '76',
            previous: '53',
            analysis:
              '<p>Andelen steg men målet nåddes inte: några placeringar kräver stöd som bara konsulentstödda hem kan ge.</p>',
          },
        ],
      },
      {
        name: 'Meningsfull sysselsättning och egen försörjning för fler',
        kfGoal: 'Sysselsättning och egen försörjning',
        uppdrag:
          '<p>Redovisa, tillsammans med kommunstyrelsen, arbetet med unga och vuxna som riskerar att stå utanför.</p>',
        aterrapport:
          '<p>Ungdomscoachen har varit vakant under en del av året. Skolsocialt team förstärks och en ansökan om statsbidrag lämnas in.</p>',
        indicators: [
          {
            code: 'FORSORJNING_UNG',
            name: 'Antal individer som är under 25 år och som erhållit försörjningsstöd längre än 3 månader',
            unit: 'antal',
            direction: 'lower',
            metod: 'Verksamhetssystemet – antal individer',
            source: 'file',
            units: ['IFO'],
            target: '10',
            outcome: '7',
            previous: '15',
            printed: '',
            analysis:
              '<p>Målet nåddes. Enheten har arbetat riktat med de unga, och de reviderade riktlinjerna stödjer arbetet.</p>',
          },
        ],
      },
    ],
  },
  {
    area: 'Målområde 3 – Tillväxt och demografi',
    description: 'Kommunen växer och möter en åldrande befolkning.',
    uppdrag: '<p>Fullmäktige har inte gett nämnden något mål eller uppdrag i detta område.</p>',
    goals: [],
  },
  {
    area: 'Målområde 4 – Specifika utvecklingsområden',
    description: 'Digitalisering och nya arbetssätt.',
    uppdrag:
      '<p>Nämnden tar fram en strategi för hur det dagliga arbetet använder digitala lösningar.</p>',
    goals: [
      {
        name: 'Digitaliseringen inom socialnämnden ska öka',
        kfGoal: 'Ökad digitalisering',
        indicators: [
          {
            code: 'TRYGGHETSKAMERA',
            name: 'Antal individer med tillsyn via tillsynskamera',
            unit: 'antal',
            direction: 'higher',
            metod: 'Time Care planering – antal individer med kameratillsyn',
            source: 'file',
            units: ['VOO'],
            target: 'öka',
            outcome: '3',
            previous: '3',
            printed: '',
            analysis:
              '<p>Oförändrat antal. En ny upphandling av välfärdsteknik blev klar i juni och ger förutsättningar för fler.</p>',
          },
          {
            code: 'FORENKLAD_BISTAND',
            name: 'Antal beslut om förenklad biståndsbedömning ska öka',
            unit: 'antal',
            direction: 'higher',
            metod: 'Verksamhetssystemet – antal beslut',
            source: 'file',
            units: ['IFO'],
            target: 'öka',
            outcome: '78',
            previous: '2',
            analysis:
              '<p>Handläggningen utan full utredning fungerar och gör socialtjänsten lättare att nå.</p>',
          },
        ],
      },
    ],
  },
];

/** Time Care's hours per month: [direkt, indirekt, arbetad], so that 2024 gives 44,44 % + 28,7 %. */
function timeCareMonths(year: number): [string, string, string][] {
  const totals =
    year === 2024
      ? { direkt: 53_328, indirekt: 34_440, arbetad: 120_000 }
      : { direkt: 51_930, indirekt: 32_760, arbetad: 116_000 };
  // A summer dip: more vacation cover, less planned time; the year's sums stay exact.
  const shape = [2, 1, 1, 0, 0, -2, -4, -3, 1, 1, 1, 2];
  return shape.map((s, i) => {
    const share = (total: number) => Math.floor(total / 12) + s * 50 + (i === 0 ? total % 12 : 0);
    return [
      String(share(totals.direkt)),
      String(share(totals.indirekt)),
      String(share(totals.arbetad)),
    ];
  });
}

const STATISTICS: {
  table: string;
  rows: {
    code: string;
    name: string;
    unit: string;
    aggregation?: string;
    values: [string, string, string];
    footnote2024?: string;
  }[];
}[] = [
  {
    table: 'Vård och omsorg',
    rows: [
      {
        code: 'HT_ANTAL',
        name: 'Antal med hemtjänst',
        unit: 'antal',
        values: ['456', '446', '429'],
      },
      {
        code: 'HT_TIMMAR',
        name: 'Beviljade timmar hemtjänst',
        unit: 'timmar',
        values: ['95077', '90782', '87424'],
        footnote2024: 'planerade timmar 2024',
      },
      {
        code: 'SABO_ANTAL',
        name: 'Antal i särskilt boende',
        unit: 'antal',
        values: ['112', '112', '114'],
      },
    ],
  },
  {
    table: 'Individ- och familjeomsorg',
    rows: [
      {
        code: 'INST_DYGN',
        name: 'Inst. placeringar dygn',
        unit: 'dygn',
        values: ['760', '709', '614'],
      },
      { code: 'FH_DYGN', name: 'Familjehem dygn', unit: 'dygn', values: ['4590', '6042', '8673'] },
      {
        code: 'EB_HUSHALL',
        name: 'Antal hushåll ekonomiskt bistånd',
        unit: 'antal',
        values: ['134', '124', '113'],
      },
      {
        code: 'EB_UNGA',
        name: 'Antal hushåll 18 - 25 år med ekonomiskt bistånd mer än 3 mån',
        unit: 'antal',
        values: ['7', '15', '26'],
      },
    ],
  },
  {
    table: 'Funktionsstöd',
    rows: [
      {
        code: 'LSS_BOENDE',
        name: 'Antal i gruppboende och servicebostad',
        unit: 'antal',
        aggregation: 'genomsnitt per månad',
        values: ['29', '30', '30'],
      },
      {
        code: 'PA_ANTAL',
        name: 'Antal med pers. Ass.',
        unit: 'antal',
        aggregation: 'genomsnitt per månad',
        values: ['11', '9', '10'],
        footnote2024: 'Avser personer med LSS beslut',
      },
    ],
  },
];

const UPPDRAG = [
  {
    text: '<p>1) Ett starkare arbetsmiljöarbete för friska och attraktiva arbetsplatser</p>',
    aktiviteter:
      '<ul><li>Öka frisknärvaron</li><li>Medarbetarprogrammet på alla enheter</li><li>Lär av avslutningssamtalen</li></ul>',
    aterrapport:
      '<p>Nästan alla enheter har gått medarbetarprogrammet. Avslutningssamtalen följs nu upp i ett nytt systemstöd.</p>',
  },
  {
    text: '<p>2) Behålla och utveckla medarbetarna och matcha kompetensen mot behoven</p>',
    aktiviteter:
      '<ul><li>Arbeta efter SKR:s strategier för kompetensförsörjning</li><li>En plan för yrkessvenska</li></ul>',
    aterrapport:
      '<p>Funktionsstöd har gått en kompetensresa, vård och omsorg har en kompetenstrappa och helgtjänster, och kurser i yrkessvenska pågår.</p>',
  },
  {
    text: '<p>3) Chefsuppdrag som ger ett hållbart ledarskap</p>',
    aktiviteter:
      '<ul><li>Mät chefernas arbetsmiljö regelbundet</li><li>Ta bort administration som inte skapar värde</li></ul>',
    aterrapport:
      '<p>En första mätning av chefernas arbetsmiljö är gjord. Uppföljningen av egenkontroller och planer är förenklad och chefsgruppen har varit stabil.</p>',
  },
  {
    text: '<p>4) Tydliggör det kommunala ansvaret och en rimlig servicenivå</p>',
    aktiviteter:
      '<ul><li>Uppdatera nämndens riktlinjer</li><li>Se över servicedeklarationer och handlingsplaner</li></ul>',
    aterrapport:
      '<p>Riktlinjerna är reviderade. Servicedeklarationerna ska prövas om i sin helhet.</p>',
  },
  {
    text: '<p>5) En resursfördelningsmodell för nämnden</p>',
    aktiviteter:
      '<ul><li>Ta fram modellen</li><li>Använd kostnad per brukare som underlag</li></ul>',
    aterrapport: '<p>Modellen för hemtjänsten finns och prövas 2025 innan den införs.</p>',
  },
];

const PROGRAMS = [
  {
    name: 'Suicidprogram',
    uppfoljning:
      '<ul><li>Fler medarbetare har gått utbildning i första hjälpen till psykisk hälsa.</li><li>Riktlinjen i funktionsstöd är uppdaterad.</li></ul>',
  },
  {
    name: 'Hållbarhetsprogram',
    uppfoljning:
      '<ul><li>Digitala möten i första hand.</li><li>Kollektivtrafik när en resa behövs.</li></ul>',
  },
  {
    name: 'ANDTS-program',
    uppfoljning:
      '<ul><li>En föreläsning om vejp för ungdomar.</li><li>Samverkan med andra förvaltningar fortsätter.</li></ul>',
  },
  {
    name: 'Kultur och fritidsprogram',
    uppfoljning:
      '<p>Samverkan med kultur- och fritidsförvaltningen för unga utanför föreningslivet är uppbyggd.</p>',
  },
];

/** Builds seed 004's goals, indicators, statistics, uppdrag and programs of 2024 in the demo. */
export async function buildDemoGoals(handle: BalansDb): Promise<void> {
  await handle.transaction(async ({ db }) => {
    for (const code of ['TC_DIREKT', 'TC_INDIREKT', 'TC_ARBETAD'])
      await defineIndicator(db, {
        code,
        name:
          {
            TC_DIREKT: 'Direkt brukartid',
            TC_INDIREKT: 'Indirekt brukartid',
            TC_ARBETAD: 'Arbetad tid',
          }[code] ?? code,
        unit: 'timmar',
        metod: 'Time Care planering, timmar per månad',
        source: 'file',
        units: ['VOO'],
      });
    for (const year of [2023, 2024])
      for (const [i, [direkt, indirekt, arbetad]] of timeCareMonths(year).entries()) {
        const period = `${year}-${String(i + 1).padStart(2, '0')}`;
        const base = { period, source: 'Time Care', enteredBy: BY };
        await setValue(db, { ...base, code: 'TC_DIREKT', value: direkt });
        await setValue(db, { ...base, code: 'TC_INDIREKT', value: indirekt });
        await setValue(db, { ...base, code: 'TC_ARBETAD', value: arbetad });
      }

    for (const [areaSort, area] of GOALS.entries()) {
      const areaId = await addGoalArea(db, {
        year: 2024,
        sort: areaSort,
        name: area.area,
        description: area.description,
        uppdrag: area.uppdrag,
      });
      for (const [goalSort, goal] of area.goals.entries()) {
        for (const i of goal.indicators) {
          await defineIndicator(db, i);
          await setGoalTarget(db, {
            code: i.code,
            year: 2024,
            target: i.target,
            ...(i.targetText ? { text: i.targetText } : {}),
          });
          if (i.source !== 'formula' && !i.formula) {
            await setValue(db, {
              code: i.code,
              period: '2024',
              value: i.outcome,
              source: i.metod ?? '',
              footnote: i.footnote ?? '',
              enteredBy: BY,
            });
            if (i.previous !== undefined)
              await setValue(db, {
                code: i.code,
                period: '2023',
                value: i.previous,
                source: i.metod ?? '',
                enteredBy: BY,
              });
          }
          if (i.analysis !== undefined || i.printed !== undefined)
            await saveAnalysis(db, {
              code: i.code,
              year: 2024,
              analysis: i.analysis ?? '',
              assessment: i.printed ?? null,
              version: null,
              by: BY,
            });
        }
        await addGoal(db, {
          areaId,
          sort: goalSort,
          name: goal.name,
          kfGoal: goal.kfGoal ?? '',
          uppdrag: goal.uppdrag ?? '',
          aterrapport: goal.aterrapport ?? '',
          indicators: goal.indicators.map((i) => i.code),
        });
      }
    }
    for (const [sort, u] of UPPDRAG.entries()) await addUppdrag(db, { year: 2024, sort, ...u });
    for (const [sort, p] of PROGRAMS.entries()) await addProgram(db, { year: 2024, sort, ...p });

    let sort = 0;
    for (const table of STATISTICS)
      for (const row of table.rows) {
        await defineSeries(db, {
          code: row.code,
          name: row.name,
          unit: row.unit,
          aggregation: row.aggregation ?? '',
          tableTitle: table.table,
          sort: sort++,
          note: '',
        });
        for (const [i, value] of row.values.entries())
          await setValue(db, {
            code: row.code,
            period: String(2024 - i),
            value,
            source: 'verksamhetssystemet',
            footnote: i === 0 ? (row.footnote2024 ?? '') : '',
            enteredBy: BY,
          });
      }
  });
}
