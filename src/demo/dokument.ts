import type { BalansDb } from '../db/database.ts';
import { openDocument, writeNewTexts, type DocumentViewer } from '../documents/document.service.ts';
import type { DocumentRequest } from '../documents/document.service.ts';

/**
 * The demo's two board documents as drafts (version 1): Exempelkommun's årsbokslut 2024 and its
 * åtgärdsplan per 31 mars 2023, with short texts written for Exempelkommun (never the seeds' own
 * sentences: seed-prose.test.ts checks). The figures come from the demo's data.
 */
const ARSBOKSLUT_2024: Record<string, string> = {
  'oversikt.demografi':
    'Exempelkommun blir äldre. Gruppen över 80 år växte under 2024 medan antalet barn var i stort sett oförändrat, och det märks i efterfrågan på hemtjänst och särskilt boende.',
  'oversikt.hemtjanst':
    'Fler personer fick hemtjänst än året innan och de beviljade timmarna ökade. Planeringen har flyttats till ett gemensamt schema för alla områden för att få ut mer tid hos brukarna.',
  'oversikt.slutenvard':
    'Utskrivningar från sjukhuset har skett inom avtalad tid nästan hela året. Samordningen med regionen sker varje vardag.',
  'oversikt.trygg-hemgang':
    'Insatsen trygg hemgång användes betydligt oftare 2024 och uppskattas av dem som kommer hem efter en sjukhusvistelse.',
  'oversikt.digitalisering':
    'Digital tillsyn på natten och ett nytt stöd för läkemedelshantering har införts. Nästa steg är fler e-tjänster för ansökningar.',
  'oversikt.budget-i-balans':
    'Nämnden redovisar ett underskott mot budget. Äldreomsorgen och barn- och ungdomsvården står för den största delen; åtgärdsplanen följs upp varje månad.',
  handelser:
    '<p>Under hösten flyttade korttidsboendet till nya lokaler i centrum. Förvaltningen fick också en ny organisation för stab och utveckling.</p>',
  personal:
    '<p>Sjukfrånvaron minskade något men är fortfarande hög. Rekryteringen av sjuksköterskor har varit svår och delvis lösts med bemanningsföretag.</p>',
  driftresultat:
    '<p>Intäkterna blev högre än budget, främst genom statsbidrag, men kostnaderna för personal och köpta platser steg mer. Resultatet blev ett underskott.</p>',
  'driftresultat.atgarder':
    '<ul><li>Uppföljning av sjukfrånvaro med stöd av företagshälsovården.</li><li>Ny modell för schemaläggning i hemtjänsten.</li><li>Genomgång av alla externa placeringar varje kvartal.</li></ul>',
  'verksamhetsanalys.10': 'Arvodena blev lägre än beräknat eftersom färre sammanträden hölls.',
  'verksamhetsanalys.51':
    'Underskottet kommer främst från särskilt boende och LSS-boenden, där två placeringar saknade budget. Personlig assistans och socialpsykiatri gick med överskott.',
  'verksamhetsanalys.56':
    'Fler placeringar på institution och i konsulentstödda familjehem än budgeterat.',
  'verksamhetsanalys.57':
    'Fler hushåll behövde försörjningsstöd under året, särskilt under andra halvåret.',
  'verksamhetsanalys.92':
    'Inhyrda konsulter i staben vägde upp vakanserna, så avvikelsen blev liten.',
  framtid:
    '<p>Den nya socialtjänstlagen ställer krav på mer förebyggande arbete. Fler äldre och ett stramt ekonomiskt läge gör att förvaltningen måste prioritera hårt och fortsätta arbeta med välfärdsteknik.</p>',
};

const ATGARDSPLAN_2023: Record<string, string> = {
  inledning:
    '<p>Socialnämnden i Exempelkommun har fått åtgärdskrav för 2023. Här visas de åtgärder som är beslutade per den sista mars, vad de ger i år och på helår, och hur långt de räcker.</p>',
  summering:
    '<p>Åtgärderna täcker ännu inte hela kravet. Förvaltningen tar fram fler förslag till nämndens möte i maj.</p>',
};

const DOCUMENTS: { request: DocumentRequest; texts: Record<string, string> }[] = [
  { request: { type: 'arsbokslut', year: 2024 }, texts: ARSBOKSLUT_2024 },
  { request: { type: 'atgardsplan', asOf: '2023-03-31' }, texts: ATGARDSPLAN_2023 },
];

export const DEMO_DOCUMENT_TEXTS = { arsbokslut: ARSBOKSLUT_2024, atgardsplan: ATGARDSPLAN_2023 };

/** Creates the demo's documents and writes their texts (sections already written are left as they are). */
export async function buildDemoDocuments(handle: BalansDb): Promise<void> {
  const viewer: DocumentViewer = { username: 'demo', role: 'controller' };
  for (const { request, texts } of DOCUMENTS) {
    const info = await openDocument(handle, viewer, request);
    if (info.status === 'utkast') await writeNewTexts(handle, viewer, { id: info.id, texts });
  }
}
