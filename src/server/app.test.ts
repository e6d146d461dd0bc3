import { describe, expect, it } from 'vitest';
import { useDemoDatabase } from '../../test/demo-db.ts';
import { ENGINES } from '../../test/test-db.ts';
import { createApp } from './app.ts';

describe.each(ENGINES)('HTTP API on %s', (engine) => {
  const demo = useDemoDatabase(engine);

  it('serves the reports as the CLI does, with exact numbers', async () => {
    const app = createApp(demo());
    const response = await app.request('/api/reports/driftredovisning?year=2024&node=51');
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      node: string;
      rows: { code: string }[];
      total: unknown;
    };
    expect(body.node).toBe('51');
    expect(body.rows).toHaveLength(16);
    expect(body.total).toEqual({ utfall: 251612, budget: 245397, avvikelse: -6215 });
    const balances = await app.request('/api/ledger/balances?year=2024&by=verksamhet,konto');
    const lines = (await balances.json()) as {
      verksamhet: string;
      konto: string;
      amount: number;
    }[];
    expect(lines.find((l) => l.verksamhet === '10' && l.konto === '5011')?.amount).toEqual(
      expect.any(Number),
    );
  });

  it('answers bad input and unknown things with a code and a message', async () => {
    const app = createApp(demo());
    const bad = await app.request('/api/reports/driftredovisning?year=20x4');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      code: 'INVALID_ARGUMENT',
      message: 'year: Invalid input: expected number, received NaN',
    });
    const unknownReport = await app.request('/api/reports/resultatbudget?year=2024');
    expect(unknownReport.status).toBe(400);
    const missingYear = await app.request('/api/reports/driftresultat?year=1999');
    expect(missingYear.status).toBe(404);
    expect(await missingYear.json()).toEqual({
      code: 'NOT_FOUND',
      message: 'no fiscal year starting in 1999 is loaded',
    });
    const nowhere = await app.request('/api/nowhere');
    expect(nowhere.status).toBe(404);
  });

  it('describes itself in an OpenAPI document', async () => {
    const app = createApp(demo());
    const doc = (await (await app.request('/api/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/ledger/balances', '/api/reports/{name}']);
  });
});
