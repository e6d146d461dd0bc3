import { describe, expect, it } from 'vitest';
import { addUser, client, signInController, type App, type Signed } from '../../test/api.ts';
import { useDemoDatabase } from '../../test/demo-db.ts';
import { ENGINES } from '../../test/test-db.ts';
import { findOrgUnits } from '../organisation/organisation.service.ts';
import { createApp } from './app.ts';

interface Line {
  code: string;
  name: string;
  target: string | null;
  targetText: string;
  outcome: string | null;
  previous: string | null;
  fulfilled: boolean | null;
  trend: string | null;
  assessment: string | null;
  proposedAssessment: string | null;
  approved: boolean;
  analysis: string;
  adressering: string[];
  version: number | null;
  mayEdit: boolean;
  entry: { source: string; by: string; at: string } | null;
}

interface Goals {
  year: number;
  years: number[];
  mayApprove: boolean;
  valueUnits: { code: string; name: string }[];
  malomraden: { id: number; name: string; version: number; mal: { indikatorer: Line[] }[] }[];
}

function lines(goals: Goals): Line[] {
  return goals.malomraden.flatMap((a) => a.mal.flatMap((g) => g.indikatorer));
}

async function goalsOf(app: App, signed: Signed, year = 2024): Promise<Goals> {
  const response = await client(app, signed).get(`/api/goals/${year}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Goals;
}

function line(goals: Goals, code: string): Line {
  const found = lines(goals).find((l) => l.code === code);
  if (!found) throw new Error(`${code} missing`);
  return found;
}

describe.each(ENGINES)('goals and statistics over HTTP on %s', (engine) => {
  const demo = useDemoDatabase(engine);

  /** The demo's managers: Vård och omsorg's chef, and the chef of one home-care ansvar below it. */
  async function people(app: App) {
    const admin = await signInController(app);
    const units = [...(await findOrgUnits(demo().db)).values()];
    const homeCare = units.find((u) => u.level === 'ansvar' && u.name.startsWith('Hemtjänst'));
    if (!homeCare) throw new Error('demo organisation changed');
    const suffix = Math.random().toString(36).slice(2, 8);
    return {
      admin,
      vc: await addUser(app, admin, {
        username: `vc${suffix}`,
        role: 'verksamhetschef',
        scope: ['VOO'],
      }),
      ec: await addUser(app, admin, {
        username: `ec${suffix}`,
        role: 'enhetschef',
        scope: [homeCare.code],
      }),
      fc: await addUser(app, admin, { username: `fc${suffix}`, role: 'forvaltningschef' }),
      board: await addUser(app, admin, { username: `nn${suffix}`, role: 'namnd' }),
      homeCare: homeCare.code,
    };
  }

  it("answers seed 004's figures, fulfilment and trend apart, and who may edit each indicator", async () => {
    const app = createApp(demo());
    const { admin, vc, ec, fc, board } = await people(app);
    const goals = await goalsOf(app, admin);
    expect(goals.year).toBe(2024);
    expect(goals.years).toContain(2024);
    expect(await (await client(app, ec).get('/api/goals')).json()).toEqual({
      goalYears: goals.years,
      statisticsYears: [2024, 2023, 2022],
    });
    expect(goals.mayApprove).toBe(true);
    expect(goals.malomraden.length).toBe(4);
    const sick = line(goals, 'SJUKFRANVARO');
    expect(sick).toMatchObject({
      name: 'Sjukfrånvaro',
      target: '7',
      targetText: '7 %',
      outcome: '10.74',
      previous: '11.5',
      fulfilled: false,
      trend: 'improving',
      assessment: '↑',
      proposedAssessment: '↑',
      mayEdit: true,
    });
    expect(sick.version).toBeGreaterThan(0);
    expect(sick.analysis).toMatch(/^<p>Frånvaron har gått ner.*<ul><li>/);
    // Vård och omsorg's chef edits what is addressed to Vård och omsorg, not the förvaltning's.
    const seenByVc = await goalsOf(app, vc);
    expect(seenByVc.mayApprove).toBe(false);
    expect(line(seenByVc, 'SJUKFRANVARO').mayEdit).toBe(false);
    expect(line(seenByVc, 'HT_NOJD').mayEdit).toBe(true);
    expect(line(seenByVc, 'GENOMFORANDEPLAN').mayEdit).toBe(true);
    expect(line(seenByVc, 'TRYGG_HEMGANG').mayEdit).toBe(false);
    // Managers read the nämnd's whole goal tree; the förvaltningschef and a unit below edit none.
    expect(lines(await goalsOf(app, ec)).length).toBe(lines(goals).length);
    expect(lines(await goalsOf(app, ec)).filter((l) => l.mayEdit)).toEqual([]);
    expect(lines(await goalsOf(app, fc)).filter((l) => l.mayEdit)).toEqual([]);
    expect((await client(app, board).get('/api/goals/2024')).status).toBe(403);
    expect((await client(app, admin).get('/api/goals/1899')).status).toBe(400);
    const empty = await goalsOf(app, admin, 2030);
    expect(empty.malomraden).toEqual([]);
  });

  it('gives an indicator year by year for the chart, and the statistics of three years', async () => {
    const app = createApp(demo());
    const { admin, vc, board } = await people(app);
    const values = await client(app, vc).get(
      '/api/goals/indicators/SJUKFRANVARO/values?from=2022&to=2024',
    );
    expect(values.status).toBe(200);
    const body = (await values.json()) as {
      unit: string;
      values: { year: number; value: string | null; target: string | null }[];
    };
    expect(body.unit).toBe('%');
    expect(body.values.map((v) => [v.year, v.value])).toEqual([
      [2022, null],
      [2023, '11.5'],
      [2024, '10.74'],
    ]);
    expect(body.values[2]?.target).toBe('7');
    const as = client(app, admin);
    expect(
      (await as.get('/api/goals/indicators/SJUKFRANVARO/values?from=2024&to=2022')).status,
    ).toBe(400);
    expect(
      (await as.get('/api/goals/indicators/SJUKFRANVARO/values?from=1990&to=2024')).status,
    ).toBe(400);
    expect((await as.get('/api/goals/indicators/FINNS_INTE/values?from=2023&to=2024')).status).toBe(
      404,
    );

    const statistics = await client(app, vc).get('/api/statistics/2024');
    expect(statistics.status).toBe(200);
    const stats = (await statistics.json()) as {
      years: number[];
      statisticsYears: number[];
      tables: { title: string; rows: { name: string; values: Record<string, string | null> }[] }[];
    };
    expect(stats.years).toEqual([2024, 2023, 2022]);
    expect(stats.statisticsYears.slice(0, 3)).toEqual([2024, 2023, 2022]);
    const homeCare = stats.tables
      .flatMap((t) => t.rows)
      .find((r) => r.name === 'Antal med hemtjänst');
    expect(homeCare?.values).toEqual({ '2022': '429', '2023': '446', '2024': '456' });
    expect((await client(app, board).get('/api/statistics/2024')).status).toBe(403);
  });

  it('saves a manager’s analysis as read, refuses a stale version (409) and what is not theirs', async () => {
    const app = createApp(demo());
    const { admin, vc, ec } = await people(app);
    const before = line(await goalsOf(app, vc), 'HT_NOJD');
    const path = '/api/goals/2024/indicators/HT_NOJD/analysis';
    const manager = client(app, vc);
    const saved = await manager.put(path, {
      analysis: 'Nöjdheten ligger kvar.\n\n- Fler besök av samma personal\n- Nya scheman',
      assessment: 'Delvis uppfylld',
      version: before.version,
    });
    expect(saved.status).toBe(200);
    const body = (await saved.json()) as { version: number; analysis: string; approved: boolean };
    expect(body.analysis).toBe(
      '<p>Nöjdheten ligger kvar.</p><ul><li>Fler besök av samma personal</li><li>Nya scheman</li></ul>',
    );
    expect(body.version).not.toBe(before.version);
    // Markup from elsewhere is sanitised: only headings, paragraphs, lists and emphasis stay.
    const pasted = await manager.put(path, {
      analysis: body.analysis + '<script>alert(1)</script><p onclick="x()">Klick</p>',
      assessment: 'Delvis uppfylld',
      version: body.version,
    });
    expect(pasted.status).toBe(200);
    const cleaned = (await pasted.json()) as { version: number; analysis: string };
    expect(cleaned.analysis).toBe(`${body.analysis}<p>Klick</p>`);
    // The same version again: someone changed it since — refused in Swedish, nothing overwritten.
    const stale = await manager.put(path, {
      analysis: 'skriver över',
      assessment: null,
      version: before.version,
    });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { message: string }).message).toMatch(
      /har ändrats av någon annan/,
    );
    // A first analysis sent as new (null) where one exists is a conflict too.
    expect(
      (await manager.put(path, { analysis: 'x', assessment: null, version: null })).status,
    ).toBe(409);
    const after = line(await goalsOf(app, admin), 'HT_NOJD');
    expect(after.analysis).toBe(cleaned.analysis);
    expect(after.assessment).toBe('Delvis uppfylld');
    // Not addressed to Vård och omsorg; and the home-care chef is below the addressed unit.
    const sick = line(await goalsOf(app, vc), 'SJUKFRANVARO');
    const refused = await manager.put('/api/goals/2024/indicators/SJUKFRANVARO/analysis', {
      analysis: 'inte min',
      assessment: null,
      version: sick.version,
    });
    expect(refused.status).toBe(403);
    expect(
      (
        await client(app, ec).put(path, {
          analysis: 'inte min heller',
          assessment: null,
          version: cleaned.version,
        })
      ).status,
    ).toBe(403);
    expect(
      (await manager.put(path, { analysis: 'x', assessment: 'Bra', version: cleaned.version }))
        .status,
    ).toBe(400);
    // An indicator without an analysis yet: the first one is sent with version null.
    const first = await manager.put('/api/goals/2024/indicators/HT_HANSYN/analysis', {
      analysis: 'Första analysen',
      assessment: '',
      version: null,
    });
    expect(first.status).toBe(200);
    expect(line(await goalsOf(app, vc), 'HT_HANSYN')).toMatchObject({
      analysis: '<p>Första analysen</p>',
      assessment: null,
    });
  });

  it('lets the controller approve as read; a later change clears the approval', async () => {
    const app = createApp(demo());
    const { admin, vc } = await people(app);
    const current = line(await goalsOf(app, admin), 'SABO_HANSYN');
    const approve = '/api/goals/2024/indicators/SABO_HANSYN/approve';
    expect((await client(app, vc).post(approve, { version: current.version })).status).toBe(403);
    const approved = await client(app, admin).post(approve, { version: current.version });
    expect(approved.status).toBe(200);
    const body = (await approved.json()) as { approved: boolean; version: number };
    expect(body.approved).toBe(true);
    expect((await client(app, admin).post(approve, { version: current.version })).status).toBe(409);
    expect(line(await goalsOf(app, vc), 'SABO_HANSYN').approved).toBe(true);
    const changed = await client(app, vc).put('/api/goals/2024/indicators/SABO_HANSYN/analysis', {
      analysis: 'Ny text',
      assessment: null,
      version: body.version,
    });
    expect(changed.status).toBe(200);
    expect(line(await goalsOf(app, admin), 'SABO_HANSYN').approved).toBe(false);
    const audit = (await (
      await client(app, admin).get('/api/audit?action=mal.godkann')
    ).json()) as {
      entries?: unknown[];
    };
    expect(JSON.stringify(audit)).toContain('indikator:SABO_HANSYN:2024');
  });

  it('stores values by who may, targets, a new year and the texts of the tree (controller)', async () => {
    const app = createApp(demo());
    const { admin, vc, homeCare } = await people(app);
    const manager = client(app, vc);
    const as = client(app, admin);
    const value = '/api/goals/indicators/HT_NOJD/values';
    expect((await manager.put(value, { period: '2025', value: '91,5' })).status).toBe(200);
    expect(
      (await manager.put(value, { period: '2025-03', value: '90', orgUnit: homeCare })).status,
    ).toBe(200);
    expect((await manager.put(value, { period: '2025', value: '1,2,3' })).status).toBe(400);
    expect((await manager.put(value, { period: '2025-13', value: '1' })).status).toBe(400);
    expect((await manager.put(value, { period: '2025', value: '1', orgUnit: 'IFO' })).status).toBe(
      403,
    );
    expect(
      (
        await manager.put('/api/goals/indicators/SJUKFRANVARO/values', {
          period: '2025',
          value: '9',
        })
      ).status,
    ).toBe(403);
    // A formula's figure comes from its base measures.
    expect(
      (await as.put('/api/goals/indicators/BRUKARTID/values', { period: '2025', value: '60' }))
        .status,
    ).toBe(400);
    expect(
      (await as.put('/api/statistics/series/HT_ANTAL/values', { period: '2025', value: '470' }))
        .status,
    ).toBe(200);
    expect(
      (await as.put('/api/statistics/series/FINNS_INTE/values', { period: '2025', value: '1' }))
        .status,
    ).toBe(404);

    const copied = await as.post('/api/goals/2025/copy', { from: 2024 });
    expect(copied.status).toBe(201);
    expect(await copied.json()).toMatchObject({ areas: 4, goals: 9, keptTargets: [] });
    expect((await as.post('/api/goals/2025/copy', { from: 2024 })).status).toBe(409);
    expect(
      (await as.put('/api/goals/2025/indicators/HT_NOJD/target', { target: '≥ 90' })).status,
    ).toBe(200);
    expect(
      (await as.put('/api/goals/2025/indicators/HT_NOJD/target', { target: 'mycket' })).status,
    ).toBe(400);
    const next = await goalsOf(app, vc, 2025);
    expect(line(next, 'HT_NOJD')).toMatchObject({
      outcome: '91.5',
      previous: line(await goalsOf(app, vc), 'HT_NOJD').outcome,
      target: '90',
      analysis: '',
      version: null,
    });
    // Who stored the outcome, from where and when; the units a manager may enter values for.
    expect(line(next, 'HT_NOJD').entry).toMatchObject({ source: 'manual', by: /^vc/ });
    expect(Date.parse(line(next, 'HT_NOJD').entry?.at ?? '')).not.toBeNaN();
    expect(line(next, 'BRUKARTID').entry).toBeNull();
    const all = (await goalsOf(app, admin, 2025)).valueUnits.map((u) => u.code);
    const vcUnits = next.valueUnits.map((u) => u.code);
    expect(vcUnits).toContain('VOO');
    expect(vcUnits).toContain(homeCare);
    expect(vcUnits).not.toContain('IFO');
    expect(all).toContain('IFO');

    const area = next.malomraden[0];
    if (!area) throw new Error('no area');
    const node = `/api/goals/nodes/malomrade/${area.id}`;
    const renamed = await as.patch(node, {
      version: area.version,
      name: 'Målområde 1',
      description: '<p>Text</p><img src=x onerror=alert(1)>',
    });
    expect(renamed.status).toBe(200);
    expect((await as.patch(node, { version: area.version, name: 'Igen' })).status).toBe(409);
    expect((await as.patch(node, { version: area.version + 1, kfGoal: 'x' })).status).toBe(400);
    expect(
      (await as.patch('/api/goals/nodes/mal/2147483647', { version: 1, name: 'x' })).status,
    ).toBe(404);
    const changed = (await goalsOf(app, admin, 2025)).malomraden[0] as unknown as {
      name: string;
      description: string;
    };
    expect(changed.name).toBe('Målområde 1');
    expect(changed.description).toBe('<p>Text</p>');
  });
});
