import { describe, expect, it } from 'vitest';
import {
  addUser,
  client,
  controllerOnly,
  everyone,
  expectMatrix,
  signInController,
  signInEveryRole,
  type Expected,
} from '../../test/api.ts';
import { useDemoDatabase } from '../../test/demo-db.ts';
import { ENGINES } from '../../test/test-db.ts';
import { findOrgUnits } from '../organisation/organisation.service.ts';
import { createApp } from './app.ts';

/**
 * The role matrix of the web-app issue, request by request: what each role may read and change.
 * ekonom/controller: everything; förvaltningschef: reads everything, changes nothing of the
 * administration's set-up; verksamhetschef and enhetschef: only their part; nämnd: none of the
 * working material. A write a role may do is sent with an empty body here, so it is refused as
 * bad input (400), never as forbidden (403), and changes nothing.
 */
const notBoard: Expected = { ...everyone(200), namnd: 403 };

describe.each(ENGINES)('the role matrix on %s', (engine) => {
  const demo = useDemoDatabase(engine);

  it('answers every role as the matrix says, in the API itself', async () => {
    const app = createApp(demo());
    const admin = await signInController(app);
    const units = [...(await findOrgUnits(demo().db)).values()];
    // The enhetschef runs one home-care ansvar of Vård och omsorg; IFO is somebody else's.
    const homeCare = units.find((u) => u.level === 'ansvar' && u.name.startsWith('Hemtjänst'));
    const ifoAnsvar = units.find((u) => u.level === 'ansvar' && u.parent === 'IFO');
    if (!homeCare || !ifoAnsvar) throw new Error('demo organisation changed');
    const signed = await signInEveryRole(app, admin, [homeCare.code]);
    const other = ifoAnsvar.code;
    const matrix: [string, string, Expected][] = [
      ['GET', '/api/me', everyone(200)],
      ['GET', '/api/years', notBoard],
      ['GET', '/api/overview?year=2024', notBoard],
      ['GET', '/api/drilldown?year=2024&by=ansvar', notBoard],
      [
        'GET',
        `/api/drilldown?year=2024&by=konto&ansvar=${other}`,
        { ...notBoard, verksamhetschef: 403, enhetschef: 403 },
      ],
      [
        'GET',
        `/api/drilldown/vouchers?year=2024&ansvar=${other}`,
        { ...notBoard, verksamhetschef: 403, enhetschef: 403 },
      ],
      [
        'GET',
        '/api/drilldown?year=2024&by=ansvar&omrade=IFO',
        { ...notBoard, verksamhetschef: 403, enhetschef: 403 },
      ],
      ['GET', '/api/reports/driftredovisning?year=2024', notBoard],
      ['GET', '/api/ledger/balances?year=2024', notBoard],
      ['GET', '/api/organisation', notBoard],
      ['GET', '/api/action-plans?year=2023', notBoard],
      ['GET', '/api/action-plans/report?date=2023-03-31', notBoard],
      ['GET', '/api/goals', notBoard],
      ['GET', '/api/goals/2024', notBoard],
      ['GET', '/api/goals/indicators/SJUKFRANVARO/values?from=2022&to=2024', notBoard],
      ['GET', '/api/statistics/2024', notBoard],
      // Managers write analyses and values of what is addressed to them: checked past the input.
      ['PUT', '/api/goals/2024/indicators/SJUKFRANVARO/analysis', { ...everyone(400), namnd: 403 }],
      ['PUT', '/api/goals/indicators/SJUKFRANVARO/values', { ...everyone(400), namnd: 403 }],
      ['GET', '/api/users', controllerOnly(200)],
      ['GET', '/api/audit', controllerOnly(200)],
      ['GET', '/api/imports', controllerOnly(200)],
      ['GET', '/api/budget/template?year=2024&version=SIE', controllerOnly(200)],
      ['POST', '/api/users', controllerOnly(400)],
      ['POST', '/api/organisation/units', controllerOnly(400)],
      ['POST', '/api/action-plans/requirements', controllerOnly(400)],
      ['POST', '/api/action-plans/followups', controllerOnly(400)],
      ['POST', '/api/goals/2024/indicators/SJUKFRANVARO/approve', controllerOnly(400)],
      ['PATCH', '/api/goals/nodes/malomrade/1', controllerOnly(400)],
      ['POST', '/api/goals/2025/copy', controllerOnly(400)],
      ['PUT', '/api/goals/2024/indicators/SJUKFRANVARO/target', controllerOnly(400)],
      ['PUT', '/api/statistics/series/HT_ANTAL/values', controllerOnly(400)],
      // Forecasts: each manager their own ansvar; months are closed by the controller.
      ['GET', '/api/forecasts/overview?year=2024&month=3', notBoard],
      ['GET', '/api/forecasts/accuracy?year=2024', notBoard],
      ['GET', `/api/forecasts/form?year=2024&month=3&ansvar=${homeCare.code}`, notBoard],
      [
        'GET',
        `/api/forecasts/form?year=2024&month=3&ansvar=${other}`,
        { ...notBoard, verksamhetschef: 403, enhetschef: 403 },
      ],
      ['PUT', `/api/forecasts/2024/3/${homeCare.code}`, { ...everyone(400), namnd: 403 }],
      ['POST', `/api/forecasts/2024/3/${homeCare.code}/submit`, { ...everyone(400), namnd: 403 }],
      ['POST', '/api/periods/2024/1/close', controllerOnly(200)],
      ['POST', '/api/periods/2024/1/reopen', controllerOnly(400)],
      // An empty SIE file is refused as a file (422), an empty organisation file as input (400).
      ['POST', '/api/imports/sie?fileName=x.se', controllerOnly(422)],
      ['POST', '/api/imports/organisation?fileName=x.csv', controllerOnly(400)],
    ];
    await expectMatrix(app, signed, matrix);
  });

  it('gives a manager only their own figures, whatever they ask for', async () => {
    const app = createApp(demo());
    const admin = await signInController(app);
    const vc = client(
      app,
      await addUser(app, admin, { username: 'vc2', role: 'verksamhetschef', scope: ['VOO'] }),
    );
    const units = await findOrgUnits(demo().db);
    const voo = new Set([...units.values()].filter((u) => u.parent === 'VOO').map((u) => u.code));
    const rows = (await (await vc.get('/api/drilldown?year=2024&by=ansvar')).json()) as {
      rows: { code: string }[];
    };
    expect(rows.rows.length).toBeGreaterThan(0);
    expect(rows.rows.filter((r) => !voo.has(r.code))).toEqual([]);
    const balances = (await (await vc.get('/api/ledger/balances?year=2024&by=ansvar')).json()) as {
      ansvar: string;
    }[];
    expect(balances.filter((b) => !voo.has(b.ansvar))).toEqual([]);
    const overview = (await (await vc.get('/api/overview?year=2024')).json()) as {
      areas: { code: string }[];
    };
    expect(overview.areas.map((a) => a.code)).toEqual(['VOO']);
  });
});
