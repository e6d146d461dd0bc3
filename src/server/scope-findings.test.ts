import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { addUser, client, signInController, type App, type Signed } from '../../test/api.ts';
import { useDemoDatabase } from '../../test/demo-db.ts';
import { ENGINES } from '../../test/test-db.ts';
import { cliViewer, createAtgard } from '../action-plans/action-plan.service.ts';
import { findOrgUnits } from '../organisation/organisation.service.ts';
import { createApp } from './app.ts';

/**
 * Findings D1, D2 and D12 of issue 9: what a manager reached beyond their part of the
 * organisation through the action plans' links, other areas' plans and the investment report.
 */

interface Measure {
  id: number;
  title: string;
  version: number;
  ownerUnit: string | null;
  links: { kontoPrefix: string; ansvar: string }[];
  ledger?: { utfall: number | string; budget: number | string; limitedToScope: boolean };
}
interface Plans {
  plans: {
    id: number;
    name: string;
    verksamhet: string;
    gap: { helarseffekt: number | string };
    atgarder: Measure[];
  }[];
}

describe.each(ENGINES)('a manager stays within their scope on %s', (engine) => {
  const demo = useDemoDatabase(engine);

  /** The demo's two home-care ansvar; Erik (enhetschef) runs Norr only. */
  async function setUp(app: App): Promise<{
    admin: Signed;
    erik: ReturnType<typeof client>;
    norr: string;
    soder: string;
  }> {
    const admin = await signInController(app);
    const units = [...(await findOrgUnits(demo().db)).values()].filter(
      (u) => u.level === 'ansvar' && u.name.startsWith('Hemtjänst'),
    );
    const norr = units.find((u) => u.name.endsWith('Norr'))?.code;
    const soder = units.find((u) => u.name.endsWith('Söder'))?.code;
    if (!norr || !soder) throw new Error('no home care ansvar');
    const signed = await addUser(app, admin, {
      username: `erik${Math.floor(Math.random() * 1e9)}`,
      role: 'enhetschef',
      scope: [norr],
    });
    return { admin, erik: client(app, signed), norr, soder };
  }

  async function plans(as: ReturnType<typeof client>): Promise<Plans> {
    const response = await as.get('/api/action-plans?year=2023');
    expect(response.status).toBe(200);
    return (await response.json()) as Plans;
  }

  /** Outcome of 2023 in öre on accounts starting with the prefix, booked on the given ansvar. */
  async function outcome(prefix: string, ansvar: readonly string[]): Promise<bigint> {
    const result = await sql<{ amount: bigint | null }>`
      select sum(b.amount_ore)::bigint as amount from ledger_balance b
      join fiscal_year f on f.id = b.fiscal_year_id
      where f.start_date = '2023-01-01' and b.period > 0 and b.konto like ${`${prefix}%`}
        and b.ansvar = any(${[...ansvar]}::text[])`.execute(demo().db);
    return result.rows[0]?.amount ?? 0n;
  }

  it("D1: shows a manager a measure's outcome of their own ansvar only, not another unit's", async () => {
    const app = createApp(demo());
    const { erik, norr, soder } = await setUp(app);
    const measure = (await plans(erik)).plans
      .find((p) => p.verksamhet === '5101')
      ?.atgarder.find((a) => a.title === 'Utförandegraden');
    if (!measure?.ledger) throw new Error('measure 1 has no ledger figures');
    const own = await outcome('3', [norr]);
    const both = await outcome('3', [norr, soder]);
    expect(own).not.toBe(both);
    expect(BigInt(measure.ledger.utfall)).toBe(own);
    expect(measure.ledger.limitedToScope).toBe(true);
    // The link to Söder is not shown to him either.
    expect(measure.links).toEqual([{ kontoPrefix: '3', ansvar: norr }]);
  });

  it('D1: refuses a manager links to ansvar outside their scope, or to the whole administration', async () => {
    const app = createApp(demo());
    const { admin, erik, norr, soder } = await setUp(app);
    const homeCare = (await plans(erik)).plans.find((p) => p.verksamhet === '5101');
    if (!homeCare) throw new Error('no home care plan');
    const body = {
      atgardskravId: homeCare.id,
      title: 'Egen åtgärd',
      start: '2023-09',
      helarseffektTkr: '120',
      status: 'planerad',
      ownerUnit: norr,
    };
    for (const links of [
      [{ ansvar: soder, kontoPrefix: '' }],
      [{ ansvar: '', kontoPrefix: '5' }],
      [
        { ansvar: norr, kontoPrefix: '5' },
        { ansvar: '1130', kontoPrefix: '' },
      ],
    ]) {
      const refused = await erik.post('/api/action-plans/measures', { ...body, links });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { message: string }).message).toMatch(
        /ingår inte i ditt område|hela förvaltningen/,
      );
    }
    // Within his scope it is taken, and its figures are his.
    const created = await erik.post('/api/action-plans/measures', {
      ...body,
      links: [{ ansvar: norr, kontoPrefix: '5' }],
    });
    expect(created.status).toBe(201);
    const own = (await created.json()) as { atgard: { id: number; version: number } };
    // Changing his own measure's links to another unit's is refused too.
    const moved = await erik.patch(`/api/action-plans/measures/${own.atgard.id}`, {
      version: own.atgard.version,
      links: [{ ansvar: soder, kontoPrefix: '5' }],
    });
    expect(moved.status).toBe(403);
    // Measure 1 links to both ansvar: Erik changes its links among his own, and the controller's
    // link to Söder, which he does not see, stays.
    const measure = (await plans(erik)).plans
      .find((p) => p.verksamhet === '5101')
      ?.atgarder.find((a) => a.title === 'Utförandegraden');
    if (!measure) throw new Error('no measure 1');
    const changed = await erik.patch(`/api/action-plans/measures/${measure.id}`, {
      version: measure.version,
      links: [...measure.links, { ansvar: norr, kontoPrefix: '4' }],
    });
    expect(changed.status).toBe(200);
    const asController = (await plans(client(app, admin))).plans
      .flatMap((p) => p.atgarder)
      .find((a) => a.id === measure.id);
    expect(asController?.links).toHaveLength(3);
    expect(asController?.links).toEqual(
      expect.arrayContaining([
        { kontoPrefix: '3', ansvar: norr },
        { kontoPrefix: '4', ansvar: norr },
        { kontoPrefix: '3', ansvar: soder },
      ]),
    );
    expect(asController?.ledger?.limitedToScope).toBe(false);
  });

  it("D2: refuses a manager a measure in another area's plan, and bounds the amounts", async () => {
    const app = createApp(demo());
    const { admin, erik, norr } = await setUp(app);
    const all = await plans(client(app, admin));
    const foreign = all.plans.find((p) => p.verksamhet === '5113');
    const homeCare = all.plans.find((p) => p.verksamhet === '5101');
    if (!foreign || !homeCare) throw new Error('demo plans changed');
    const body = {
      atgardskravId: foreign.id,
      title: 'Stor besparing',
      start: '2023-01',
      helarseffektTkr: '999 999',
      status: 'planerad',
      ownerUnit: norr,
    };
    const refused = await erik.post('/api/action-plans/measures', body);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toMatch(
      /ingår inte i ditt område/,
    );
    const after = (await plans(client(app, admin))).plans.find((p) => p.id === foreign.id);
    expect(after?.gap).toEqual(foreign.gap);
    expect((await plans(erik)).plans.map((p) => p.id)).not.toContain(foreign.id);
    // Nor can he move his own measure there.
    const own = homeCare.atgarder.find((a) => a.ownerUnit === norr);
    if (!own) throw new Error('no measure of Norr');
    const moved = await erik.patch(`/api/action-plans/measures/${own.id}`, {
      version: own.version,
      atgardskravId: foreign.id,
    });
    expect(moved.status).toBe(403);
    // The service itself bounds a measure's effect, for the command line too.
    await expect(
      createAtgard(demo(), cliViewer('test'), {
        atgardskravId: homeCare.id,
        title: 'För stor',
        start: '2023-01',
        helarseffekt: 10n ** 20n,
        status: 'planerad',
      }),
    ).rejects.toThrow(/högst 1 000 000 tkr/);
  });

  it('D12: shows a manager no investment project outside their ansvar, nor its comment', async () => {
    const app = createApp(demo());
    const { admin, erik } = await setUp(app);
    const report = async (as: ReturnType<typeof client>) => {
      const response = await as.get('/api/reports/investeringsredovisning?year=2024');
      expect(response.status).toBe(200);
      return (await response.json()) as { rows: { code: string; name: string; comment: string }[] };
    };
    const whole = await report(client(app, admin));
    // The controller sees every project, with its comment.
    expect(whole.rows.length).toBeGreaterThan(0);
    expect(whole.rows.some((r) => r.comment !== '')).toBe(true);
    // The demo's projects book on no ansvar: the enhetschef sees none of them.
    expect((await report(erik)).rows).toEqual([]);
  });
});
