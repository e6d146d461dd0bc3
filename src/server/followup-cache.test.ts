import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  addUser,
  client,
  signIn,
  signInController,
  type App,
  type Signed,
} from '../../test/api.ts';
import { csvFile, useDemoDatabase } from '../../test/demo-db.ts';
import { ENGINES } from '../../test/test-db.ts';
import { currentVersions } from '../db/data-version.ts';
import { openDatabase } from '../db/database.ts';
import { demoFiles } from '../demo/exempelkommun.ts';
import { overviewOf } from '../followup/followup.service.ts';
import { createApp } from './app.ts';

/**
 * The follow-up remembers its answers per data version (src/followup/followup.cache.ts): these
 * tests ask the same server before and after a change, and expect the change at once.
 */

interface Figures {
  budgetYear: number;
  budget: number;
  utfall: number;
}

interface OverviewBody {
  total: Figures;
  areas: (Figures & { code: string; name: string })[];
  series: { month: number; utfall: number | null }[];
}

interface DrillBody {
  rows: { code: string; utfall: number; budget: number }[];
}

interface VoucherBody {
  rows: { text: string }[];
  count: number;
  sum: number;
}

const VOUCHERS = '/api/drilldown/vouchers?year=2024&ansvar=1010&konto=5011&limit=1000';

async function body<T>(response: Response | Promise<Response>): Promise<T> {
  const answer = await response;
  expect(answer.status).toBe(200);
  return (await answer.json()) as T;
}

const overview = (app: App, signed: Signed) =>
  body<OverviewBody>(client(app, signed).get('/api/overview?year=2024'));

/** The demo's 2024 ledger with one more voucher: 10 000 kr of salary on ansvar 1010 in March. */
function demo2024WithOneMoreVoucher(): Buffer {
  const file = demoFiles().find((f) => f.name === 'exempelkommun-2024.se');
  if (!file) throw new Error('the demo has no 2024 file');
  // Without its checksum (#KSUMMA), which the added voucher would break.
  const lines = [
    ...file.lines.filter((line) => !line.startsWith('#KSUMMA')),
    '#VER A 9999 20240315 "Lön, rättelse"',
    '{',
    '#TRANS 5011 {1 1010 2 5100} 10000.00',
    '#TRANS 1930 {} -10000.00',
    '}',
  ];
  return iconv.encode(lines.join('\r\n') + '\r\n', 'cp437');
}

