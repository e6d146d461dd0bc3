import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { createDemoUsers, DEMO_PASSWORD, type DemoUser } from '../../src/demo/demo.service.ts';
import { startServer, type RunningServer } from '../../src/server/serve.ts';
import { useDemoDatabase } from '../demo-db.ts';

/** Debian's Chromium (apt-get install chromium), as CI installs it. */
export const CHROMIUM = process.env['BALANS_CHROMIUM'] ?? '/usr/bin/chromium';

/** The flags this machine needs: no sandbox as root, and no background traffic to a closed network. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** Screenshots are test artifacts (test-artifacts/screenshots), kept after the run. */
export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

interface AxeResult {
  violations: {
    id: string;
    impact: string | null;
    help: string;
    nodes: { target: string[]; failureSummary?: string }[];
  }[];
}

/** axe-core's WCAG 2.1 A and AA rules on the page as it is now: no violations allowed. */
export async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  // Run in the page (a string: the tests are compiled without the DOM's types). The app's
  // Content-Security-Policy refuses inline scripts (addScriptTag); an evaluation from the test is
  // not a script of the page, so axe-core comes in that way and the policy stays on.
  await page.evaluate(`if (typeof window.axe !== 'object') { ${axe.source} }`);
  const result = await page.evaluate<AxeResult>(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })`,
  );
  const described = result.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? '?'}): ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join('; ')}`,
  );
  expect(described, `axe-core on ${where}`).toEqual([]);
}

/** axe-core on the page as it is now (once nothing is fetching), then its screenshot. */
export async function check(page: Page, name: string): Promise<void> {
  await settled(page);
  await expectNoAxeViolations(page, name);
  await screenshot(page, name);
}

/** Text as a person reads it: Swedish number formats use no-break spaces, tests write spaces. */
export function plain(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** Waits until no part of the page is still fetching ("Hämtar …"). */
export async function settled(page: Page): Promise<void> {
  const loading = page.getByRole('status').filter({ hasText: 'Hämtar …' });
  await expect.poll(() => loading.count(), { timeout: 30_000 }).toBe(0);
}

/** The page's heading; a string names it exactly. */
export function heading(page: Page, name: string | RegExp): Locator {
  return page.getByRole('heading', { level: 1, name, exact: typeof name === 'string' });
}

/** The app's main menu. */
export function nav(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Huvudmeny' });
}

export interface DemoInChromium {
  server: RunningServer;
  browser: Browser;
  users: DemoUser[];
}

/**
 * The demo municipality (PGlite) with its demo users, served with the built web app, and a
 * Chromium, for the tests of one describe block.
 */
export function useDemoInChromium(): () => DemoInChromium {
  const demo = useDemoDatabase('pglite');
  let running: DemoInChromium | undefined;
  beforeAll(async () => {
    const users = await createDemoUsers(demo());
    const [server, browser] = await Promise.all([
      startServer(demo(), { port: 0, hostname: '127.0.0.1', webRoot: inject('webRoot') }),
      launchChromium(),
    ]);
    running = { server, browser, users };
  });
  afterAll(async () => {
    await running?.browser.close(); // and with it every page
    await running?.server.close();
  });
  return () => {
    if (!running) throw new Error('the server and Chromium are not started yet');
    return running;
  };
}

/** A new visitor: no cookies, no stored language, a window `width` pixels wide. */
export async function visitor({ server, browser }: DemoInChromium, width = 1280): Promise<Page> {
  const context = await browser.newContext({
    baseURL: server.url,
    locale: 'sv-SE',
    viewport: { width, height: 900 },
  });
  context.setDefaultTimeout(30_000);
  return context.newPage();
}

/** Signs a demo user in on the sign-in page and waits for the first page. */
export async function signIn(
  page: Page,
  username: string,
  firstHeading = 'Översikt',
): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Användarnamn').fill(username);
  await page.getByLabel('Lösenord').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await heading(page, firstHeading).waitFor();
  await settled(page);
}
