import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, launchChromium } from '../../../test/e2e/browser.ts';
import { renderDocument } from './index.ts';
import {
  AWKWARD,
  documentTables,
  fixtureDocument,
  formattedRows,
  sectionTitles,
} from './render.fixture.ts';

/** The page as a browser shows it, in Debian's Chromium, checked by axe-core. */

let browser: Browser;
let page: Page;
let html: string;

beforeAll(async () => {
  const rendered = await renderDocument(fixtureDocument, 'html');
  expect(rendered.contentType).toBe('text/html; charset=utf-8');
  html = new TextDecoder().decode(rendered.bytes);
  browser = await launchChromium();
  page = await browser.newPage();
  // No network: the page must stand on its own.
  await page.route('**/*', (route) => route.abort());
  await page.setContent(html, { waitUntil: 'load' });
});

afterAll(async () => {
  await browser.close();
});

describe('renderDocument as HTML', () => {
  it('passes axe-core (WCAG 2.1 A and AA)', async () => {
    await expectNoAxeViolations(page, 'the document page');
  });

  it('is Swedish, titled, and has the sections as headings in order', async () => {
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('sv');
    expect(await page.title()).toBe(fixtureDocument.title);
    const headings = await page.evaluate<{ level: number; text: string }[]>(
      `Array.from(document.querySelectorAll('main h2, main h3, main h4, main h5, main h6'))
        .filter((h) => h.id.startsWith('avsnitt-'))
        .map((h) => ({ level: Number(h.tagName.slice(1)), text: h.textContent }))`,
    );
    expect(headings).toEqual(
      sectionTitles(fixtureDocument.sections).map(({ title, depth }) => ({
        level: depth + 1,
        text: title,
      })),
    );
  });

  it('has every table with its caption and its rows in order', async () => {
    const tables = await page.evaluate<{ caption: string; rows: string[][] }[]>(
      `Array.from(document.querySelectorAll('table')).map((t) => ({
        caption: t.caption.textContent,
        rows: Array.from(t.rows).map((r) => Array.from(r.cells).map((c) => c.textContent)),
      }))`,
    );
    const expected = documentTables(fixtureDocument);
    expect(tables.map((t) => t.rows)).toEqual(expected.map(formattedRows));
    expect(tables[0]?.caption).toBe('Driftresultat per verksamhet (tkr)');
  });

  it('right-aligns the number columns', async () => {
    const align = await page.evaluate<string[]>(
      `Array.from(document.querySelector('table').rows[2].cells).map((c) => getComputedStyle(c).textAlign)`,
    );
    expect(align).toEqual(['left', 'right', 'right', 'right', 'right']);
  });

  it('draws the chart as an image with its description', async () => {
    const chart = await page.evaluate<{ role: string | null; label: string }>(
      `(() => { const svg = document.querySelector('svg');
        const label = svg.getAttribute('aria-labelledby').split(' ').map((id) => document.getElementById(id).textContent).join(' ');
        return { role: svg.getAttribute('role'), label }; })()`,
    );
    expect(chart.role).toBe('img');
    expect(chart.label).toContain('Stapeldiagram: resultatet gick');
  });

  it('escapes every string of the model', async () => {
    expect(html).not.toContain('<b>"citat"</b>');
    const texts = await page.evaluate<string[]>(
      `Array.from(document.querySelectorAll('h2, p, th')).map((e) => e.textContent)`,
    );
    expect(texts.filter((t) => t === AWKWARD).length).toBeGreaterThanOrEqual(3);
  });
});