describe.each(ENGINES)('remembered follow-up answers on %s', (engine) => {
  const demo = useDemoDatabase(engine);

  it('shows an SIE import in the overview and the drill-down of the server that imported it', async () => {
    const app = createApp(demo());
    const controller = await signInController(app);
    const api = client(app, controller);
    const before = await overview(app, controller);
    // Asked again: the same answer (now remembered).
    expect(await overview(app, controller)).toEqual(before);
    const drillBefore = await body<DrillBody>(api.get('/api/drilldown?year=2024&by=ansvar'));
    const vouchersBefore = await body<VoucherBody>(api.get(VOUCHERS));
    const utfallOf = (drill: DrillBody) => drill.rows.find((r) => r.code === '1010')?.utfall;

    const imported = await api.upload(
      '/api/imports/sie?fileName=exempelkommun-2024.se',
      demo2024WithOneMoreVoucher(),
    );
    expect(imported.status, await imported.clone().text()).toBe(201);

    const after = await overview(app, controller);
    // In tkr: 10 000 kr more, in March.
    expect(after.total.utfall).toBe(before.total.utfall + 10);
    expect(after.series[2]?.utfall).toBe((before.series[2]?.utfall ?? 0) + 10);
    const drillAfter = await body<DrillBody>(api.get('/api/drilldown?year=2024&by=ansvar'));
    expect(utfallOf(drillAfter)).toBe((utfallOf(drillBefore) ?? 0) + 1_000_000);
    const vouchers = await body<VoucherBody>(api.get(VOUCHERS));
    expect(vouchers.count).toBe(vouchersBefore.count + 1);
    expect(vouchers.sum).toBe(vouchersBefore.sum + 1_000_000);
    expect(vouchers.rows.map((r) => r.text)).toContain('Lön, rättelse');
  });

  it('shows a budget import in the overview at once', async () => {
    const app = createApp(demo());
    const controller = await signInController(app);
    const before = await overview(app, controller);
    expect(before.total.budgetYear).not.toBe(1200);
    const imported = await client(app, controller).upload(
      '/api/imports/budget?fileName=budget.csv&year=2024&version=Cache&current=true',
      csvFile(['ansvar;verksamhet;konto;belopp', '1010;5100;5011;1200000']),
    );
    expect(imported.status).toBe(201);
    const after = await overview(app, controller);
    expect(after.total.budgetYear).toBe(1200);
  });

  it("never serves one user's answer to another, and follows a changed scope and a renamed unit", async () => {
    const app = createApp(demo());
    const controller = await signInController(app);
    // The managers ask first, so that a wrongly shared answer would reach the controller.
    const eva = await addUser(app, controller, {
      username: 'eva',
      role: 'enhetschef',
      scope: ['IFO'],
    });
    const vera = await addUser(app, controller, {
      username: 'vera',
      role: 'verksamhetschef',
      scope: ['VOO'],
    });
    const ofEva = await overview(app, eva);
    const ofVera = await overview(app, vera);
    const ofAll = await overview(app, controller);
    expect(ofEva.areas.map((a) => a.code)).toEqual(['IFO']);
    expect(ofVera.areas.map((a) => a.code)).toEqual(['VOO']);
    expect(ofAll.areas.length).toBeGreaterThan(2);
    expect(ofEva.total.utfall).toBe(ofAll.areas.find((a) => a.code === 'IFO')?.utfall);
    expect(ofVera.total.utfall).toBe(ofAll.areas.find((a) => a.code === 'VOO')?.utfall);
    // Asked again, each gets their own.
    expect(await overview(app, eva)).toEqual(ofEva);
    expect(await overview(app, controller)).toEqual(ofAll);

    // Eva now also sees VOO: her next answer covers both.
    const users = await body<{ users: { id: number; username: string; version: number }[] }>(
      client(app, controller).get('/api/users'),
    );
    const evaRecord = users.users.find((u) => u.username === 'eva');
    if (!evaRecord) throw new Error('eva is missing');
    const changed = await client(app, controller).patch(`/api/users/${evaRecord.id}`, {
      scope: ['IFO', 'VOO'],
      version: evaRecord.version,
    });
    expect(changed.status).toBe(200);
    const widened = await overview(app, eva);
    expect(widened.areas.map((a) => a.code)).toEqual(['IFO', 'VOO']);
    expect(widened.total.utfall).toBe(ofEva.total.utfall + ofVera.total.utfall);

    // A renamed verksamhetsområde is named anew in the next answer.
    const organisation = await body<{ units: { code: string; version: number }[] }>(
      client(app, controller).get('/api/organisation'),
    );
    const ifo = organisation.units.find((u) => u.code === 'IFO');
    if (!ifo) throw new Error('IFO is missing');
    const renamed = await client(app, controller).patch('/api/organisation/units/IFO', {
      name: 'Individ och familj (nytt namn)',
      version: ifo.version,
    });
    expect(renamed.status).toBe(200);
    expect((await overview(app, controller)).areas.find((a) => a.code === 'IFO')?.name).toBe(
      'Individ och familj (nytt namn)',
    );
  });

  it('refuses a session at once when it is signed out, or its user changed or deleted', async () => {
    const app = createApp(demo());
    const controller = await signInController(app);
    const ask = async (signed: Signed) =>
      (await client(app, signed).get('/api/overview?year=2024')).status;
    const first = await addUser(app, controller, { username: 'frida', role: 'controller' });
    const second = await addUser(app, controller, { username: 'gustav', role: 'controller' });
    expect(await ask(first)).toBe(200);
    expect(await ask(first)).toBe(200);
    expect((await client(app, first).post('/api/auth/logout', {})).status).toBe(200);
    expect(await ask(first)).toBe(401);

    // A role taken away ends the user's sessions; a deleted user's sessions end with them.
    expect(await ask(second)).toBe(200);
    const users = await body<{ users: { id: number; username: string; version: number }[] }>(
      client(app, controller).get('/api/users'),
    );
    const gustav = users.users.find((u) => u.username === 'gustav');
    if (!gustav) throw new Error('gustav is missing');
    const demoted = await client(app, controller).patch(`/api/users/${gustav.id}`, {
      role: 'forvaltningschef',
      version: gustav.version,
    });
    expect(demoted.status).toBe(200);
    expect(await ask(second)).toBe(401);
    const again = await signIn(app, 'gustav', 'gustav har ett långt lösenord');
    expect(await ask(again)).toBe(200);
    expect((await client(app, controller).delete(`/api/users/${gustav.id}?version=2`)).status).toBe(
      200,
    );
    expect(await ask(again)).toBe(401);
  });

  it('bumps a data version once per committed change, and not for a rollback', async () => {
    const { db } = demo();
    const versions = async () => {
      const found = await currentVersions(db);
      if (found === undefined) throw new Error('no data version');
      return found;
    };
    const start = await versions();
    await sql`insert into activity (code, name) values ('9901', 'Test 1')`.execute(db);
    expect(await versions()).toEqual({ figures: start.figures + 1n, access: start.access });
    // One transaction writing two tables of figures: one version more.
    await demo().transaction(async (tx) => {
      await sql`insert into activity (code, name) values ('9902', 'Test 2')`.execute(tx.db);
      await sql`update account set name = name where konto = '5011'`.execute(tx.db);
    });
    expect((await versions()).figures).toBe(start.figures + 2n);
    await expect(
      demo().transaction(async (tx) => {
        await sql`insert into activity (code, name) values ('9903', 'Test 3')`.execute(tx.db);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect((await versions()).figures).toBe(start.figures + 2n);
    // The audit log is neither figures nor access.
    await sql`insert into audit_log (actor, action, target) values ('test', 'test', 'test')`.execute(
      db,
    );
    expect(await versions()).toEqual({ figures: start.figures + 2n, access: start.access });
    // A sign-in is a change of access only; simultaneous readers all see the versions as they stand.
    await signInController(createApp(demo()));
    const now = await Promise.all(Array.from({ length: 20 }, () => versions()));
    expect(now[0]?.figures).toBe(start.figures + 2n);
    expect(now[0]?.access).toBeGreaterThan(start.access);
    expect(now.every((v) => v.figures === now[0]?.figures && v.access === now[0].access)).toBe(
      true,
    );
  });

  it('answers a transaction that has written from its own data, not from memory', async () => {
    const handle = demo();
    await handle
      .transaction(async (tx) => {
        const before = await overviewOf(tx.db, { year: 2024 });
        // Not yet committed, so the data version still stands: only the transaction sees this.
        await sql`update ledger_balance set amount_ore = amount_ore + 500000
        where ctid = (select ctid from ledger_balance b
          where b.fiscal_year_id = (select id from fiscal_year where start_date = '2024-01-01')
            and b.period = 202401 and b.konto = '5011' limit 1)`.execute(tx.db);
        const after = await overviewOf(tx.db, { year: 2024 });
        expect(after.total.utfall).toBe(before.total.utfall + 5n);
        throw new Error('roll back');
      })
      .catch((error: unknown) => {
        if (!(error instanceof Error) || error.message !== 'roll back') throw error;
      });
  });

  it.runIf(engine === 'postgres')(
    'shows a change made through one server in another that shares the PostgreSQL database',
    async () => {
      const other = await openDatabase({ engine: 'postgres', databaseUrl: demo().location });
      try {
        const first = createApp(demo());
        const second = createApp(other);
        const controller = await signInController(first);
        const before = await overview(second, controller);
        expect(await overview(second, controller)).toEqual(before);
        const imported = await client(first, controller).upload(
          '/api/imports/budget?fileName=budget.csv&year=2024&version=Delad&current=true',
          csvFile(['ansvar;verksamhet;konto;belopp', '1010;5100;5011;2400000']),
        );
        expect(imported.status).toBe(201);
        expect((await overview(second, controller)).total.budgetYear).toBe(2400);
        // Signed out through the first server: refused by the second at once.
        expect((await client(first, controller).post('/api/auth/logout', {})).status).toBe(200);
        expect((await client(second, controller).get('/api/overview?year=2024')).status).toBe(401);
      } finally {
        await other.close();
      }
    },
  );
});
