import type { Kysely } from 'kysely';

// Frozen in time: this migration never imports application code.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  // Kontogrupper (the first two digits of a Kommun-Bas account) with their names, for the
  // drill-down. Source: the Kommun-Bas 13 account groups of classes 4–8 as published on Vilhelmina
  // kommun's public web page (shared/data/reference/kommunbas13_kontogrupper_from_vilhelmina_page.csv).
  // That page lists no groups of class 3 (income): they are named "Kontogrupp NN" until a
  // municipality adds its own rows here.
  await db.schema
    .createTable('account_group')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  const groups: [string, string][] = [
    ['40', 'Inköp anläggnings och finansiella oms.tillgångar'],
    ['41', 'Inköp anläggnings- och underhållsmaterial'],
    ['45', 'Lämnade bidrag'],
    ['46', 'Köp av huvudverksamhet'],
    ['50', 'Löner arbetad tid'],
    ['51', 'Löner ej arbetad tid'],
    ['53', 'Andra ersättningar'],
    ['54', 'Kostnader naturaförmån'],
    ['55', 'Kostnadsersättningar'],
    ['56', 'Sociala avgifter enl. lagar o avtal'],
    ['57', 'Pensionskostnader'],
    ['60', 'Lokal- och markhyror'],
    ['61', 'Fastighetskostnader'],
    ['62', 'Bränsle och energi'],
    ['63', 'Hyra/Leasing av anläggningstillgångar'],
    ['64', 'Förbrukningsinventarier o förbrukningsmaterial'],
    ['65', 'Kontorsmaterial och trycksaker'],
    ['66', 'Reparationer och underhåll'],
    ['68', 'Tele-, IT-kommunikation, postbefordran'],
    ['69', 'Kostnader för transportmedel'],
    ['70', 'Transporter och resor'],
    ['71', 'Representation'],
    ['72', 'Annonser, reklam och information'],
    ['73', 'Försäkringspremier och riskkostnader'],
    ['74', 'Övriga främmande tjänster'],
    ['75', 'Tillfälligt inhyrd personal'],
    ['76', 'Diverse kostnader'],
    ['78', 'Realisationsförluster och periodiseringskonton'],
    ['79', 'Avskrivningar'],
    ['80', 'Skatteintäkter'],
    ['82', 'Bidrag från utjämningssystemen och generella statliga bidrag'],
    ['83', 'Avgifter i utjämningen'],
    ['84', 'Finansiella intäkter'],
    ['85', 'Finansiella kostnader'],
    ['87', 'Extraordinära intäkter'],
    ['88', 'Extraordinära kostnader'],
    ['89', 'Årets resultat'],
  ];
  await db
    .insertInto('account_group')
    .values(groups.map(([code, name]) => ({ code, name })))
    .execute();

  // The one index the voucher drill-down needs. Its last level always asks for one account
  // (a konto row's figure) within a year, usually narrowed to an ansvar or to a manager's ansvar:
  // (fiscal_year_id, konto, ansvar) finds those rows directly, `ansvar = any(...)` included, and
  // its leading fiscal_year_id also serves a year's reload (delete by year). Period and
  // verksamhet are left out: a konto's rows of one ansvar are few enough to filter, and every
  // further column makes each bulk import slower.
  await db.schema
    .createIndex('voucher_row_drilldown')
    .on('voucher_row')
    .columns(['fiscal_year_id', 'konto', 'ansvar'])
    .execute();
}
