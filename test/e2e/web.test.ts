import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/demo.service.ts';
import { demoFiles } from '../../src/demo/exempelkommun.ts';
import {
  check,
  heading,
  nav,
  plain,
  settled,
  signIn,
  useDemoInChromium,
  visitor as newVisitor,
} from './browser.ts';

/**
 * The web app as a person uses it, in Debian's Chromium: the demo municipality, signed in as its
 * demo users, clicking through by role and label (which also proves the labelling). Every page
 * state visited is checked with axe-core and kept as a screenshot (test-artifacts/screenshots).
 */

/** Seed 004's outcome 2024 for the whole administration, as Översikt shows it. */
const UTFALL_2024 = '331 882 tkr';
const FAULTY_SIE = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'shared',
  'data',
  'sie',
  'sie4j',
  'BLBLOV_SIE4_UTF_8_with_faulty_transaction.SI',
);

async function textOf(locator: Locator): Promise<string> {
  return plain(await locator.textContent());
}

interface DriftRow {
  code: string;
  children: DriftRow[];
}

/** The codes of a driftredovisning's rows, at every depth. */
function codesOf(report: unknown): string[] {
  const codes = (rows: DriftRow[]): string[] => rows.flatMap((r) => [r.code, ...codes(r.children)]);
  return codes((report as { rows: DriftRow[] }).rows);
}

/** A table row as read, cell by cell. */
async function cellsOf(locator: Locator): Promise<string> {
  return plain(await locator.innerText());
}

