import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { check, heading, plain, settled, signIn, useDemoInChromium, visitor } from './browser.ts';

/**
 * The Dokument page in Debian's Chromium, on the demo municipality: the controller finds the
 * årsbokslut and the åtgärdsplan, downloads them, writes a section's text (and is told, not
 * overwritten, when someone else wrote it meanwhile), gives a section to a manager and fastställer;
 * the manager may write that section only; the board sees the fastställda documents only.
 */

interface DocumentAnswer {
  document: { id: number; status: string };
  sections: {
    key: string;
    title: string;
    editable: boolean;
    text: { rowVersion: number } | null;
  }[];
}

describe('the Dokument page in Chromium', () => {
  const running = useDemoInChromium();

  async function signedIn(username: string, firstHeading: string): Promise<Page> {
    const page = await visitor(running());
    await signIn(page, username, firstHeading);
    return page;
  }

  async function openDocuments(page: Page, year: number): Promise<void> {
    await page
      .getByRole('navigation', { name: 'Huvudmeny' })
      .getByRole('link', { name: 'Dokument' })
      .click();
    await heading(page, 'Dokument').waitFor();
    await settled(page);
    await page.getByLabel('År', { exact: true }).selectOption(String(year));
    await page.getByRole('table', { name: `Dokument ${year}` }).waitFor();
  }

  /** Clicks a download link and answers the file's bytes; a file not made fails with the page's alert. */
  async function download(page: Page, name: string): Promise<Buffer> {
    const refused = page.getByRole('alert').filter({ hasText: 'kunde inte skapas' });
    const [file] = await Promise.all([
      Promise.race([
        page.waitForEvent('download'),
        refused.waitFor().then(async () => {
          throw new Error(plain(await refused.textContent()));
        }),
      ]),
      page.getByRole('link', { name, exact: true }).click(),
    ]);
    return readFileSync(await file.path());
  }

  async function csrfOf(page: Page): Promise<string> {
    return ((await (await page.request.get('/api/me')).json()) as { csrfToken: string }).csrfToken;
  }

  function documentIdOf(page: Page): number {
    return Number(/\/dokument\/(\d+)/.exec(page.url())?.[1]);
  }

  let controller: Page;

  it('lists the årsbokslut 2024 and the åtgärdsplan 2023-03-31', async () => {
    controller = await signedIn('ekonom', 'Översikt');
    await openDocuments(controller, 2024);
    const row = controller
      .getByRole('row')
      .filter({ has: controller.getByRole('rowheader', { name: /^Årsbokslut 2024/ }) });
    expect(plain(await row.textContent())).toContain('Utkast');
    await check(controller, 'dokument-01-list-2024');

    const html = await download(controller, 'Ladda ned Årsbokslut 2024, version 1 som HTML');
    expect(html.toString('utf8')).toContain('Årsbokslut 2024');

    await controller.getByLabel('År', { exact: true }).selectOption('2023');
    await controller
      .getByRole('table', { name: 'Dokument 2023' })
      .getByRole('link', { name: 'Åtgärdsplan 2023-03-31', exact: true })
      .waitFor();
  });

  it('creates drafts through the page (an årsbokslut, a månadsrapport) and opens them', async () => {
    await openDocuments(controller, 2023);
    expect(
      await controller.getByRole('link', { name: 'Årsbokslut 2023', exact: true }).count(),
    ).toBe(0);
    await controller.getByRole('button', { name: 'Nytt utkast' }).click();
    const form = controller.getByRole('form', { name: 'Skapa ett utkast' });
    await form.getByLabel('Dokument', { exact: true }).selectOption({ label: 'Årsbokslut' });
    await form.getByLabel('År', { exact: true }).selectOption('2023');
    await check(controller, 'dokument-01-create');
    await form.getByRole('button', { name: 'Skapa utkast' }).click();
    await heading(controller, /Årsbokslut 2023/).waitFor();
    await settled(controller);
    expect(plain(await controller.getByRole('main').textContent())).toContain('Utkast');

    // Its first text, offered next year as "förra årets text".
    const write = controller.getByRole('button', { name: /^Skriv texten i / }).first();
    const title = ((await write.textContent()) ?? '').replace(/^Skriv texten i /, '');
    await write.click();
    const textForm = controller.getByRole('form', { name: `Text: ${title}` });
    await textForm.getByRole('textbox').fill('Förra årets översikt.');
    await textForm.getByRole('button', { name: 'Spara', exact: true }).click();
    await controller
      .getByRole('region', { name: title, exact: true })
      .getByRole('status')
      .filter({ hasText: 'Texten är sparad.' })
      .waitFor();

    // A månadsrapport by the fiscal year's month.
    await openDocuments(controller, 2024);
    await controller.getByRole('button', { name: 'Nytt utkast' }).click();
    await form.getByLabel('Dokument', { exact: true }).selectOption({ label: 'Månadsrapport' });
    await form.getByLabel('År', { exact: true }).selectOption('2024');
    await form.getByLabel('Månad', { exact: true }).selectOption({ label: 'mars' });
    await form.getByRole('button', { name: 'Skapa utkast' }).click();
    await heading(controller, 'Månadsrapport per 31 mars 2024').waitFor();
  });

  it('downloads the åtgärdsplan as PDF, and the årsbokslut as DOCX and PDF, from the list', async () => {
    await openDocuments(controller, 2023);
    const plan = await download(controller, 'Ladda ned Åtgärdsplan 2023-03-31, version 1 som PDF');
    expect(plan.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await controller.getByLabel('År', { exact: true }).selectOption('2024');
    await controller.getByRole('table', { name: 'Dokument 2024' }).waitFor();
    const docx = await download(controller, 'Ladda ned Årsbokslut 2024, version 1 som Word (DOCX)');
    expect(docx.subarray(0, 2).toString('latin1')).toBe('PK'); // a zip, as every DOCX is
    expect(docx.includes(Buffer.from('word/document.xml'))).toBe(true);
    const pdf = await download(controller, 'Ladda ned Årsbokslut 2024, version 1 som PDF');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  let arsbokslut: number;
  let section = '';

  it('writes a section’s text, and says so when someone else wrote it meanwhile', async () => {
    await openDocuments(controller, 2024);
    await controller.getByRole('link', { name: 'Årsbokslut 2024', exact: true }).click();
    await heading(controller, /Årsbokslut 2024/).waitFor();
    await settled(controller);
    arsbokslut = documentIdOf(controller);
    await check(controller, 'dokument-02-arsbokslut');

    const write = controller.getByRole('button', { name: /^Skriv texten i / }).first();
    section = ((await write.textContent()) ?? '').replace(/^Skriv texten i /, '');
    const region = controller.getByRole('region', { name: section, exact: true });
    await write.click();
    const form = controller.getByRole('form', { name: `Text: ${section}` });
    const box = form.getByRole('textbox', { name: `Text: ${section}` });
    await form.getByRole('button', { name: 'Använd förra årets text' }).click();
    expect(await box.inputValue()).toBe('Förra årets översikt.');
    await box.fill('Nämnden höll budgeten.\n\n- Hemtjänsten\n- Försörjningsstödet');
    await form.getByRole('button', { name: 'Spara', exact: true }).click();
    await region.getByRole('status').filter({ hasText: 'Texten är sparad.' }).waitFor();
    expect(plain(await region.textContent())).toContain('Nämnden höll budgeten.');
    expect(await region.getByRole('listitem').allTextContents()).toEqual([
      'Hemtjänsten',
      'Försörjningsstödet',
    ]);
    expect(plain(await region.textContent())).toContain('Skriven av ekonom');

    // Someone else saves while the form is open: the save is refused and the writer chooses.
    await region.getByRole('button', { name: `Skriv texten i ${section}` }).click();
    await box.fill('Min version.');
    const read = (await (
      await controller.request.get(`/api/documents/${arsbokslut}`)
    ).json()) as DocumentAnswer;
    const current = read.sections.find((s) => s.title === section);
    const theirs = await controller.request.put(
      `/api/documents/${arsbokslut}/sections/${encodeURIComponent(current?.key ?? '')}`,
      {
        data: { html: '<p>Deras version.</p>', rowVersion: current?.text?.rowVersion ?? null },
        headers: { 'x-csrf-token': await csrfOf(controller) },
      },
    );
    expect(theirs.status()).toBe(200);
    await form.getByRole('button', { name: 'Spara', exact: true }).click();
    const alert = region.getByRole('alert').filter({ hasText: 'Någon annan har ändrat texten' });
    await alert.waitFor();
    expect(await box.inputValue()).toBe('Min version.');
    await check(controller, 'dokument-03-conflict');
    await alert.getByRole('button', { name: 'Läs in den nya texten' }).click();
    expect(await box.inputValue()).toBe('Deras version.');
    await form.getByRole('button', { name: 'Avbryt', exact: true }).click();
    expect(plain(await region.textContent())).toContain('Deras version.');
  });

  it('gives a section to a manager, who may write that section and no other', async () => {
    await controller.goto(`/dokument/${arsbokslut}`);
    await settled(controller);
    const region = controller.getByRole('region', { name: section, exact: true });
    await region.getByLabel(`Vem skriver ${section}`).selectOption('vc.vard');
    await region.getByRole('button', { name: `Spara vem som skriver ${section}` }).click();
    await region.getByRole('status').filter({ hasText: 'Sparat.' }).waitFor();

    const manager = await signedIn('vc.vard', 'Översikt');
    await openDocuments(manager, 2024);
    await manager.getByRole('link', { name: 'Årsbokslut 2024', exact: true }).click();
    await heading(manager, /Årsbokslut 2024/).waitFor();
    await settled(manager);
    expect(
      await manager.getByRole('button', { name: /^Skriv texten i / }).allTextContents(),
    ).toEqual([`Skriv texten i ${section}`]);
    expect(await manager.getByRole('button', { name: /^Fastställ/ }).count()).toBe(0);
    expect(await manager.getByRole('combobox', { name: /^Vem skriver/ }).count()).toBe(0);
    const contents = manager.getByRole('navigation', { name: 'Innehåll' });
    const mine = contents.getByRole('listitem').filter({ hasText: 'du skriver' });
    expect(plain(await mine.textContent())).toBe(`${section} (du skriver)`);
    await manager.getByRole('button', { name: `Skriv texten i ${section}` }).click();
    await manager
      .getByRole('textbox', { name: `Text: ${section}` })
      .fill('Verksamhetschefens text.');
    await manager.getByRole('button', { name: 'Spara', exact: true }).click();
    const region2 = manager.getByRole('region', { name: section, exact: true });
    await region2.getByRole('status').filter({ hasText: 'Texten är sparad.' }).waitFor();
    expect(plain(await region2.textContent())).toContain('Verksamhetschefens text.');
    await check(manager, 'dokument-04-manager');
    await manager.context().close();
  });

  it('fastställer the åtgärdsplan after asking, then starts a new version of it', async () => {
    await openDocuments(controller, 2023);
    await controller.getByRole('link', { name: 'Åtgärdsplan 2023-03-31', exact: true }).click();
    await heading(controller, /2023/).waitFor();
    await settled(controller);
    await controller.getByRole('button', { name: 'Fastställ …' }).click();
    const question = controller.getByRole('group', { name: /^Fastställa Åtgärdsplan 2023-03-31/ });
    await check(controller, 'dokument-05-faststall-question');
    await question.getByRole('button', { name: 'Ja, fastställ' }).click();
    await controller.getByRole('status').filter({ hasText: 'Dokumentet är fastställt.' }).waitFor();
    await controller.getByRole('button', { name: 'Starta en ny version' }).waitFor();
    expect(plain(await controller.getByRole('main').textContent())).toMatch(
      /Fastställd \d{4}-\d\d-\d\d \d\d:\d\d av /,
    );
    expect(await controller.getByRole('button', { name: /^Skriv texten i / }).count()).toBe(0);
    const faststalld = documentIdOf(controller);
    await controller.getByRole('button', { name: 'Starta en ny version' }).click();
    await expect.poll(() => documentIdOf(controller)).not.toBe(faststalld);
    await settled(controller);
    const answer = (await (
      await controller.request.get(`/api/documents/${documentIdOf(controller)}`)
    ).json()) as DocumentAnswer;
    expect(answer.document.status).toBe('utkast');
    await controller.getByRole('button', { name: 'Fastställ …' }).waitFor();
  });

  it('shows the board the fastställda documents only', async () => {
    const board = await signedIn('namnd', 'Rapporter');
    await openDocuments(board, 2023);
    const table = board.getByRole('table', { name: 'Dokument 2023' });
    const rows = table.getByRole('row');
    expect(await rows.count()).toBe(2); // the header and version 1 of the åtgärdsplan
    expect(
      await board.getByLabel('År', { exact: true }).locator('option').allTextContents(),
    ).not.toContain('2024');
    expect(plain(await table.textContent())).toContain('Fastställd');
    expect(plain(await table.textContent())).not.toContain('Utkast');
    await check(board, 'dokument-06-board');

    const all = (await (await board.request.get('/api/documents')).json()) as {
      documents: { status: string }[];
    };
    expect(all.documents.length).toBeGreaterThan(0);
    expect(all.documents.every((d) => d.status === 'faststalld')).toBe(true);
    expect(await board.getByRole('button', { name: /^Skriv texten i |^Fastställ/ }).count()).toBe(
      0,
    );

    // The fastställd document, read only.
    await table.getByRole('link', { name: 'Åtgärdsplan 2023-03-31', exact: true }).click();
    await heading(board, 'Åtgärdsplan per 31 mars 2023').waitFor();
    await settled(board);
    expect(plain(await board.getByRole('main').textContent())).toContain(
      'Fastställt: texterna kan inte ändras.',
    );
    expect(
      await board
        .getByRole('button')
        .filter({ hasText: /Skriv texten|Fastställ|version/ })
        .count(),
    ).toBe(0);
    await check(board, 'dokument-07-board-document');
    await board.getByRole('link', { name: 'Alla dokument' }).click();
    await table.waitFor();

    await board.getByRole('button', { name: 'English' }).click();
    await heading(board, 'Documents').waitFor();
    await board.getByRole('table', { name: 'Documents 2023' }).getByText('Adopted').waitFor();
    await board
      .getByRole('link', { name: 'Download Action plan 2023-03-31, version 1 as Word (DOCX)' })
      .waitFor();
    await check(board, 'dokument-08-board-english');
    await board.context().close();
  });
});
