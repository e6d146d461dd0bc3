import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { addUser, client, signInController, type App } from '../../test/api.ts';
import { csvFile, useDemoDatabase } from '../../test/demo-db.ts';
import { SAMPLES } from '../../test/sie-fixtures.ts';
import { ENGINES } from '../../test/test-db.ts';
import { demoFiles } from '../demo/exempelkommun.ts';
import { createApp } from './app.ts';

/** The demo's 2024 ledger as the SIE file a controller uploads (CP437). */
function demo2024(change: (lines: string[]) => string[] = (lines) => lines): {
  name: string;
  bytes: Buffer;
} {
  const file = demoFiles().find((f) => f.name === 'exempelkommun-2024.se');
  if (!file) throw new Error('the demo has no 2024 file');
  return {
    name: file.name,
    bytes: iconv.encode(change([...file.lines]).join('\r\n') + '\r\n', 'cp437'),
  };
}

interface Line {
  type: string;
  [key: string]: unknown;
}

function ndjsonLines(text: string): Line[] {
  expect(text.endsWith('\n')).toBe(true);
  return text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
}

/** What reports and the ledger show, to compare before and after a refused import. */
async function snapshot(app: App, signed: Parameters<typeof client>[1]) {
  const api = client(app, signed);
  return {
    report: await (await api.get('/api/reports/driftredovisning?year=2024')).text(),
    balances: await (
      await api.get('/api/ledger/balances?year=2024&by=konto,ansvar,verksamhet,period')
    ).text(),
    imports: await (await api.get('/api/imports')).text(),
  };
}

