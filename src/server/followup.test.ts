import { describe, expect, it } from 'vitest';
import { useDemoDatabase } from '../../test/demo-db.ts';
import { ENGINES } from '../../test/test-db.ts';
import { createUser } from '../auth/auth.service.ts';
import { findOrgUnits } from '../organisation/organisation.service.ts';
import { createApp } from './app.ts';

type App = ReturnType<typeof createApp>;

interface Signed {
  cookie: string;
}

async function signIn(app: App, path: string, body: unknown): Promise<Signed> {
  const response = await app.request(path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  expect(response.status).toBe(200);
  return { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
}

async function get(app: App, path: string, signed?: Signed) {
  const response = await app.request(path, signed ? { headers: { cookie: signed.cookie } } : {});
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

interface Row {
  code: string;
  utfall: number;
}

describe.each(ENGINES)('follow-up over HTTP on %s', (engine) => {
  const demo = useDemoDatabase(engine);
  let users: { controller: Signed; eva: Signed } | undefined;
  /** A controller (the first user) and Eva, enhetschef with scope IFO. */
  const signedIn = async (app: App) => {
    if (users) return users;
    const controller = await signIn(app, '/api/auth/setup', {
      username: 'anna',
      displayName: 'Anna Ek',
      password: 'ett långt lösenord',
      role: 'controller',
    });
    await createUser(demo().db, 'anna', {
      username: 'eva',
      displayName: 'Eva, enhetschef IFO',
      password: 'evas långa lösenord',
      role: 'enhetschef',
      scope: ['IFO'],
    });
    const eva = await signIn(app, '/api/auth/login', {
      username: 'eva',
      password: 'evas långa lösenord',
    });
    users = { controller, eva };
    return users;
  };
  const ifoAnsvar = async () =>
    [...(await findOrgUnits(demo().db)).values()]
      .filter((u) => u.level === 'ansvar' && u.parent === 'IFO')
      .map((u) => u.code)
      .sort();

  it('serves the overview with the report’s totals as exact integers, and nothing without a session', async () => {
    const app = createApp(demo());
    const { controller } = await signedIn(app);
    expect((await get(app, '/api/overview?year=2024')).status).toBe(401);
    const overview = await get(app, '/api/overview?year=2024', controller);
    expect(overview.status).toBe(200);
    expect(Object.keys(overview.body)).toEqual([
      'year',
      'throughMonth',
      'months',
      'unit',
      'total',
      'areas',
      'activities',
      'series',
      'largestDeviations',
      'warnings',
    ]);
    const report = await get(app, '/api/reports/driftredovisning?year=2024', controller);
    const total = report.body['total'] as Record<string, number>;
    expect(overview.body['total']).toEqual({ ...total, budgetYear: total['budget'] });
    expect(overview.body['throughMonth']).toBe(12);
    const mnkr = await get(app, '/api/overview?year=2024&throughMonth=3&unit=mnkr', controller);
    expect(mnkr.body).toMatchObject({ throughMonth: 3, unit: 'mnkr' });
  });

  it('serves the drill-down in öre and the vouchers behind a konto, which add up to it', async () => {
    const app = createApp(demo());
    const { controller } = await signedIn(app);
    const accounts = await get(
      app,
      '/api/drilldown?year=2024&from=1&to=12&by=konto&verksamhet=51&kontogrupp=50',
      controller,
    );
    expect(accounts.status).toBe(200);
    expect(accounts.body).toMatchObject({
      year: 2024,
      from: 1,
      to: 12,
      by: 'konto',
      filter: { verksamhet: '51', ansvar: null, kontogrupp: '50', konto: null },
      path: [
        { by: 'verksamhet', code: '51', name: 'Äldreomsorg/LSS' },
        { by: 'kontogrupp', code: '50', name: 'Löner arbetad tid' },
      ],
    });
    const [wages] = accounts.body['rows'] as Row[];
    expect(wages).toMatchObject({ code: '5011', name: 'Månadslön', hasChildren: false });
    const vouchers = await get(
      app,
      '/api/drilldown/vouchers?year=2024&from=1&to=12&verksamhet=51&konto=5011&limit=3',
      controller,
    );
    expect(vouchers.status).toBe(200);
    expect(vouchers.body['source']).toBe('vouchers');
    expect(vouchers.body['sum']).toBe(wages?.utfall);
    expect(vouchers.body['rows']).toHaveLength(3);
    expect(Object.keys((vouchers.body['rows'] as object[])[0] ?? {})).toEqual([
      'date',
      'series',
      'number',
      'text',
      'rowText',
      'konto',
      'ansvar',
      'verksamhet',
      'amount',
    ]);
  });

  it('shows Eva only IFO’s figures and refuses her another ansvar’s figures and vouchers', async () => {
    const app = createApp(demo());
    const { eva } = await signedIn(app);
    const own = await ifoAnsvar();
    const overview = await get(app, '/api/overview?year=2024', eva);
    expect((overview.body['areas'] as Row[]).map((a) => a.code)).toEqual(['IFO']);
    expect((overview.body['total'] as Row).utfall).toBe(22_140);
    const byAnsvar = await get(app, '/api/drilldown?year=2024&by=ansvar', eva);
    expect((byAnsvar.body['rows'] as Row[]).map((r) => r.code)).toEqual(own);
    const everything = await get(app, '/api/drilldown?year=2024&by=ansvar', users?.controller);
    const other = (everything.body['rows'] as Row[]).find((r) => !own.includes(r.code))?.code;
    expect(other).toBeDefined();
    for (const path of [
      `/api/drilldown?year=2024&by=konto&ansvar=${other}`,
      `/api/drilldown/vouchers?year=2024&ansvar=${other}`,
      `/api/drilldown/vouchers?year=2024&ansvar=${other}&konto=5011`,
      '/api/drilldown?year=2024&by=ansvar&omrade=VOO',
    ]) {
      const refused = await get(app, path, eva);
      expect(refused.status, path).toBe(403);
      expect(refused.body['code']).toBe('FORBIDDEN');
    }
    // A VOO activity: no rows of VOO's ansvar, whatever the parameters.
    const voo = await get(app, '/api/drilldown/vouchers?year=2024&verksamhet=51&limit=1000', eva);
    expect(voo.body).toMatchObject({ rows: [], count: 0, sum: 0 });
    const mine = await get(app, '/api/drilldown/vouchers?year=2024&limit=1000', eva);
    const rows = mine.body['rows'] as { ansvar: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => !own.includes(r.ansvar))).toEqual([]);
  });

  it('refuses bad parameters with 400 naming them, and an unknown year with 404', async () => {
    const app = createApp(demo());
    const { controller } = await signedIn(app);
    const cases: [string, number, RegExp][] = [
      ['/api/overview?year=2024&throughMonth=13', 400, /^throughMonth/],
      ['/api/overview?year=2024&unit=kr', 400, /^unit/],
      ['/api/overview?year=abc', 400, /^year/],
      ['/api/overview?year=2030', 404, /2030/],
      ['/api/drilldown?year=2024&by=projekt', 400, /^by/],
      ['/api/drilldown?year=2024', 400, /^by/],
      ['/api/drilldown?year=2024&by=konto&from=6&to=5', 400, /^from/],
      ['/api/drilldown?year=2024&by=konto&to=0', 400, /^to/],
      ['/api/drilldown?year=2024&by=konto&kontogrupp=5', 400, /^kontogrupp/],
      ['/api/drilldown?year=2024&by=konto&konto=50x1', 400, /^konto/],
      ['/api/drilldown?year=2024&by=konto&verksamhet=99', 404, /^verksamhet/],
      ['/api/drilldown?year=2030&by=konto', 404, /2030/],
      ['/api/drilldown/vouchers?year=2024&limit=1001', 400, /^limit/],
      ['/api/drilldown/vouchers?year=2024&offset=-1', 400, /^offset/],
    ];
    for (const [path, status, message] of cases) {
      const response = await get(app, path, controller);
      expect(response.status, path).toBe(status);
      expect(response.body['message'], path).toMatch(message);
      expect(response.body['code'], path).toBe(status === 400 ? 'INVALID_ARGUMENT' : 'NOT_FOUND');
    }
  });

  it('describes the three endpoints in the OpenAPI document', async () => {
    const app = createApp(demo());
    const doc = (await (await app.request('/api/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/overview', '/api/drilldown', '/api/drilldown/vouchers']),
    );
  });
});
