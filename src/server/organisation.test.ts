import { describe, expect, it } from 'vitest';
import { addUser, client, signInController } from '../../test/api.ts';
import { csvFile, useDemoDatabase } from '../../test/demo-db.ts';
import { ENGINES } from '../../test/test-db.ts';
import { createApp } from './app.ts';

interface Unit {
  code: string;
  name: string;
  level: string;
  parent: string | null;
  version: number;
}

interface Organisation {
  units: Unit[];
  unplaced: { code: string; name: string }[];
}

describe.each(ENGINES)('the organisation tree over HTTP on %s', (engine) => {
  const demo = useDemoDatabase(engine);

  it('shows everyone the tree with versions; a manager may not change it', async () => {
    const app = createApp(demo());
    const admin = await signInController(app);
    const eva = client(
      app,
      await addUser(app, admin, { username: 'eva', role: 'enhetschef', scope: ['IFO'] }),
    );
    const response = await eva.get('/api/organisation');
    expect(response.status).toBe(200);
    const tree = (await response.json()) as Organisation;
    expect(tree.unplaced).toEqual([]);
    expect(tree.units.filter((u) => u.parent === 'SOC').map((u) => u.code)).toEqual([
      'FS',
      'IFO',
      'STAB',
      'VOO',
    ]);
    expect(tree.units.find((u) => u.code === 'SOC')).toEqual({
      code: 'SOC',
      name: 'Socialförvaltningen',
      level: 'forvaltning',
      parent: null,
      version: 1,
    });
    expect(
      (await eva.post('/api/organisation/units', { code: 'X', name: 'X', level: 'enhet' })).status,
    ).toBe(403);
    expect((await eva.patch('/api/organisation/units/IFO', { name: 'X', version: 1 })).status).toBe(
      403,
    );
    expect((await eva.delete('/api/organisation/units/IFO?version=1')).status).toBe(403);
    expect(
      (await eva.upload('/api/imports/organisation?fileName=o.csv', csvFile(['kod;niva']))).status,
    ).toBe(403);
  });

  it('adds, moves and removes units with the rules of the import, refusing a stale version', async () => {
    const app = createApp(demo());
    const api = client(app, await signInController(app));
    const read = async () => (await (await api.get('/api/organisation')).json()) as Organisation;
    const ansvar = (await read()).units.find((u) => u.level === 'ansvar' && u.parent === 'VOO');
    if (!ansvar) throw new Error('the demo has no ansvar under VOO');

    const created = await api.post('/api/organisation/units', {
      code: 'HT',
      name: 'Hemtjänsten',
      level: 'enhet',
      parent: 'VOO',
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({
      unit: { code: 'HT', name: 'Hemtjänsten', level: 'enhet', parent: 'VOO', version: 1 },
    });
    const refusals = [
      [{ code: 'HT', name: 'Igen', level: 'enhet', parent: 'VOO' }, 'koden HT finns redan'],
      [{ code: '9999', name: '', level: 'ansvar', parent: 'HT' }, 'okänt ansvar 9999'],
      [
        { code: 'Y', name: 'Y', level: 'verksamhetsomrade', parent: 'HT' },
        'en verksamhetsomrade kan inte ligga under en enhet',
      ],
      [
        { code: 'Z', name: 'Z', level: 'enhet', parent: 'SAKNAS' },
        'den överordnade SAKNAS finns inte',
      ],
      [{ code: 'W', name: 'W', level: 'sektion' }, 'level: '],
    ] as const;
    for (const [body, message] of refusals) {
      const refused = await api.post('/api/organisation/units', body);
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { message: string }).message).toContain(message);
    }

    const moved = await api.patch(`/api/organisation/units/${ansvar.code}`, {
      parent: 'HT',
      version: ansvar.version,
    });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toEqual({
      unit: { ...ansvar, parent: 'HT', version: ansvar.version + 1 },
    });
    // Someone who read the unit before the move tries to rename it.
    const stale = await api.patch(`/api/organisation/units/${ansvar.code}`, {
      name: 'Nytt namn',
      version: ansvar.version,
    });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toEqual({
      code: 'CONFLICT',
      message: `enheten ${ansvar.code} är ändrad av någon annan sedan du läste den: läs in igen`,
    });
    const upwards = await api.patch(`/api/organisation/units/HT`, {
      parent: ansvar.code,
      version: 1,
    });
    expect(upwards.status).toBe(400);

    const withChild = await api.delete('/api/organisation/units/HT?version=1');
    expect(withChild.status).toBe(400);
    expect(((await withChild.json()) as { message: string }).message).toBe(
      `HT har underordnade enheter (${ansvar.code}): flytta eller ta bort dem först`,
    );
    expect((await api.delete(`/api/organisation/units/${ansvar.code}?version=1`)).status).toBe(409);
    expect(
      (await api.delete(`/api/organisation/units/${ansvar.code}?version=${ansvar.version + 1}`))
        .status,
    ).toBe(200);
    const after = await read();
    expect(after.units.some((u) => u.code === ansvar.code)).toBe(false);
    expect(after.unplaced).toEqual([{ code: ansvar.code, name: ansvar.name }]);

    // Placed again, it takes the ledger's name when given none.
    const placed = await api.post('/api/organisation/units', {
      code: ansvar.code,
      name: '',
      level: 'ansvar',
      parent: 'VOO',
    });
    expect(placed.status).toBe(201);
    expect(await placed.json()).toEqual({ unit: { ...ansvar, version: 1 } });
    expect((await api.delete('/api/organisation/units/HT?version=1')).status).toBe(200);

    const audit = (await (await api.get('/api/audit?action=organisation.')).json()) as {
      entries: { actor: string; action: string; target: string; before: unknown; after: unknown }[];
    };
    expect(audit.entries.map((e) => `${e.actor} ${e.action} ${e.target}`)).toEqual([
      'anna organisation.delete org:HT',
      `anna organisation.create org:${ansvar.code}`,
      `anna organisation.delete org:${ansvar.code}`,
      `anna organisation.update org:${ansvar.code}`,
      'anna organisation.create org:HT',
    ]);
    expect(audit.entries[3]).toMatchObject({
      before: { parent: 'VOO', version: ansvar.version },
      after: { parent: 'HT', version: ansvar.version + 1 },
    });
    expect(audit.entries[2]).toMatchObject({ before: { code: ansvar.code }, after: null });
  });

  it("refuses to remove a unit a user's scope names", async () => {
    const app = createApp(demo());
    const admin = await signInController(app);
    const api = client(app, admin);
    const tree = (await (await api.get('/api/organisation')).json()) as Organisation;
    const leaf = tree.units.find((u) => u.level === 'ansvar' && u.parent === 'FS');
    if (!leaf) throw new Error('the demo has no ansvar under FS');
    await addUser(app, admin, { username: 'frida', role: 'enhetschef', scope: [leaf.code] });
    const refused = await api.delete(
      `/api/organisation/units/${leaf.code}?version=${leaf.version}`,
    );
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toBe(
      `${leaf.code} ingår i området för frida: ändra deras område först`,
    );
  });

  it('exports the tree and imports it back, keeping the versions of units left as they were', async () => {
    const app = createApp(demo());
    const api = client(app, await signInController(app));
    const before = (await (await api.get('/api/organisation')).json()) as Organisation;
    const exported = await api.get('/api/organisation/export?format=csv');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toContain('organisation.csv');
    const lines = (await exported.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('kod;namn;niva;overordnad');

    // The file renames IFO; every other unit stays as it was.
    const renamed = lines.map((l) => l.replace(/^IFO;[^;]*;/, 'IFO;IFO och socialpsykiatri;'));
    const imported = await api.upload(
      '/api/imports/organisation?fileName=org.csv',
      csvFile(renamed),
    );
    expect(imported.status).toBe(201);
    expect(await imported.json()).toEqual({
      units: before.units.length,
      byLevel: {
        forvaltning: 1,
        verksamhetsomrade: 4,
        enhet: 0,
        ansvar: before.units.length - 5,
      },
    });
    const after = (await (await api.get('/api/organisation')).json()) as Organisation;
    expect(after.units).toEqual(
      before.units.map((u) =>
        u.code === 'IFO' ? { ...u, name: 'IFO och socialpsykiatri', version: u.version + 1 } : u,
      ),
    );

    const bad = await api.upload(
      '/api/imports/organisation?fileName=org.csv',
      csvFile(['kod;namn;niva;overordnad', 'SOC;Soc;forvaltning;', 'X;X;sektion;SOC']),
    );
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({
      code: 'TEMPLATE_REFUSED',
      message:
        'organisationsfilen har 1 fel; inget importerades:\n  org.csv, rad 3, kolumn niva: nivån "sektion" är inte en av forvaltning, verksamhetsomrade, enhet, ansvar',
      problems: [
        {
          sheet: 'org.csv',
          row: 3,
          column: 'niva',
          message: 'nivån "sektion" är inte en av forvaltning, verksamhetsomrade, enhet, ansvar',
        },
      ],
    });
    expect(await (await api.get('/api/organisation')).json()).toEqual(after);

    const audit = (await (await api.get('/api/audit?action=import.organisation')).json()) as {
      entries: { actor: string; target: string; before: unknown[]; after: unknown }[];
    };
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]?.before).toHaveLength(before.units.length);
    expect(audit.entries[0]).toMatchObject({
      actor: 'anna',
      target: 'org.csv',
      after: { units: before.units.length },
    });
  });
});