describe.each(ENGINES)('imports over HTTP on %s', (engine) => {
  const demo = useDemoDatabase(engine);

  it('imports an SIE file as JSON, and again as an NDJSON stream of progress ending in its summary', async () => {
    const app = createApp(demo());
    const api = client(app, await signInController(app));
    const before = await (await api.get('/api/reports/driftredovisning?year=2024')).json();
    const file = demo2024();

    const plain = await api.upload(`/api/imports/sie?fileName=${file.name}`, file.bytes);
    expect(plain.status).toBe(201);
    const summary = (await plain.json()) as {
      file: string;
      mode: string;
      vouchers: number;
      rows: number;
      fiscalYears: { start: string; outcome: string }[];
    };
    expect(summary.file).toBe('exempelkommun-2024.se');
    expect(summary.mode).toBe('replace');
    expect(summary.fiscalYears).toEqual([
      { start: '2024-01-01', end: '2024-12-31', outcome: 'vouchers', budget: true },
    ]);
    expect(summary.vouchers).toBeGreaterThan(0);
    // The same ledger again: the reports are what they were.
    expect(await (await api.get('/api/reports/driftredovisning?year=2024')).json()).toEqual(before);

    const streamed = await api.upload(
      `/api/imports/sie?fileName=${file.name}&dim=ansvar=1&dim=verksamhet=2`,
      file.bytes,
      { accept: 'application/x-ndjson' },
    );
    expect(streamed.status).toBe(200);
    expect(streamed.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = ndjsonLines(await streamed.text());
    expect(lines[0]).toEqual({
      type: 'progress',
      bytesRead: 0,
      rows: 0,
      totalBytes: file.bytes.length,
    });
    const last = lines.at(-1);
    expect(last?.type).toBe('done');
    expect(last?.['summary']).toEqual(summary);
    const progress = lines.slice(0, -1);
    expect(progress.every((l) => l.type === 'progress')).toBe(true);
    const read = progress.map((l) => l['bytesRead'] as number);
    expect(read).toEqual([...read].sort((a, b) => a - b));

    const history = (await (await api.get('/api/imports')).json()) as {
      imports: { id: number; kind: string; fileName: string; mode: string; vouchers?: number }[];
    };
    const [newest, previous] = history.imports;
    expect(newest).toMatchObject({
      kind: 'sie',
      fileName: 'exempelkommun-2024.se',
      mode: 'replace',
      rows: summary.rows,
      vouchers: summary.vouchers,
      warnings: 0,
    });
    expect(previous?.id).toBeLessThan(newest?.id ?? 0);

    const audit = (await (await api.get('/api/audit?action=import.sie')).json()) as {
      entries: { actor: string; target: string; after: { vouchers: number } }[];
    };
    expect(audit.entries.slice(0, 2).map((e) => [e.actor, e.target, e.after.vouchers])).toEqual([
      ['anna', 'exempelkommun-2024.se', summary.vouchers],
      ['anna', 'exempelkommun-2024.se', summary.vouchers],
    ]);
  });

  it('refuses a broken SIE file with the line of its fault, and changes nothing', async () => {
    const app = createApp(demo());
    const signed = await signInController(app);
    const api = client(app, signed);
    const before = await snapshot(app, signed);

    const sample = 'BLBLOV_SIE4_UTF_8_with_faulty_transaction.SI';
    const refused = await api.upload(
      `/api/imports/sie?fileName=${sample}`,
      readFileSync(join(SAMPLES, sample)),
    );
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as { code: string; message: string; problems: unknown };
    expect(body.code).toBe('SIE_REFUSED');
    expect(body.message).toBe(`${sample}:10: #TRANS 1930: beloppet saknas`);
    expect(body.problems).toEqual([
      { line: 10, message: body.message.slice(`${sample}:10: `.length) },
    ]);

    // A fault at the very end, after the year's vouchers were loaded in place of the old ones.
    const broken = demo2024((lines) => [...lines, '}']);
    const lastLine = broken.bytes.toString('latin1').trimEnd().split('\r\n').length;
    const streamed = await api.upload('/api/imports/sie?fileName=broken.se', broken.bytes, {
      accept: 'application/x-ndjson',
    });
    expect(streamed.status).toBe(200);
    const last = ndjsonLines(await streamed.text()).at(-1);
    expect(last).toMatchObject({
      type: 'error',
      code: 'SIE_REFUSED',
      problems: [{ line: lastLine }],
    });
    expect(last?.['message']).toMatch(new RegExp(`^broken\\.se:${lastLine}: `));

    expect(await snapshot(app, signed)).toEqual(before);
  });

  it('lets only the controller import', async () => {
    const app = createApp(demo());
    const admin = await signInController(app);
    const eva = client(
      app,
      await addUser(app, admin, { username: 'eva', role: 'enhetschef', scope: ['IFO'] }),
    );
    const file = demo2024();
    expect((await eva.upload(`/api/imports/sie?fileName=${file.name}`, file.bytes)).status).toBe(
      403,
    );
    expect(
      (await eva.upload('/api/imports/budget?fileName=b.csv&year=2024&version=X', csvFile(['a'])))
        .status,
    ).toBe(403);
    expect((await eva.get('/api/imports')).status).toBe(403);
    expect((await eva.get('/api/budget/template?year=2024')).status).toBe(403);
  });

  it('hands out the budget template, imports it into a version, and refuses a bad row with its row and column', async () => {
    const app = createApp(demo());
    const api = client(app, await signInController(app));
    const template = await api.get('/api/budget/template?year=2024&format=csv');
    expect(template.status).toBe(200);
    expect(template.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(template.headers.get('content-disposition')).toContain('budget-2024.csv');
    const bytes = Buffer.from(await template.arrayBuffer());
    const rows = bytes.toString('utf8').trimEnd().split('\r\n');
    expect(rows[0]).toBe(
      'ansvar;verksamhet;projekt;konto;ar;jan;feb;mar;apr;maj;jun;jul;aug;sep;okt;nov;dec',
    );

    const imported = await api.upload(
      '/api/imports/budget?fileName=mall.csv&year=2024&version=Revidering&current=false',
      bytes,
    );
    expect(imported.status).toBe(201);
    expect(await imported.json()).toMatchObject({
      version: 'Revidering',
      year: 2024,
      isCurrent: false,
      rows: rows.length - 1,
    });

    const before = await (await api.get('/api/reports/driftredovisning?year=2024')).text();
    const bad = csvFile([
      'ansvar;verksamhet;konto;belopp',
      `${rows[1]?.split(';')[0] ?? ''};;5011;1000`,
      '9999;;5011;1000',
      `${rows[1]?.split(';')[0] ?? ''};;5611;tusen`,
    ]);
    const refused = await api.upload(
      '/api/imports/budget?fileName=fel.csv&year=2024&version=Budget&current=true',
      bad,
    );
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as { code: string; message: string; problems: unknown };
    expect(body.code).toBe('TEMPLATE_REFUSED');
    expect(body.message).toBe(
      [
        'budgetmallen har 2 fel; inget importerades:',
        'fel.csv, rad 3, kolumn ansvar: okänt ansvar "9999"',
        'fel.csv, rad 4, kolumn belopp: "tusen" är inte ett belopp',
      ].join('\n  '),
    );
    expect(body.problems).toEqual([
      { sheet: 'fel.csv', row: 3, column: 'ansvar', message: 'okänt ansvar "9999"' },
      { sheet: 'fel.csv', row: 4, column: 'belopp', message: '"tusen" är inte ett belopp' },
    ]);
    expect(await (await api.get('/api/reports/driftredovisning?year=2024')).text()).toBe(before);

    const history = (await (await api.get('/api/imports?limit=1')).json()) as {
      imports: unknown[];
    };
    expect(history.imports).toEqual([
      expect.objectContaining({ kind: 'budget', fileName: 'mall.csv', rows: rows.length - 1 }),
    ]);
    const audit = (await (await api.get('/api/audit?action=import.budget')).json()) as {
      entries: { actor: string; target: string; before: unknown; after: unknown }[];
    };
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]).toMatchObject({
      actor: 'anna',
      target: 'mall.csv → Revidering',
      before: [{ name: 'SIE', isCurrent: true, source: 'sie' }],
      after: { version: 'Revidering', isCurrent: false },
    });
  });

  it('answers bad parameters with 400 naming them', async () => {
    const app = createApp(demo());
    const api = client(app, await signInController(app));
    const file = demo2024();
    const dim = await api.upload('/api/imports/sie?fileName=a.se&dim=kostnadsställe=1', file.bytes);
    expect(dim.status).toBe(400);
    expect(((await dim.json()) as { message: string }).message).toMatch(/^dim: /);
    const name = await api.upload(
      '/api/imports/budget?fileName=a.txt&year=2024&version=B',
      file.bytes,
    );
    expect(name.status).toBe(400);
    expect(((await name.json()) as { message: string }).message).toMatch(/^fileName: /);
  });
});
