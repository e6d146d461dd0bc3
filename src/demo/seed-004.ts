/**
 * The figures of seed 004 (*Förvaltningsberättelse, Årsbokslut 2024*), written out once from
 * ../shared/seeds/004_f6fb37b018982ebb.txt, in tkr, as the demo municipality's targets: tables
 * "Driftresultat årsbokslut", "Driftredovisning 2024, tkr" with "Redovisning verksamhet 51*",
 * "Verksamhetsanalys driftbudget 2024, tkr" and "Investeringsanalys 2024, tkr". The tests read
 * the seed file itself, not this. The projects' comments are the demo's own words.
 */
export interface SeedActivity {
  code: string;
  name: string;
  utfall: number;
  budget: number;
  /** Verksamhetsanalys: income positive, cost negative (top-level activities only). */
  intakt?: { utfall: number; budget: number };
  kostnad?: { utfall: number; budget: number };
  /** Share of the parent's income (51's children), utfall and budget; the demo's own choice. */
  incomeShare?: number;
}

export const TOP_ACTIVITIES: SeedActivity[] = [
  { code: '10', name: 'Politisk verksamhet', utfall: 833, budget: 904, intakt: { utfall: 0, budget: 0 }, kostnad: { utfall: -833, budget: -904 } },
  { code: '51', name: 'Äldreomsorg/LSS', utfall: 251_612, budget: 245_397, intakt: { utfall: 52_449, budget: 34_077 }, kostnad: { utfall: -304_062, budget: -279_475 } },
  { code: '55', name: 'Vård för vuxna med missbruksproblem', utfall: 1_952, budget: 2_126, intakt: { utfall: 103, budget: 0 }, kostnad: { utfall: -2_055, budget: -2_126 } },
  { code: '56', name: 'Barn- och ungdomsvård', utfall: 13_145, budget: 8_501, intakt: { utfall: 629, budget: 240 }, kostnad: { utfall: -13_774, budget: -8_741 } },
  { code: '57', name: 'Övr. insatser /Ekonomiskt bistånd', utfall: 6_995, budget: 4_786, intakt: { utfall: 1_705, budget: 1_597 }, kostnad: { utfall: -8_699, budget: -6_382 } },
  { code: '60', name: 'Flyktingmottagande', utfall: 48, budget: 48, intakt: { utfall: 7_661, budget: 5_740 }, kostnad: { utfall: -7_709, budget: -5_788 } },
  { code: '92', name: 'Gemensamma verksamheter', utfall: 57_297, budget: 57_041, intakt: { utfall: 2_098, budget: 1_204 }, kostnad: { utfall: -59_395, budget: -58_245 } },
]; // prettier-ignore

/** Redovisning verksamhet 51*: the sixteen lines, with the demo's codes 5100–5115. */
export const ACTIVITIES_51: SeedActivity[] = [
  { code: '5100', name: 'Äldreomsorg', utfall: 3, budget: -757, incomeShare: 0.03 },
  { code: '5101', name: 'Hemtjänst i ordinärt boende ink natt', utfall: 64_170, budget: 63_507, incomeShare: 0.22 },
  { code: '5102', name: 'Trygghetslarm', utfall: 1_176, budget: 1_047, incomeShare: 0.02 },
  { code: '5103', name: 'Korttidsboende / Korttidsvård', utfall: 10_182, budget: 9_928, incomeShare: 0.04 },
  { code: '5104', name: 'Dagverksamhet', utfall: 1_268, budget: 1_311, incomeShare: 0.01 },
  { code: '5105', name: 'Särskilt boende', utfall: 84_466, budget: 82_077, incomeShare: 0.3 },
  { code: '5106', name: 'Sjuksköterskeverksamhet', utfall: 19_943, budget: 19_930, incomeShare: 0.12 },
  { code: '5107', name: 'Inkontinens, rehab, omvårdnad', utfall: 7_217, budget: 6_689, incomeShare: 0.03 },
  { code: '5108', name: 'Socialpsykiatri', utfall: 5_683, budget: 6_905, incomeShare: 0.03 },
  { code: '5109', name: 'Bostadsanpassning', utfall: 1_529, budget: 1_500, incomeShare: 0 },
  { code: '5110', name: 'Boende enl. LSS för vuxna', utfall: 29_127, budget: 27_077, incomeShare: 0.08 },
  { code: '5111', name: 'Boende enligt LSS för barn och unga', utfall: 2_388, budget: 0, incomeShare: 0 },
  { code: '5112', name: 'Personlig assistans enl. LSS/SFB', utfall: 14_401, budget: 15_843, incomeShare: 0.08 },
  { code: '5113', name: 'Daglig verksamhet', utfall: 6_867, budget: 6_526, incomeShare: 0.03 },
  { code: '5114', name: 'Ledsagare, kontaktpersoner', utfall: 811, budget: 1_147, incomeShare: 0.005 },
  { code: '5115', name: 'Korttidsvistelse', utfall: 2_381, budget: 2_667, incomeShare: 0.005 },
]; // prettier-ignore

/** Driftresultat årsbokslut: totals in tkr (income positive, costs negative). */
export const DRIFTRESULTAT = {
  bokslut2023: { intakter: 72_287, kostnader: -393_330, personal: -279_215, kapital: -2_089, resultat: -321_043 },
  bokslut2024: { intakter: 64_645, kostnader: -396_527, personal: -281_924, kapital: -2_108, resultat: -331_882 },
  budget2024: { intakter: 42_857, kostnader: -361_660, personal: -267_414, kapital: -2_108, resultat: -318_803 },
  avvikelse: { intakter: 21_788, kostnader: -34_867, personal: -14_510, kapital: 0, resultat: -13_079 },
  total: { utfall: 331_882, budget: 318_803, avvikelse: -13_079 },
}; // prettier-ignore

/** Investeringsanalys 2024: net expenditure (negative), tkr, and the comment of each project. */
export const INVESTMENTS = [
  { code: 'P2401', name: 'IT-teknik äldrevård 2024', bokslut: -65, budget: -100, comment: 'Budget som återkommer varje år. Överskottet beror på att den inte byggde på något känt behov eller någon offert.' },
  { code: 'P2402', name: 'Möbler, inventarier, inredning 2024', bokslut: -417, budget: -350, comment: 'De planerade inköpen är i stort sett gjorda: lås hos hemtjänstens brukare, möbler och rullstolar.' },
  { code: 'P2403', name: 'Verksamhetssystem 2024', bokslut: -668, budget: -700, comment: 'Nya moduler till verksamhetssystemet, för HSE, är köpta.' },
  { code: 'P2404', name: 'Fordon 2024', bokslut: 0, budget: -100, comment: 'Inga bilar behövde bytas ut i år.' },
  { code: 'P2405', name: 'Larm 2024', bokslut: -748, budget: -900, comment: 'Trygghetslarmen är utbytta som planerat.' },
  { code: 'P2406', name: 'Sängar och lyftar 2024', bokslut: 0, budget: -100, comment: 'Inget behov har visat sig under 2024.' },
  { code: 'P2407', name: 'Skrivare 2024', bokslut: 0, budget: -50, comment: 'Inget behov har visat sig under 2024.' },
]; // prettier-ignore
