import { describe, expect, it } from 'vitest';
import { addUser, client, signInController } from '../../test/api.ts';
import { csvFile, useDemoDatabase } from '../../test/demo-db.ts';
import { ENGINES } from '../../test/test-db.ts';
import { findOrgUnits } from '../organisation/organisation.service.ts';
import { createApp } from './app.ts';

interface Plans {
  plans: {
    id: number;
    name: string;
    verksamhet: string;
    atgarder: {
      id: number;
      title: string;
      version: number;
      mayEdit: boolean;
      effektAr: number;
      ownerUnit: string;
    }[];
  }[];
}

describe.each(ENGINES)('action plans over HTTP on %s', (engine) => {
  const demo = useDemoDatabase(engine);

  /** Hemtjänst's two ansvar in the demo: Norr owns two measures, Söder one. */
  async function homeCare() {
    const units = [...(await findOrgUnits(demo().db)).values()].filter((u) =>
      u.name.startsWith('Hemtjänst'),
    );
    const norr = units.find((u) => u.name.endsWith('Norr'));
    const soder = units.find((u) => u.name.endsWith('Söder'));
    if (!norr || !soder) throw new Error('no home care ansvar');
    return { norr: norr.code, soder: soder.code };
  }

  it("lets a manager change their units' measures, and refuses another's by any request", async () => {
    const app = createApp(demo());
    const admin = await signInController(app);
    const { norr } = await homeCare();
    const manager = await addUser(app, admin, {
      username: 'erik',
      role: 'enhetschef',
      scope: [norr],
    });
    const erik = client(app, manager);
    const seen = (await (await erik.get('/api/action-plans?year=2023')).json()) as Plans;
    // The plans of the activities Erik's ansvar books on: home care only.
    expect(seen.plans.map((p) => p.name)).toEqual(['Hemtjänsten']);
    const measures = seen.plans[0]?.atgarder ?? [];
    expect(measures.map((a) => [a.title, a.mayEdit])).toEqual([
      ['Utförandegraden', true],
      ['Bomtid och avböjda besök', true],
      ['Schema och resurspass', false],
    ]);
    const own = measures[0];
    const other = measures[2];
    if (!own || !other) throw new Error('measures missing');
    const changed = await erik.patch(`/api/action-plans/measures/${own.id}`, {
      version: own.version,
      status: 'genomförd',
      statustext: 'Utförandegraden nådde 70 % i maj',
    });
    expect(changed.status).toBe(200);
    // The same version again: someone (Erik himself) changed it since — refused, nothing overwritten.
    const stale = await erik.patch(`/api/action-plans/measures/${own.id}`, {
      version: own.version,
      statustext: 'skriver över',
    });
    expect(stale.status).toBe(409);
    const forbidden = await erik.patch(`/api/action-plans/measures/${other.id}`, {
      version: other.version,
      status: 'genomförd',
    });
    expect(forbidden.status).toBe(403);
    // A measure of another activity, asked for by id, is refused too.
    const all = (await (
      await client(app, admin).get('/api/action-plans?year=2023')
    ).json()) as Plans;
    const daglig = all.plans.find((p) => p.verksamhet === '5113')?.atgarder[0];
    if (!daglig) throw new Error('no daglig verksamhet');
    expect(
      (
        await erik.patch(`/api/action-plans/measures/${daglig.id}`, {
          version: daglig.version,
          title: 'x',
        })
      ).status,
    ).toBe(403);
    // A new measure must be owned by one of his units.
    const planId = seen.plans[0]?.id ?? 0;
    const body = {
      atgardskravId: planId,
      title: 'Ny',
      start: '2023-09',
      helarseffektTkr: '120',
      status: 'planerad',
    };
    expect((await erik.post('/api/action-plans/measures', body)).status).toBe(403);
    const created = await erik.post('/api/action-plans/measures', { ...body, ownerUnit: norr });
    expect(created.status).toBe(201);
    expect(((await created.json()) as { atgard: { sort: number } }).atgard.sort).toBe(3);
    // Every change is in the audit log with before and after.
    const audit = (await (await client(app, admin).get('/api/audit?action=atgard')).json()) as {
      entries: {
        actor: string;
        action: string;
        before: { status?: string } | null;
        after: { status?: string };
      }[];
    };
    const update = audit.entries.find((e) => e.actor === 'erik' && e.action === 'atgard.update');
    expect(update?.before?.status).toBe('pågående');
    expect(update?.after.status).toBe('genomförd');
  });

  it('imports the spreadsheet, lists bad rows with row and column, and serves the report as a file', async () => {
    const app = createApp(demo());
    const admin = client(app, await signInController(app));
    const bad = await admin.upload(
      '/api/action-plans/import?fileName=atgarder.csv',
      csvFile([
        'verksamhet;titel;beskrivning;start;helarseffekt_tkr;effekt_ar_tkr;status;statustext',
        '5101;Nytt;;2023-02;12,5;;planerad;',
        '5101;Fel;;2023-02;tolv;;planerad;',
      ]),
    );
    expect(bad.status).toBe(422);
    expect(
      ((await bad.json()) as { problems: { row: number; column: string }[] }).problems,
    ).toEqual([expect.objectContaining({ row: 3, column: 'helarseffekt_tkr' })]);
    const report = (await (await admin.get('/api/action-plans/report?date=2023-03-31')).json()) as {
      verksamheter: { name: string; atgardskrav: number; summa: { effektAr: number } }[];
    };
    expect(report.verksamheter[0]).toMatchObject({ name: 'Hemtjänsten', atgardskrav: 4200 });
    const xlsx = await admin.get('/api/action-plans/report?date=2023-03-31&format=xlsx');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toMatch(/spreadsheetml/);
    const namnd = await addUser(app, await signInController(app), {
      username: 'nina',
      role: 'namnd',
    });
    expect((await client(app, namnd).get('/api/action-plans?year=2023')).status).toBe(403);
  });
});
