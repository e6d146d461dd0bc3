import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, client, signInController } from '../../test/api.ts';
import { sickLeave, startKoladaServer, type KoladaTestServer } from '../../test/kolada-server.ts';
import { ENGINES, openTestDb } from '../../test/test-db.ts';
import type { BalansDb } from '../db/database.ts';
import { createApp } from './app.ts';

describe.each(ENGINES)('Kolada over HTTP on %s', (engine) => {
  let handle: BalansDb;
  let kolada: KoladaTestServer;
  beforeAll(async () => {
    handle = await openTestDb(engine);
    kolada = await startKoladaServer({
      pageSize: 3,
      // Written for this test: Askersund's sick leave, 2023 without a value.
      extra: [sickLeave(2024, '10.7'), sickLeave(2023, '')],
    });
  });
  afterAll(async () => {
    await kolada.close();
    await handle.close();
  });

  it('lets the controller fetch for the own municipality and peers, and the staff read offline', async () => {
    const app = createApp(handle, { kolada: { baseUrl: kolada.url } });
    const admin = client(app, await signInController(app));
    const setting = await admin.put('/api/kolada/setting', {
      ownMunicipality: '1882',
      peers: ['0180', '1280'],
    });
    expect(setting.status).toBe(200);
    expect(await setting.json()).toEqual({ ownMunicipality: '1882', peers: ['0180', '1280'] });
    const fetched = await admin.post('/api/kolada/fetch', {
      kpis: ['N00090', 'N00945'],
      years: '2023-2024',
    });
    expect(fetched.status).toBe(200);
    const summary = (await fetched.json()) as {
      municipalities: string[];
      values: number;
      missing: number;
    };
    expect(summary).toMatchObject({
      municipalities: ['1882', '0180', '1280'],
      values: 2,
      missing: 1,
    });

    const chief = client(
      app,
      await addUser(app, await signInController(app), { username: 'fc', role: 'forvaltningschef' }),
    );
    const read = await chief.get('/api/kolada/values?kpi=N00090&municipality=1882');
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({
      values: [
        expect.objectContaining({
          year: 2023,
          gender: 'T',
          value: null,
          status: 'Saknas',
          source: 'Källa: Kolada',
        }),
        expect.objectContaining({ year: 2024, gender: 'T', value: '10.7', status: null, count: 1 }),
      ],
    });
    const found = await chief.get('/api/kolada/kpis?search=sjukfr%C3%A5nvaro');
    expect(((await found.json()) as { kpis: { id: string }[] }).kpis.map((k) => k.id)).toEqual([
      'N00090',
    ]);
    expect(
      (await chief.post('/api/kolada/fetch', { kpis: ['N00090'], years: '2024' })).status,
    ).toBe(403);
    expect((await chief.put('/api/kolada/setting', { ownMunicipality: '0180' })).status).toBe(403);
    const board = client(
      app,
      await addUser(app, await signInController(app), { username: 'nn', role: 'namnd' }),
    );
    expect((await board.get('/api/kolada/values?kpi=N00090')).status).toBe(403);
    const bad = await chief.get('/api/kolada/values?kpi=sjuk');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(
      /^kpi: ett Kolada-id är en bokstav/,
    );
  });

  it('answers 502 naming the URL when Kolada cannot be reached, and documents the routes', async () => {
    const app = createApp(handle, {
      kolada: { baseUrl: 'http://127.0.0.1:9/v3', timeoutMs: 2000 },
    });
    const admin = client(app, await signInController(app));
    const down = await admin.post('/api/kolada/fetch', {
      kpis: ['N00090'],
      municipalities: ['1882'],
      years: '2024',
    });
    expect(down.status).toBe(502);
    expect(await down.json()).toMatchObject({
      code: 'UPSTREAM_FAILED',
      message: expect.stringMatching(
        /^Kolada \(http:\/\/127\.0\.0\.1:9\/v3\/kpi\/N00090\): kunde inte nås/,
      ) as unknown,
    });
    const doc = (await (await app.request('/api/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(
      Object.keys(doc.paths)
        .filter((p) => p.startsWith('/api/kolada/'))
        .sort(),
    ).toEqual([
      '/api/kolada/fetch',
      '/api/kolada/kpis',
      '/api/kolada/setting',
      '/api/kolada/values',
    ]);
  });
});
