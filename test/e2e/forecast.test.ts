import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  check,
  heading,
  nav,
  plain,
  settled,
  signIn,
  useDemoInChromium,
  visitor,
} from './browser.ts';

/**
 * The monthly forecast cycle in Chromium, as the demo users work it: the home-care manager
 * forecasts December from a proposal and must explain the deviation before submitting, the
 * verksamhetschef approves it, the controller closes the month (the form is locked) and reopens it
 * with a reason. Every page state is checked with axe-core and kept as a screenshot.
 */

/** A tkr field's text as a number: "12 345,5" → 12345.5 (test arithmetic only). */
function tkrNumber(text: string): number {
  return Number(text.replace(/[\s\u00a0]/g, '').replace(',', '.'));
}

describe('the forecast pages in Chromium', () => {
  const running = useDemoInChromium();
  /** The home-care manager's ansvar as the form names it: "1234 Hemtjänst … Norr". */
  let unit = '';

  async function signedIn(username: string, firstHeading = 'Översikt'): Promise<Page> {
    const page = await visitor(running(), 1400);
    await signIn(page, username, firstHeading);
    return page;
  }

  /** Prognosöversikt for December 2024, by the menu. */
  async function overviewOfDecember(page: Page): Promise<Locator> {
    await nav(page).getByRole('link', { name: 'Prognos' }).click();
    await heading(page, 'Prognos').waitFor();
    await page
      .getByRole('navigation', { name: 'Prognossidor' })
      .getByRole('link', { name: 'Prognosöversikt' })
      .click();
    await heading(page, 'Prognosöversikt').waitFor();
    await page.getByLabel('Månad', { exact: true }).selectOption('12');
    const table = page.getByRole('table', { name: 'Prognoser per ansvar, december 2024 (tkr)' });
    await table.waitFor();
    await settled(page);
    return table;
  }

  function rowOf(table: Locator, page: Page): Locator {
    return table
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: unit, exact: true }) });
  }

  it('lets the manager forecast from a proposal, and submit only with an explanation', async () => {
    const page = await signedIn('ec.hemtjanst');
    await nav(page).getByRole('link', { name: 'Prognos' }).click();
    await heading(page, 'Prognos').waitFor();
    await page.getByLabel('Månad', { exact: true }).selectOption('12');
    const form = page.getByRole('table', { name: /^Helårsprognos för .+, december 2024:/ });
    await form.waitFor();
    await settled(page);
    const caption = plain(await form.locator('caption').textContent());
    unit = /^Helårsprognos för (.+), december 2024:/.exec(caption)?.[1] ?? '';
    expect(unit).toMatch(/^\S+ Hemtjänst.*Norr$/);
    expect(plain(await page.getByRole('term').first().textContent())).toBe('Status');
    expect(await form.getByRole('columnheader').allTextContents()).toEqual([
      'Del',
      'Budget helår',
      'Utfall t.o.m. december 2024',
      'Budget',
      'Utfall + budget',
      'Linjär',
      'Fjolårsprofil',
      'Åtgärder',
      'Din prognos',
    ]);
    await check(page, 'forecast-01-form-empty');

    // Take the linear proposal: the three fields hold its figures, the total its total.
    await page.getByRole('button', { name: 'Använd Linjär' }).click();
    const personal = page.getByLabel('Personalkostnader, prognos (tkr)');
    const linjar = tkrNumber(await personal.inputValue());
    expect(linjar).toBeGreaterThan(0);
    // Then say staff costs end 2 000 tkr above it: a deviation that must be explained.
    await personal.fill(String(Math.round(linjar + 2000)));
    const required = page.getByRole('definition').filter({ hasText: /^(Ja|Nej)$/ });
    await expect.poll(() => required.textContent()).toBe('Ja');
    const reason = page.getByLabel(/^Orsak/);
    expect(await reason.getAttribute('aria-required')).toBe('true');
    expect(
      plain(
        await page.locator(`label[for="${(await reason.getAttribute('id')) ?? ''}"]`).textContent(),
      ),
    ).toBe('Orsak (obligatoriskt)');

    await page.getByRole('button', { name: 'Lämna in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(plain(await alert.textContent())).toContain('välj en orsak och skriv en förklaring');
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    await check(page, 'forecast-02-form-explanation-required');

    await reason.selectOption('bemanning');
    await page.getByLabel(/^Förklaring/).fill('Fler timmar i hemtjänsten sedan maj.');
    await page.getByRole('button', { name: 'Lämna in' }).click();
    await page.getByRole('status').filter({ hasText: 'Prognosen är inlämnad.' }).waitFor();
    const status = page.getByRole('definition').first();
    await expect.poll(async () => plain(await status.textContent())).toBe('inlämnad');
    // A submitted forecast is no longer editable by its manager.
    expect(await page.getByRole('button', { name: 'Lämna in' }).count()).toBe(0);
    await check(page, 'forecast-03-form-submitted');
  });

  it('lets the verksamhetschef approve the submitted forecast in the overview', async () => {
    const page = await signedIn('vc.vard');
    const table = await overviewOfDecember(page);
    const row = rowOf(table, page);
    expect(plain(await row.getByRole('cell').first().textContent())).toBe('inlämnad');
    expect(plain(await row.textContent())).toContain('Förklaring krävs');
    await check(page, 'forecast-04-overview-submitted');
    await row.getByRole('button', { name: `Godkänn ${unit}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Prognosen för ${unit} är godkänd.` })
      .waitFor();
    await expect
      .poll(async () => plain(await row.getByRole('cell').first().textContent()))
      .toBe('godkänd');
    await check(page, 'forecast-05-overview-approved');
  });

  it('lets the controller close the month, which locks the form, and reopen it with a reason', async () => {
    const page = await signedIn('ekonom');
    const table = await overviewOfDecember(page);
    await page.getByRole('button', { name: 'Stäng månaden' }).click();
    await page.getByText('Stänga december 2024?').waitFor();
    await check(page, 'forecast-06-close-confirm');
    await page.getByRole('button', { name: 'Ja, stäng månaden' }).click();
    const closed = page.getByRole('status').filter({ hasText: 'december 2024 är stängd.' });
    await closed.waitFor();
    // The ansvar that had not submitted are listed; the approved one is not among them.
    expect(plain(await closed.textContent())).toContain('Ansvar utan inlämnad prognos');
    expect(plain(await closed.getByRole('list').textContent())).not.toContain(unit);
    await check(page, 'forecast-07-closed');

    // The form of the month: shown, locked, with a clear note.
    await rowOf(table, page).getByRole('link', { name: unit, exact: true }).click();
    await heading(page, 'Prognos').waitFor();
    await page
      .getByText(/^december 2024 är stängd av .+: prognosen visas men kan inte ändras/)
      .waitFor();
    await settled(page);
    expect(
      await page.getByLabel('Personalkostnader, prognos (tkr)').getAttribute('readonly'),
    ).not.toBeNull();
    expect(await page.getByRole('button', { name: 'Spara utkast' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Använd / }).count()).toBe(0);
    await check(page, 'forecast-08-form-closed');

    await page
      .getByRole('navigation', { name: 'Prognossidor' })
      .getByRole('link', { name: 'Prognosöversikt' })
      .click();
    await heading(page, 'Prognosöversikt').waitFor();
    await page.getByRole('button', { name: 'Öppna igen' }).click();
    await page.getByRole('button', { name: 'Öppna månaden' }).click();
    await page.getByRole('alert').filter({ hasText: 'Varför öppnas månaden igen?' }).waitFor();
    await page.getByLabel(/^Varför öppnas månaden igen\?/).fill('Rättad periodisering av löner.');
    await page.getByRole('button', { name: 'Öppna månaden' }).click();
    await page.getByRole('status').filter({ hasText: 'december 2024 är öppen igen.' }).waitFor();
    const events = page.getByRole('table', { name: 'Stängningar och öppningar, december 2024' });
    await events.waitFor();
    const rows = (await events.locator('tbody').getByRole('row').allTextContents()).map(plain);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('Stängd');
    expect(rows[1]).toContain('Öppnad igen');
    expect(rows[1]).toContain('Rättad periodisering av löner.');
    await check(page, 'forecast-09-reopened');
  });

  it("shows the year's forecast accuracy as a chart and a table", async () => {
    const page = await signedIn('ekonom');
    await nav(page).getByRole('link', { name: 'Prognos' }).click();
    await page
      .getByRole('navigation', { name: 'Prognossidor' })
      .getByRole('link', { name: 'Prognossäkerhet' })
      .click();
    await heading(page, 'Prognossäkerhet').waitFor();
    const table = page.getByRole('table', {
      name: 'Prognossäkerhet 2024, summa inlämnade prognoser (tkr)',
    });
    await table.waitFor();
    await page.getByRole('img', { name: /^Diagram: prognosens/ }).waitFor();
    const december = table.getByRole('row').filter({ hasText: 'december 2024' });
    expect(await december.count()).toBe(1);
    expect(plain(await december.textContent())).toMatch(/%/);
    await check(page, 'forecast-10-accuracy');
  });

  it('refuses a save made on stale data, says so, and reads the forecast again', async () => {
    // Two people (here the controller in two windows) open the same empty forecast.
    const first = await signedIn('ekonom');
    const second = await signedIn('ekonom');
    for (const page of [first, second]) {
      await page.goto('/prognos?year=2024&month=12&ansvar=1010');
      await page
        .getByRole('table', { name: /^Helårsprognos för 1010 .+, december 2024:/ })
        .waitFor();
      await settled(page);
    }
    await first.getByRole('button', { name: 'Använd Budget' }).click();
    await first.getByRole('button', { name: 'Spara utkast' }).click();
    await first.getByRole('status').filter({ hasText: 'Utkastet är sparat.' }).waitFor();

    await second.getByRole('button', { name: 'Använd Linjär' }).click();
    const linjar = await second.getByLabel('Övriga kostnader, prognos (tkr)').inputValue();
    await second.getByRole('button', { name: 'Spara utkast' }).click();
    const alert = second.getByRole('alert');
    await alert.waitFor();
    expect(plain(await alert.textContent())).toContain('har ändrats av någon annan');
    // The figures typed are kept until the person chooses to read again.
    expect(await second.getByLabel('Övriga kostnader, prognos (tkr)').inputValue()).toBe(linjar);
    await check(second, 'forecast-11-conflict');
    await second.getByRole('button', { name: 'Läs in igen' }).click();
    await expect
      .poll(async () => plain(await second.getByRole('definition').nth(1).textContent()))
      .toBe('Budget');
    expect(await second.getByRole('alert').count()).toBe(0);
  });

  it('shows the board no forecast pages', async () => {
    const page = await signedIn('namnd', 'Rapporter');
    expect(await nav(page).getByRole('link', { name: 'Prognos' }).count()).toBe(0);
  });
});