describe('the web app in Chromium', () => {
  const running = useDemoInChromium();
  const temp = mkdtempSync(join(tmpdir(), 'balans-e2e-'));

  beforeAll(() => {
    expect(running().server.web).toBe(true);
  });

  afterAll(() => {
    rmSync(temp, { recursive: true, force: true });
  });

  /** A new visitor: no cookies, no stored language. */
  function visitor(): Promise<Page> {
    return newVisitor(running());
  }

  /**
   * The controller's page, signed in once (by the first test, or here) and used by the tests that
   * follow as a person works through a day; each starts from Översikt, by the menu.
   */
  let controller: Page | undefined;
  async function asController(): Promise<Page> {
    if (!controller) {
      const page = await visitor();
      await signIn(page, 'ekonom');
      controller = page;
    }
    await nav(controller).getByRole('link', { name: 'Översikt' }).click();
    await heading(controller, 'Översikt').waitFor();
    await settled(controller);
    return controller;
  }

  it('signs in, refusing a wrong password, and shows the key figures', async () => {
    const page = await visitor();
    await page.goto('/');
    await heading(page, 'Logga in').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    await check(page, '01-sign-in');

    await page.getByLabel('Användarnamn').fill('ekonom');
    await page.getByLabel('Lösenord').fill('fel lösenord');
    await page.getByRole('button', { name: 'Logga in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await textOf(alert)).toMatch(/^Något gick fel: \S/);
    await check(page, '01-sign-in-wrong-password');

    await page.getByLabel('Lösenord').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await heading(page, 'Översikt').waitFor();
    const utfall = page.getByRole('link', { name: UTFALL_2024, exact: true });
    await utfall.waitFor();
    expect(await page.getByRole('term').allTextContents()).toEqual([
      'Budget helår',
      'Budget hittills',
      'Utfall hittills',
      'Avvikelse',
    ]);
    expect(await page.title()).toBe('Översikt – Balans');
    await check(page, '01-overview');
    controller = page;
  });

  it('follows the outcome of activity 51 by clicks down to its vouchers', async () => {
    const page = await asController();
    const activities = page.getByRole('table', { name: /^Per verksamhet/ });
    const row51 = activities
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: /^51 / }) });
    await row51.getByRole('link', { name: /: Visa vad utfall består av$/ }).click();

    /** The drill-down's table once its level (by) has loaded; the first data row. */
    const level = async (by: string, screenshotName: string) => {
      const table = page.getByRole('table', { name: `${by} · Belopp i kronor.` });
      await table.waitFor();
      await check(page, screenshotName);
      const rows = table.locator('tbody').getByRole('row');
      expect(await rows.count()).toBeGreaterThan(0);
      return rows.first();
    };

    // 51's sub-activities (5100 …), then the first of them by ansvar, kontogrupp and konto.
    const activity = await level('Verksamhet', '02-drilldown-51');
    const activityName = await textOf(activity.getByRole('rowheader'));
    expect(activityName).toMatch(/^51\d\d /);
    await activity.getByRole('rowheader').getByRole('link').click();

    const ansvar = await level('Ansvar', '02-drilldown-activity');
    const ansvarCode = (await textOf(ansvar.getByRole('rowheader'))).split(' ')[0] ?? '';
    expect(ansvarCode).toMatch(/^\d{4}$/);
    await ansvar.getByRole('rowheader').getByRole('link').click();

    const kontogrupp = await level('Kontogrupp', '02-drilldown-ansvar');
    await kontogrupp.getByRole('rowheader').getByRole('link').click();

    const konto = await level('Konto', '02-drilldown-kontogrupp');
    const kontoCode = (await textOf(konto.getByRole('rowheader'))).split(' ')[0] ?? '';
    const crumbs = page.getByRole('navigation', { name: 'Du är här' });
    expect(await textOf(crumbs)).toContain(`Ansvar ${ansvarCode}`);
    expect(await textOf(crumbs)).toContain(activityName);
    const utfall = konto.getByRole('link', { name: /: Visa verifikationer$/ });
    const utfallText = await textOf(utfall);
    expect(utfallText).toMatch(/^−?\d{1,3}( \d{3})*$/);
    await utfall.click();

    await heading(page, 'Verifikationer').waitFor();
    const vouchers = page.getByRole('table', { name: /^Verifikationer · / });
    await vouchers.waitFor();
    await check(page, '02-vouchers');
    const headers = await vouchers.getByRole('columnheader').allTextContents();
    expect(headers.slice(0, 3)).toEqual(['Datum', 'Verifikation', 'Text']);
    const rows = vouchers.locator('tbody').getByRole('row');
    const count = await rows.count();
    expect(count).toBe(12); // one voucher a month books the ansvar's konto
    for (let i = 0; i < count; i += 1) {
      const cells = (await rows.nth(i).getByRole('cell').allTextContents()).map(plain);
      expect(cells[0]).toMatch(/^2024-\d\d-\d\d$/);
      expect(cells[1]).toMatch(/^A \d+$/);
      expect(cells[2]).toBe(`Månadens bokföring ansvar ${ansvarCode}`);
      expect(cells[3]).toBe(kontoCode);
      expect(cells[4]).toBe(ansvarCode);
    }
    const sum = page.getByText(/Summa av alla rader/);
    expect(await textOf(sum)).toContain(`Visar ${count} av ${count} rader.`);
    // The voucher page gives öre; the demo books whole kronor, so the figure clicked plus ",00".
    expect(await textOf(sum.getByRole('strong'))).toBe(`${utfallText},00`);
  });

  it('shows the four reports as tables and offers them as XLSX and CSV', async () => {
    const page = await asController();
    await nav(page).getByRole('link', { name: 'Rapporter' }).click();
    await heading(page, 'Rapporter').waitFor();
    const reports = [
      ['driftredovisning', 'Driftredovisning'],
      ['driftresultat', 'Driftresultat'],
      ['verksamhetsanalys', 'Verksamhetsanalys'],
      ['investeringsredovisning', 'Investeringsredovisning'],
    ] as const;
    for (const [report, title] of reports) {
      await page.getByLabel('Rapport', { exact: true }).selectOption(report);
      const table = page.getByRole('table', { name: `${title} 2024, tkr` });
      await table.waitFor();
      await check(page, `03-report-${report}`);
      const headers = (await table.getByRole('columnheader').allTextContents()).map(plain);
      expect(headers.length, report).toBeGreaterThanOrEqual(4);
      expect(headers.filter((h) => h !== '').length, report).toBeGreaterThanOrEqual(3);
      expect(await table.locator('tbody').getByRole('row').count(), report).toBeGreaterThan(0);

      for (const [link, type] of [
        ['Excel (XLSX)', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        ['CSV', 'text/csv'],
      ] as const) {
        const href = await page.getByRole('link', { name: link, exact: true }).getAttribute('href');
        expect(href, `${report} ${link}`).toMatch(new RegExp(`^/api/reports/${report}\\?`));
        const response = await page.request.get(href ?? '');
        expect(response.status(), `${report} ${link}`).toBe(200);
        expect(response.headers()['content-type'], `${report} ${link}`).toContain(type);
        expect((await response.body()).length).toBeGreaterThan(0);
      }
    }
  });

  it('imports a good SIE file with progress, and refuses a bad one, changing nothing', async () => {
    const file = demoFiles().find((f) => f.name === 'exempelkommun-2024.se');
    if (!file) throw new Error('the demo has no 2024 file');
    const good = join(temp, file.name);
    writeFileSync(good, iconv.encode(file.lines.join('\r\n') + '\r\n', 'cp437'));

    const page = await asController();
    await nav(page).getByRole('link', { name: 'Import' }).click();
    await heading(page, 'Import').waitFor();
    await check(page, '04-import');

    // The upload is held until the progress has been seen, so the test does not race the import.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/api/imports/sie?*', async (route) => {
      await held;
      await route.continue();
    });
    const sie = page.getByRole('region', { name: 'Bokföring (SIE 4)' });
    await sie.getByLabel('Fil', { exact: true }).setInputFiles(good);
    await sie.getByRole('button', { name: 'Importera' }).click();
    const progress = sie.getByRole('progressbar', { name: 'Förlopp' });
    await progress.waitFor();
    expect(await textOf(sie.getByRole('status'))).toMatch(/% läst, \d+ rader/);
    await check(page, '04-import-progress');
    release();

    await sie.getByRole('heading', { name: 'Importen är klar' }).waitFor();
    await progress.waitFor({ state: 'detached' });
    const summary = await textOf(sie.getByRole('status'));
    expect(summary).toContain('2024-01-01 – 2024-12-31');
    expect(summary).toContain('ersätter årets data');
    await check(page, '04-import-done');
    await page.unroute('**/api/imports/sie?*');

    await sie.getByLabel('Fil', { exact: true }).setInputFiles(FAULTY_SIE);
    await sie.getByRole('button', { name: 'Importera' }).click();
    const refusal = sie.getByRole('alert');
    await refusal.waitFor();
    expect(await textOf(refusal)).toMatch(
      /^Filen vägrades – ingenting importerades: BLBLOV_SIE4_UTF_8_with_faulty_transaction\.SI:10: /,
    );
    const problems = refusal.getByRole('table', {
      name: 'Filen vägrades – ingenting importerades',
    });
    expect(await problems.getByRole('columnheader').allTextContents()).toEqual(['Rad', 'Fel']);
    const problem = (await problems.locator('tbody').getByRole('cell').allTextContents()).map(
      plain,
    );
    expect(problem[0]).toBe('10');
    expect(problem[1]).toBe('#TRANS 1930: beloppet saknas');
    await check(page, '04-import-refused');

    await nav(page).getByRole('link', { name: 'Översikt' }).click();
    await heading(page, 'Översikt').waitFor();
    await page.getByRole('link', { name: UTFALL_2024, exact: true }).waitFor();
  });

  it('shows the organisation, users and audit log to the controller, and saves a new name', async () => {
    const page = await asController();
    await nav(page).getByRole('link', { name: 'Organisation' }).click();
    await heading(page, 'Organisation').waitFor();
    const editStab = page.getByRole('button', { name: 'Ändra STAB Stab och gemensamt' });
    await editStab.waitFor();
    await check(page, '05-organisation');

    await editStab.click();
    const form = page.getByRole('form', { name: 'Ändra STAB' });
    await form.getByLabel('Namn').fill('Stab och gemensamma funktioner');
    await check(page, '05-organisation-editing');
    await form.getByRole('button', { name: 'Spara' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Ändra STAB Stab och gemensamma funktioner' }).waitFor();
    await check(page, '05-organisation-saved');

    await nav(page).getByRole('link', { name: 'Användare' }).click();
    await heading(page, 'Användare').waitFor();
    const table = page.getByRole('table', { name: 'Användare' });
    await table.waitFor();
    expect((await table.locator('tbody').getByRole('rowheader').allTextContents()).sort()).toEqual(
      running()
        .users.map((u) => u.username)
        .sort(),
    );
    await check(page, '05-users');
    await page.getByRole('button', { name: 'Ändra ec.hemtjanst' }).click();
    await page.getByRole('form', { name: 'Ändra ec.hemtjanst' }).waitFor();
    await check(page, '05-users-editing');

    await nav(page).getByRole('link', { name: 'Ändringslogg' }).click();
    await heading(page, 'Ändringslogg').waitFor();
    const log = page.getByRole('table', { name: 'Ändringslogg' });
    const entry = log
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: 'organisation.update', exact: true }) });
    await entry.waitFor();
    expect(await entry.getByRole('cell').nth(1).textContent()).toBe('ekonom');
    await entry.getByText('Före och efter').click();
    expect(await textOf(entry)).toContain('Stab och gemensamma funktioner');
    await check(page, '05-audit');
  });

  it('scopes a unit manager to their unit, in the page and in the API', async () => {
    const manager = running().users.find((u) => u.username === 'ec.hemtjanst');
    expect(manager?.scope).toHaveLength(1);
    const own = manager?.scope[0] ?? '';
    const other = '1250';
    expect(own).not.toBe(other);

    const page = await visitor();
    await signIn(page, 'ec.hemtjanst');
    expect(await page.getByRole('link', { name: UTFALL_2024 }).count()).toBe(0);
    const utfall = page.getByRole('definition').nth(2);
    expect(await textOf(utfall)).toMatch(/^\d{1,3}( \d{3})* tkr$/);
    expect(await textOf(page.getByRole('main'))).toContain('dina enheter');
    expect(await nav(page).getByRole('link').allTextContents()).toEqual([
      'Översikt',
      'Utfall',
      'Rapporter',
      'Åtgärdsplaner',
      'Mål',
      'Statistik',
      'Prognos',
      'Dokument',
    ]);
    const largest = page.getByRole('table', { name: /^Största avvikelser per ansvar/ });
    expect(
      (await largest.locator('tbody').getByRole('rowheader').allTextContents()).map(plain),
    ).toEqual([expect.stringMatching(new RegExp(`^${own} Hemtjänst .* Norr$`))]);
    await check(page, '06-enhetschef-overview');

    // Requests forged from the signed-in page for another unit: refused, or limited to their unit.
    const vouchers = await page.request.get(`/api/drilldown/vouchers?year=2024&ansvar=${other}`);
    if (vouchers.status() === 200) {
      const body = (await vouchers.json()) as { count: number; rows: { ansvar: string }[] };
      expect(body.count).toBe(0);
      expect(body.rows).toEqual([]);
    } else expect(vouchers.status()).toBe(403);
    const report = await page.request.get('/api/reports/driftredovisning?year=2024&by=ansvar');
    if (report.status() === 200) {
      const codes = codesOf(await report.json());
      expect(codes).toContain(own);
      expect(codes).not.toContain(other);
    } else expect(report.status()).toBe(403);
    // The same requests show the other unit to the controller (so the checks above can fail).
    const admin = (await asController()).request;
    const seen = await admin.get(`/api/drilldown/vouchers?year=2024&ansvar=${other}`);
    expect(((await seen.json()) as { count: number }).count).toBeGreaterThan(0);
    const all = await admin.get('/api/reports/driftredovisning?year=2024&by=ansvar');
    expect(codesOf(await all.json())).toContain(other);

    await page.goto('/import');
    await heading(page, 'Du har inte behörighet till den här sidan.').waitFor();
    await check(page, '06-enhetschef-import-forbidden');
  });

  it("lets a unit manager change their unit's measure in the action plan, and refuses another's", async () => {
    const page = await visitor();
    await signIn(page, 'ec.hemtjanst');
    await nav(page).getByRole('link', { name: 'Åtgärdsplaner' }).click();
    await heading(page, 'Åtgärdsplaner').waitFor();
    await settled(page);
    // Only the plan of the activity the manager's ansvar books on: home care, per seed 003.
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual([
      'Hemtjänsten (5101)',
      'Uppföljningar',
    ]);
    const measures = page.getByRole('table', { name: /^Hemtjänsten: åtgärd/ });
    expect(plain(await measures.locator('tfoot').innerText())).toBe(
      'Totalt 2 750 2 750 Kvar att täcka 1 450 1 450',
    );
    await check(page, '09-atgardsplan-enhetschef');
    // The measure owned by the other home-care ansvar has no edit button.
    expect(await page.getByRole('button', { name: 'Ändra Schema och resurspass' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Ändra Utförandegraden' }).click();
    const form = page.getByRole('form', { name: 'Ändra åtgärd: Utförandegraden' });
    await form
      .getByLabel('Kommentar till status')
      .fill('Per april: 66,0 % av arbetstiden utförd hos kund.');
    await form.getByLabel('Helårseffekt (tkr)').fill('2 900');
    await check(page, '09-atgardsplan-editing');
    await form.getByRole('button', { name: 'Spara' }).click();
    await form.waitFor({ state: 'detached' });
    await settled(page);
    expect(plain(await measures.locator('tfoot').innerText())).toBe(
      'Totalt 2 900 2 900 Kvar att täcka 1 300 1 300',
    );
    expect(await textOf(measures)).toContain('Per april: 66,0 % av arbetstiden utförd hos kund.');
    await check(page, '09-atgardsplan-saved');
    // A forged change of the other ansvar's measure is refused by the API.
    const plans = (await (await page.request.get('/api/action-plans?year=2023')).json()) as {
      plans: { atgarder: { id: number; title: string; version: number }[] }[];
    };
    const other = plans.plans[0]?.atgarder.find((a) => a.title === 'Schema och resurspass');
    if (!other) throw new Error('measure missing');
    const csrf = ((await (await page.request.get('/api/me')).json()) as { csrfToken: string })
      .csrfToken;
    const forged = await page.request.patch(`/api/action-plans/measures/${other.id}`, {
      data: { version: other.version, status: 'genomförd' },
      headers: { 'x-csrf-token': csrf },
    });
    expect(forged.status()).toBe(403);
    // The controller sees every plan, and the follow-up per 31 mars with its download.
    const admin = await asController();
    await nav(admin).getByRole('link', { name: 'Åtgärdsplaner' }).click();
    await heading(admin, 'Åtgärdsplaner').waitFor();
    await settled(admin);
    expect(await admin.getByRole('heading', { level: 2 }).count()).toBe(8);
    await expect.poll(() => textOf(admin.getByRole('main'))).toContain('2023-03-31 per 31 mars');
    await admin.getByText('Ändrat sedan uppföljningen per 31 mars (2023-03-31)').click();
    await expect
      .poll(() => textOf(admin.getByRole('main')))
      .toContain('Hemtjänsten: Utförandegraden helårseffekt: 2 750 tkr → 2 900 tkr');
    await check(admin, '09-atgardsplan-controller');
    // The controller changes a requirement; the gap follows.
    await admin.getByRole('button', { name: 'Ändra åtgärdskravet för Boendestöd' }).click();
    const requirement = admin.getByRole('form', { name: 'Ändra åtgärdskravet för Boendestöd' });
    await requirement.getByLabel('Åtgärdskrav (tkr)').fill('750');
    await requirement.getByRole('button', { name: 'Spara' }).click();
    await requirement.waitFor({ state: 'detached' });
    const boendestod = admin.getByRole('table', { name: /^Boendestöd: åtgärd/ });
    await expect
      .poll(async () => plain(await boendestod.locator('tfoot').innerText()))
      .toBe('Totalt 0 0 Kvar att täcka 750 750');
  });

  it('shows the goals and statistics of seed 004, and lets a manager write the analysis addressed to them', async () => {
    const admin = await asController();
    await nav(admin).getByRole('link', { name: 'Mål' }).click();
    await heading(admin, 'Mål').waitFor();
    await settled(admin);
    expect(await admin.getByRole('heading', { level: 2 }).count()).toBeGreaterThanOrEqual(4);
    const row = (name: string) =>
      admin.locator('tr').filter({ has: admin.getByRole('rowheader', { name, exact: true }) });
    // Fulfilment and trend apart, in words: 10,74 % against 7 % is not met, but better than 11,5 %.
    expect(await cellsOf(row('Sjukfrånvaro'))).toMatch(
      /^Sjukfrånvaro 7 % 10,74 % 11,5 % Nej, målet nås inte Bättre ↑/,
    );
    // The analysis is shown as text with its list, never as markup.
    const main = await textOf(admin.getByRole('main'));
    expect(main).toContain('Frånvaron har gått ner en bit sedan förra året');
    expect(main).not.toMatch(/<\/?(p|ul|li|ol)>/);
    const sick = admin.getByRole('region', { name: 'Sjukfrånvaro', exact: true });
    expect(await sick.getByRole('listitem').count()).toBe(2);
    await check(admin, '10-mal-controller');
    await sick.getByText('Sjukfrånvaro år för år').click();
    const years = sick.getByRole('table', { name: 'Sjukfrånvaro: utfall och mål per år' });
    await years.waitFor();
    await settled(admin);
    expect(await cellsOf(years.locator('tr').filter({ hasText: '2024' }))).toBe(
      '2024 10,74 % 7 % Nej, målet nås inte',
    );
    expect(await cellsOf(years.locator('tr').filter({ hasText: '2023' }))).toMatch(/^2023 11,5 %/);
    await sick.getByRole('img', { name: /^Diagram: Sjukfrånvaro/ }).waitFor();
    await check(admin, '10-mal-history');
    // The controller changes a målområde's texts.
    const area = 'Målområde 1 – God ekonomisk hushållning';
    await admin.getByRole('button', { name: `Ändra ${area}` }).click();
    const areaForm = admin.getByRole('form', { name: `Ändra ${area}` });
    await areaForm.getByLabel('Återrapport').fill('Återrapport skriven i webben.\n\n- En punkt');
    await check(admin, '10-mal-controller-editing');
    await areaForm.getByRole('button', { name: 'Spara' }).click();
    await areaForm.waitFor({ state: 'detached' });
    const areaSection = admin.getByRole('region', { name: area, exact: true });
    await expect.poll(() => textOf(areaSection)).toContain('Återrapport skriven i webben.');
    expect(await areaSection.getByRole('listitem').filter({ hasText: 'En punkt' }).count()).toBe(1);

    // The controller enters 2024's outcome with a footnote: a typo is said at the field first.
    await sick.getByRole('button', { name: 'Lägg in värde för Sjukfrånvaro' }).click();
    const valueForm = admin.getByRole('form', { name: 'Värde: Sjukfrånvaro' });
    await valueForm.getByLabel('Period').fill('2024-13');
    await valueForm.getByLabel('Värde (%)').fill('tolv');
    await valueForm.getByRole('button', { name: 'Spara' }).click();
    await valueForm.getByText('Skriv ett tal, t.ex. 10,74').waitFor();
    await valueForm.getByText('Skriv perioden som ÅÅÅÅ eller ÅÅÅÅ-MM').waitFor();
    expect(await valueForm.getByLabel('Värde (%)').getAttribute('aria-invalid')).toBe('true');
    await check(admin, '10-mal-value-invalid');
    await valueForm.getByLabel('Period').fill('2024');
    await valueForm.getByLabel('Värde (%)').fill('12,25');
    await valueForm.getByLabel('Fotnot (valfri)').fill('* saknas viss statistik');
    await check(admin, '10-mal-value-editing');
    await valueForm.getByRole('button', { name: 'Spara' }).click();
    await valueForm.waitFor({ state: 'detached' });
    await settled(admin);
    // Recomputed: 12,25 % against ≤ 7 % is not met, and worse than last year's 11,5 %.
    await expect
      .poll(() => cellsOf(row('Sjukfrånvaro')))
      .toMatch(
        /^Sjukfrånvaro 7 % 12,25 % ?\* saknas viss statistik 11,5 % Nej, målet nås inte Sämre ↓/,
      );
    expect(await textOf(sick)).toMatch(
      /Utfall 2024 inlagtInmatat i Balans, av \S+ \d{4}-\d{2}-\d{2}/,
    );
    // The controller sets the year's target; fulfilment follows it.
    await sick.getByRole('button', { name: 'Sätt mål för Sjukfrånvaro' }).click();
    const targetForm = admin.getByRole('form', { name: 'Mål 2024: Sjukfrånvaro' });
    await targetForm.getByLabel('Jämförelse').selectOption('≤');
    await targetForm.getByLabel('Målvärde (%)').fill('12,5');
    await check(admin, '10-mal-target-editing');
    await targetForm.getByRole('button', { name: 'Spara' }).click();
    await targetForm.waitFor({ state: 'detached' });
    await expect
      .poll(() => cellsOf(row('Sjukfrånvaro')))
      .toMatch(/^Sjukfrånvaro 12,5 % 12,25 %.* Ja, målet nås Sämre/);
    // The same form in English, its problems too.
    await admin.getByRole('button', { name: 'English' }).click();
    await heading(admin, 'Goals').waitFor();
    await sick.getByRole('button', { name: 'Enter a value for Sjukfrånvaro' }).click();
    const englishForm = admin.getByRole('form', { name: 'Value: Sjukfrånvaro' });
    await englishForm.getByLabel('Value (%)').fill('12.5.1');
    await englishForm.getByRole('button', { name: 'Save' }).click();
    await englishForm.getByText('Write a number, e.g. 10,74').waitFor();
    await check(admin, '10-mal-value-english');
    await englishForm.getByRole('button', { name: 'Cancel' }).click();
    await admin.getByRole('button', { name: 'Svenska' }).click();
    await heading(admin, 'Mål').waitFor();

    await nav(admin).getByRole('link', { name: 'Statistik' }).click();
    await heading(admin, 'Statistik').waitFor();
    await settled(admin);
    const homeCare = admin
      .locator('tr')
      .filter({ has: admin.getByRole('rowheader', { name: /^Antal med hemtjänst/ }) });
    expect(await cellsOf(homeCare)).toMatch(/^Antal med hemtjänst.* antal 456 446 429/);
    expect(
      await admin
        .getByRole('columnheader')
        .filter({ hasText: /^20\d\d$/ })
        .allTextContents(),
    ).toEqual(expect.arrayContaining(['2024', '2023', '2022']));
    await check(admin, '11-statistik');
    // The controller enters a statistics value with its footnote.
    await admin.getByRole('button', { name: 'Lägg in ett värde' }).click();
    const statForm = admin.getByRole('form', { name: 'Värde i verksamhetsstatistiken' });
    await statForm.getByLabel('Mått').selectOption({ label: 'Antal med hemtjänst (antal)' });
    await statForm.getByLabel('Värde').fill('fyrahundra');
    await statForm.getByRole('button', { name: 'Spara' }).click();
    await statForm.getByText('Skriv ett tal, t.ex. 10,74').waitFor();
    await check(admin, '11-statistik-error');
    await statForm.getByLabel('Värde').fill('460');
    await statForm.getByLabel('Fotnot (valfri)').fill('*preliminärt');
    await statForm.getByRole('button', { name: 'Spara' }).click();
    await statForm.waitFor({ state: 'detached' });
    await expect.poll(() => cellsOf(homeCare)).toMatch(/ antal 460 446 429 .*\*preliminärt/);

    // Vård och omsorg's chef writes the analysis of an indicator addressed to Vård och omsorg.
    const page = await visitor();
    await signIn(page, 'vc.vard');
    await nav(page).getByRole('link', { name: 'Mål' }).click();
    await heading(page, 'Mål').waitFor();
    await settled(page);
    expect(await page.getByRole('button', { name: 'Skriv analys för Sjukfrånvaro' }).count()).toBe(
      0,
    );
    const name = 'Andel personer med hemtjänst som är ganska/mycket nöjda med hemtjänsten';
    const indicator = page.getByRole('region', { name, exact: true });
    await indicator.getByRole('button', { name: `Skriv analys för ${name}` }).click();
    const form = page.getByRole('form', { name: `Analys: ${name}` });
    await form
      .getByLabel('Analys')
      .fill('Nöjdheten ligger kvar på en hög nivå.\n\n- Färre personal per kund\n- Fler besök');
    await form.getByLabel('Bedömning som skrivs ut').selectOption('Uppfylld');
    await check(page, '10-mal-manager-editing');
    await form.getByRole('button', { name: 'Spara' }).click();
    await form.waitFor({ state: 'detached' });
    await settled(page);
    await expect.poll(() => textOf(indicator)).toContain('Nöjdheten ligger kvar på en hög nivå.');
    expect(await indicator.getByRole('listitem').allTextContents()).toEqual([
      'Färre personal per kund',
      'Fler besök',
    ]);
    expect(
      await cellsOf(page.locator('tr').filter({ has: page.getByRole('rowheader', { name }) })),
    ).toContain('Uppfylld vald av ansvarig');
    await check(page, '10-mal-manager-saved');

    // Someone else saves meanwhile: the manager's save is refused in plain words, nothing lost.
    await indicator.getByRole('button', { name: `Skriv analys för ${name}` }).click();
    await form.getByLabel('Analys').fill('Min version');
    const goals = (await (await admin.request.get('/api/goals/2024')).json()) as {
      malomraden: { mal: { indikatorer: { code: string; version: number }[] }[] }[];
    };
    const current = goals.malomraden
      .flatMap((a) => a.mal.flatMap((g) => g.indikatorer))
      .find((i) => i.code === 'HT_NOJD');
    const csrf = ((await (await admin.request.get('/api/me')).json()) as { csrfToken: string })
      .csrfToken;
    const theirs = await admin.request.put('/api/goals/2024/indicators/HT_NOJD/analysis', {
      data: { analysis: 'Ekonomens version', assessment: null, version: current?.version },
      headers: { 'x-csrf-token': csrf },
    });
    expect(theirs.status()).toBe(200);
    await form.getByRole('button', { name: 'Spara' }).click();
    await form.getByRole('alert').filter({ hasText: 'Någon annan har ändrat analysen' }).waitFor();
    await check(page, '10-mal-manager-conflict');
    await form.getByRole('button', { name: 'Avbryt' }).click();
    await expect.poll(() => textOf(indicator)).toContain('Ekonomens version');

    // The board is refused the goals and statistics, in the page and in the API.
    const board = await visitor();
    await signIn(board, 'namnd', 'Rapporter');
    expect(await nav(board).getByRole('link', { name: 'Mål' }).count()).toBe(0);
    await board.goto('/mal');
    expect(await textOf(board.getByRole('main'))).toContain('Nämnden läser färdiga rapporter.');
    expect((await board.request.get('/api/goals/2024')).status()).toBe(403);
    expect((await board.request.get('/api/statistics/2024')).status()).toBe(403);
  });

  it('switches the interface to English, keeping Swedish number formats, and back', async () => {
    const page = await asController();
    await page.getByRole('button', { name: 'English' }).click();
    await heading(page, 'Overview').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByRole('link', { name: '331 882 SEK thousand', exact: true }).waitFor();
    expect(await nav(page).count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Main menu' }).count()).toBe(1);
    await check(page, '07-english-overview');

    await page.getByRole('button', { name: 'Svenska' }).click();
    await heading(page, 'Översikt').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    await page.getByRole('link', { name: UTFALL_2024, exact: true }).waitFor();
  });

  it('shows a board member only the notice', async () => {
    const page = await visitor();
    await signIn(page, 'namnd', 'Rapporter');
    expect(await textOf(page.getByRole('main'))).toContain('Nämnden läser färdiga rapporter.');
    expect(await nav(page).getByRole('link').allTextContents()).toEqual(['Rapporter', 'Dokument']);
    expect(await page.getByRole('table').count()).toBe(0);
    await check(page, '08-namnd');
  });
});
