import { describe, expect, it } from 'vitest';
import { useDemoDatabase } from '../../test/demo-db.ts';
import { ENGINES } from '../../test/test-db.ts';
import { createApp } from './app.ts';

type App = ReturnType<typeof createApp>;

interface Signed {
  cookie: string;
  csrf: string;
}

async function post(app: App, path: string, body: unknown, signed?: Signed) {
  return app.request(path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: {
      'content-type': 'application/json',
      ...(signed ? { cookie: signed.cookie, 'x-csrf-token': signed.csrf } : {}),
    },
  });
}

async function signedIn(response: Response): Promise<Signed> {
  expect(response.status).toBe(200);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}

const get = (app: App, path: string, signed?: Signed) =>
  app.request(path, signed ? { headers: { cookie: signed.cookie } } : {});

describe.each(ENGINES)('HTTP API on %s', (engine) => {
  const demo = useDemoDatabase(engine);
  let admin: Signed | undefined;
  const controller = async (app: App) =>
    (admin ??= await signedIn(
      await post(app, '/api/auth/setup', {
        username: 'anna',
        displayName: 'Anna Ek',
        password: 'ett långt lösenord',
        role: 'controller',
      }),
    ));

  it('lets the first user set Balans up, and nobody after', async () => {
    const app = createApp(demo());
    const signed = await controller(app);
    expect(signed.cookie).toMatch(/^balans_session=/);
    const again = await post(app, '/api/auth/setup', {
      username: 'bo',
      displayName: 'Bo',
      password: 'ett annat långt lösenord',
      role: 'controller',
    });
    expect(again.status).toBe(403);
    const wrong = await post(app, '/api/auth/login', {
      username: 'anna',
      password: 'fel lösenord här',
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'fel användarnamn eller lösenord',
    });
  });

  it('serves the reports with exact numbers to a signed-in controller, and nothing to anyone else', async () => {
    const app = createApp(demo());
    const signed = await controller(app);
    expect((await get(app, '/api/reports/driftredovisning?year=2024')).status).toBe(401);
    const response = await get(app, '/api/reports/driftredovisning?year=2024&node=51', signed);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { rows: unknown[]; total: unknown };
    expect(body.rows).toHaveLength(16);
    expect(body.total).toEqual({ utfall: 251612, budget: 245397, avvikelse: -6215 });
  });

  it('scopes a manager to their units in every request, and refuses a change without the CSRF token', async () => {
    const app = createApp(demo());
    const signed = await controller(app);
    const noCsrf = await app.request('/api/users', {
      method: 'POST',
      body: '{}',
      headers: { cookie: signed.cookie, 'content-type': 'application/json' },
    });
    expect(noCsrf.status).toBe(403);
    expect(await noCsrf.json()).toEqual({
      code: 'FORBIDDEN',
      message: 'begäran saknar sessionens CSRF-token (X-CSRF-Token): läs in sidan igen',
    });
    const created = await post(
      app,
      '/api/users',
      {
        username: 'eva',
        displayName: 'Eva, enhetschef IFO',
        password: 'evas långa lösenord',
        role: 'enhetschef',
        scope: ['IFO'],
      },
      signed,
    );
    expect(created.status).toBe(201);
    const eva = await signedIn(
      await post(app, '/api/auth/login', { username: 'eva', password: 'evas långa lösenord' }),
    );
    const own = (await (
      await get(app, '/api/reports/driftredovisning?year=2024&by=ansvar', eva)
    ).json()) as { rows: { name: string }[]; total: { utfall: number } };
    const everything = (await (
      await get(app, '/api/reports/driftredovisning?year=2024&by=ansvar', signed)
    ).json()) as { rows: unknown[]; total: { utfall: number } };
    expect(own.rows.length).toBeGreaterThan(0);
    expect(own.rows.length).toBeLessThan(everything.rows.length);
    // IFO is 55, 56, 57 and 60 in the demo: 1 952 + 13 145 + 6 995 + 48 tkr.
    expect(own.total.utfall).toBe(22_140);
    const byActivity = (await (
      await get(app, '/api/reports/driftredovisning?year=2024', eva)
    ).json()) as { rows: { code: string }[] };
    expect(byActivity.rows.map((r) => r.code)).toEqual(['55', '56', '57', '60']);
    const ownAnsvar = new Set((own.rows as unknown as { code: string }[]).map((r) => r.code));
    const balances = (await (
      await get(app, '/api/ledger/balances?year=2024&by=ansvar', eva)
    ).json()) as { ansvar: string }[];
    expect(balances.length).toBeGreaterThan(0);
    expect(balances.filter((b) => !ownAnsvar.has(b.ansvar))).toEqual([]);
    expect((await get(app, '/api/users', eva)).status).toBe(403);
  });

  it('keeps the board (nämnd) out of the working material, and writes every user change to the audit log', async () => {
    const app = createApp(demo());
    const signed = await controller(app);
    expect(
      (
        await post(
          app,
          '/api/users',
          {
            username: 'nils',
            displayName: 'Nils, ordförande',
            password: 'nils långa lösenord',
            role: 'namnd',
            scope: [],
          },
          signed,
        )
      ).status,
    ).toBe(201);
    const nils = await signedIn(
      await post(app, '/api/auth/login', { username: 'nils', password: 'nils långa lösenord' }),
    );
    expect((await get(app, '/api/reports/driftresultat?year=2024', nils)).status).toBe(403);
    expect((await get(app, '/api/me', nils)).status).toBe(200);
    const audit = (await (await get(app, '/api/audit', signed)).json()) as {
      entries: { actor: string; action: string; target: string }[];
    };
    expect(audit.entries.map((e) => `${e.actor} ${e.action} ${e.target}`)).toEqual(
      expect.arrayContaining(['anna user.create user:nils', 'setup:anna user.create user:anna']),
    );
  });

  it('answers bad input with a code and a message, and describes itself in OpenAPI', async () => {
    const app = createApp(demo());
    const signed = await controller(app);
    const bad = await get(app, '/api/reports/driftredovisning?year=20x4', signed);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      code: 'INVALID_ARGUMENT',
      message: 'year: ska vara ett tal',
    });
    const missing = await get(app, '/api/reports/driftresultat?year=1999', signed);
    expect(await missing.json()).toEqual({
      code: 'NOT_FOUND',
      message: 'inget räkenskapsår som börjar 1999 är inläst',
    });
    const messages: [string, string][] = [
      ['/api/reports/driftredovisning', 'year: ska vara ett tal'],
      ['/api/reports/driftredovisning?year=2024.5', 'year: ska vara ett heltal'],
      ['/api/reports/driftredovisning?year=1800', 'year: ska vara minst 1900'],
      ['/api/reports/driftredovisning?year=2024&unit=kr', 'unit: ska vara en av tkr, mnkr'],
      [
        '/api/ledger/balances?year=2024&by=kommun',
        'by: en eller flera av konto, ansvar, verksamhet, projekt, period, åtskilda med kommatecken',
      ],
      ['/api/finns-inte', 'adressen finns inte i Balans API'],
    ];
    for (const [path, message] of messages) {
      const answer = (await (await get(app, path, signed)).json()) as { message: string };
      expect(answer.message, path).toBe(message);
    }
    const malformed = await app.request('/api/users', {
      method: 'POST',
      body: '{"username": ',
      headers: {
        cookie: signed.cookie,
        'x-csrf-token': signed.csrf,
        'content-type': 'application/json',
      },
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({
      code: 'INVALID_ARGUMENT',
      message: 'begärans innehåll är inte giltig JSON',
    });
    const doc = (await (await get(app, '/api/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/ledger/balances',
        '/api/reports/{name}',
        '/api/imports',
        '/api/imports/sie',
        '/api/imports/budget',
        '/api/imports/organisation',
        '/api/budget/template',
        '/api/organisation',
        '/api/organisation/units',
        '/api/organisation/units/{code}',
        '/api/organisation/export',
        '/api/users',
        '/api/users/{id}',
      ]),
    );
  });
});
