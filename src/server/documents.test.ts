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
import { createApp } from './app.ts';

/**
 * The documents API of docs/documents.md, role by role: everyone signed in reads the documents
 * (the board only the fastställda), the controller opens, assigns, fastställer and starts new
 * versions, and a section is written by the controller or the manager it is assigned to.
 */

interface ListBody {
  documents: { id: number; type: string; status: string; version: number; asOf: string }[];
}

describe.each(ENGINES)('the documents API on %s', (engine) => {
  const demo = useDemoDatabase(engine);

  it('answers every role as docs/documents.md says', async () => {
    const app = createApp(demo());
    const admin = await signInController(app);
    const signed = await signInEveryRole(app, admin, ['IFO']);
    const list = (await (await client(app, admin).get('/api/documents')).json()) as ListBody;
    const draft = list.documents.find((d) => d.type === 'atgardsplan');
    if (!draft) throw new Error('the demo has no åtgärdsplan');
    const matrix: [string, string, Expected][] = [
      ['GET', '/api/documents', everyone(200)],
      ['GET', '/api/documents?year=2024', everyone(200)],
      // A draft is as if it did not exist for the board.
      ['GET', `/api/documents/${draft.id}`, { ...everyone(200), namnd: 404 }],
      ['GET', `/api/documents/${draft.id}/render?format=html`, { ...everyone(200), namnd: 404 }],
      ['POST', '/api/documents', controllerOnly(400)],
      ['POST', `/api/documents/${draft.id}/versions`, controllerOnly(409)],
      ['PUT', `/api/documents/${draft.id}/sections/inledning/assignee`, controllerOnly(400)],
      // Checked past the input: the body is refused first, and the board never gets that far.
      ['PUT', `/api/documents/${draft.id}/sections/inledning`, { ...everyone(400), namnd: 403 }],
    ];
    await expectMatrix(app, signed, matrix);
    // The board's list holds the fastställda only: none yet.
    const boardList = (await (
      await client(app, signed.namnd).get('/api/documents')
    ).json()) as ListBody;
    expect(boardList.documents).toEqual([]);
  });

  it('writes, refuses stale and fastställd edits with 409, lets the assignee write, and renders', async () => {
    const app = createApp(demo());
    const admin = client(app, await signInController(app));
    const vc = client(
      app,
      await addUser(app, await signInController(app), {
        username: 'vc2',
        role: 'verksamhetschef',
        scope: ['VOO'],
      }),
    );
    const ec = client(
      app,
      await addUser(app, await signInController(app), {
        username: 'ec2',
        role: 'enhetschef',
        scope: ['IFO'],
      }),
    );
    const board = client(
      app,
      await addUser(app, await signInController(app), { username: 'nn2', role: 'namnd' }),
    );
    const opened = await admin.post('/api/documents', {
      type: 'atgardsplan',
      year: 2023,
      asOf: '2023-03-31',
    });
    expect(opened.status).toBe(200);
    const doc = (await opened.json()) as {
      id: number;
      version: number;
      status: string;
      title: string;
    };
    expect(doc).toMatchObject({
      version: 1,
      status: 'utkast',
      title: 'Åtgärdsplan per 31 mars 2023',
    });

    const read = (await (await admin.get(`/api/documents/${doc.id}`)).json()) as {
      sections: { key: string; editable: boolean; text: { rowVersion: number } | null }[];
    };
    const intro = read.sections.find((s) => s.key === 'inledning');
    expect(intro).toMatchObject({ editable: true });
    const rowVersion = intro?.text?.rowVersion ?? null;
    const path = `/api/documents/${doc.id}/sections/inledning`;
    const written = await admin.put(path, { html: '<p>Ny inledning</p>', rowVersion });
    expect(written.status).toBe(200);
    const stale = await admin.put(path, { html: '<p>Gammal</p>', rowVersion });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { message: string }).message).toMatch(/ändrats av någon annan/);

    const section = `/api/documents/${doc.id}/sections/summering`;
    expect((await vc.put(section, { html: 'Av vc', rowVersion: 1 })).status).toBe(403);
    expect((await admin.put(`${section}/assignee`, { assignee: 'vc2' })).status).toBe(200);
    const current = (await (await admin.get(`/api/documents/${doc.id}`)).json()) as {
      sections: { key: string; assignee: string | null; text: { rowVersion: number } | null }[];
    };
    const summering = current.sections.find((s) => s.key === 'summering');
    expect(summering?.assignee).toBe('vc2');
    const version = summering?.text?.rowVersion ?? null;
    expect((await vc.put(section, { html: 'Av vc', rowVersion: version })).status).toBe(200);
    expect((await ec.put(section, { html: 'Av ec', rowVersion: (version ?? 0) + 1 })).status).toBe(
      403,
    );

    const html = await admin.get(`/api/documents/${doc.id}/render?format=html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(html.headers.get('content-disposition')).toMatch(
      /^inline; filename="atgardsplan-2023-03-31-v1.html"/,
    );
    expect(await html.text()).toContain('Ny inledning');
    const xlsx = await admin.get(`/api/documents/${doc.id}/render?format=xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toMatch(/^attachment; /);

    expect((await vc.post(`/api/documents/${doc.id}/faststall`, {})).status).toBe(403);
    const fixed = await admin.post(`/api/documents/${doc.id}/faststall`, {});
    expect(fixed.status).toBe(200);
    expect(await fixed.json()).toMatchObject({ status: 'faststalld', faststalldBy: 'anna' });
    expect((await admin.put(path, { html: 'Efteråt', rowVersion: 2 })).status).toBe(409);
    expect((await admin.post(`/api/documents/${doc.id}/faststall`, {})).status).toBe(409);

    const boardList = (await (await board.get('/api/documents')).json()) as ListBody;
    expect(boardList.documents.map((d) => d.id)).toEqual([doc.id]);
    expect((await board.get(`/api/documents/${doc.id}/render?format=html`)).status).toBe(200);
    expect((await board.put(path, { html: 'x', rowVersion: 2 })).status).toBe(403);

    const next = await admin.post(`/api/documents/${doc.id}/versions`, {});
    expect(next.status).toBe(201);
    expect(await next.json()).toMatchObject({ version: 2, status: 'utkast' });

    const audit = (await (await admin.get('/api/audit?limit=100')).json()) as {
      entries?: { action: string }[];
    };
    const actions = JSON.stringify(audit);
    expect(actions).toContain('document.faststall');
    expect(actions).toContain('document.render');
  });

  it('refuses what it cannot take, with 4xx', async () => {
    const app = createApp(demo());
    const admin = client(app, await signInController(app));
    expect((await admin.post('/api/documents', { type: 'atgardsplan', year: 2023 })).status).toBe(
      400,
    );
    expect(
      (await admin.post('/api/documents', { type: 'delarsrapport', year: 2024, month: 13 })).status,
    ).toBe(400);
    expect((await admin.post('/api/documents', { type: 'arsbokslut', year: 2031 })).status).toBe(
      404,
    );
    expect((await admin.get('/api/documents/2147483647')).status).toBe(404);
    expect((await admin.get('/api/documents/1/render?format=odt')).status).toBe(400);
    expect(
      (
        await admin.put('/api/documents/1/sections/Inte%20en%20nyckel', {
          html: '',
          rowVersion: null,
        })
      ).status,
    ).toBe(400);
  });
});
