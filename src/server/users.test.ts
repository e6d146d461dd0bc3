import { describe, expect, it } from 'vitest';
import { addUser, client, signIn, signInController, type App } from '../../test/api.ts';
import { useDemoDatabase } from '../../test/demo-db.ts';
import { ENGINES } from '../../test/test-db.ts';
import { createApp } from './app.ts';

interface UserRecord {
  id: number;
  username: string;
  displayName: string;
  role: string;
  scope: string[];
  version: number;
  oidc: boolean;
}

async function users(app: App, signed: Parameters<typeof client>[1]): Promise<UserRecord[]> {
  const response = await client(app, signed).get('/api/users');
  expect(response.status).toBe(200);
  return ((await response.json()) as { users: UserRecord[] }).users;
}

async function message(response: Response): Promise<string> {
  return ((await response.json()) as { message: string }).message;
}

describe.each(ENGINES)('user management over HTTP on %s', (engine) => {
  const demo = useDemoDatabase(engine);

  it('lists users with their versions, and changes one only from the version read', async () => {
    const app = createApp(demo());
    const admin = await signInController(app);
    const api = client(app, admin);
    const created = await api.post('/api/users', {
      username: 'eva',
      displayName: 'Eva',
      password: 'evas långa lösenord',
      role: 'enhetschef',
      scope: ['IFO'],
    });
    expect(created.status).toBe(201);
    const { user: eva } = (await created.json()) as { user: UserRecord };
    expect(eva).toEqual({
      id: eva.id,
      username: 'eva',
      displayName: 'Eva',
      role: 'enhetschef',
      scope: ['IFO'],
      version: 1,
      oidc: false,
    });
    expect(await users(app, admin)).toEqual([
      {
        id: 1,
        username: 'anna',
        displayName: 'Anna Ek',
        role: 'controller',
        scope: [],
        version: 1,
        oidc: false,
      },
      eva,
    ]);

    const changed = await api.patch(`/api/users/${eva.id}`, {
      displayName: 'Eva Lind',
      scope: ['IFO', 'FS'],
      version: 1,
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toEqual({
      user: { ...eva, displayName: 'Eva Lind', scope: ['FS', 'IFO'], version: 2 },
    });
    // A second administrator's page still holds version 1.
    const stale = await api.patch(`/api/users/${eva.id}`, { role: 'namnd', version: 1 });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toEqual({
      code: 'CONFLICT',
      message: 'användaren eva är ändrad av någon annan sedan du läste den: läs in igen',
    });
    expect((await users(app, admin))[1]?.role).toBe('enhetschef');

    const audit = (await (await api.get('/api/audit?action=user.update')).json()) as {
      entries: { actor: string; target: string; before: unknown; after: unknown }[];
    };
    expect(audit.entries).toEqual([
      expect.objectContaining({
        actor: 'anna',
        target: 'user:eva',
        before: { displayName: 'Eva', role: 'enhetschef', scope: ['IFO'], version: 1 },
        after: { displayName: 'Eva Lind', role: 'enhetschef', scope: ['FS', 'IFO'], version: 2 },
      }),
    ]);
  });

  it('validates a change as it validates a new user', async () => {
    const app = createApp(demo());
    const admin = await signInController(app);
    const api = client(app, admin);
    const eva = (await users(app, admin)).find((u) => u.username === 'eva');
    if (!eva) throw new Error('eva is missing');
    const cases = [
      [
        { role: 'verksamhetschef', scope: [], version: eva.version },
        'en verksamhetschef behöver ett område',
      ],
      [{ scope: ['IFO', 'SAKNAS'], version: eva.version }, 'okänd del av organisationen: SAKNAS'],
      [{ password: 'kort', version: eva.version }, 'lösenordet ska ha minst 12 tecken'],
      [{ role: 'chef', version: eva.version }, 'role: '],
      [{ displayName: 'Eva' }, 'version: '],
    ] as const;
    for (const [body, expected] of cases) {
      const refused = await api.patch(`/api/users/${eva.id}`, body);
      expect(refused.status).toBe(400);
      expect(await message(refused)).toContain(expected);
    }
    const malformed = await app.request(`/api/users/${eva.id}`, {
      method: 'PATCH',
      body: '{"version": 1',
      headers: {
        cookie: admin.cookie,
        'x-csrf-token': admin.csrf,
        'content-type': 'application/json',
      },
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((await api.patch('/api/users/999', { displayName: 'X', version: 1 })).status).toBe(404);
    // Nothing of the refused changes was kept.
    expect((await users(app, admin)).find((u) => u.id === eva.id)).toEqual(eva);
  });

  it("ends a user's sessions when their password or role changes, but not the changer's own", async () => {
    const app = createApp(demo());
    const admin = await signInController(app);
    const api = client(app, admin);
    const olle = await addUser(app, admin, { username: 'olle', role: 'forvaltningschef' });
    const olleId = (await users(app, admin)).find((u) => u.username === 'olle')?.id ?? 0;
    expect((await client(app, olle).get('/api/me')).status).toBe(200);

    const renamed = await api.patch(`/api/users/${olleId}`, { displayName: 'Olle', version: 1 });
    expect(renamed.status).toBe(200);
    expect((await client(app, olle).get('/api/me')).status).toBe(200);

    const newPassword = await api.patch(`/api/users/${olleId}`, {
      password: 'olles nya långa lösenord',
      version: 2,
    });
    expect(newPassword.status).toBe(200);
    expect((await client(app, olle).get('/api/me')).status).toBe(401);
    const again = await signIn(app, 'olle', 'olles nya långa lösenord');

    expect((await api.patch(`/api/users/${olleId}`, { role: 'namnd', version: 3 })).status).toBe(
      200,
    );
    expect((await client(app, again).get('/api/me')).status).toBe(401);

    // The controller changing her own password stays signed in.
    const anna = (await users(app, admin)).find((u) => u.username === 'anna');
    const own = await api.patch(`/api/users/${anna?.id ?? 0}`, {
      password: 'annas nya långa lösenord',
      version: anna?.version ?? 0,
    });
    expect(own.status).toBe(200);
    expect((await api.get('/api/me')).status).toBe(200);
    const back = await api.patch(`/api/users/${anna?.id ?? 0}`, {
      password: 'ett långt lösenord',
      version: (anna?.version ?? 0) + 1,
    });
    expect(back.status).toBe(200);

    const audit = (await (await api.get('/api/audit?action=user.update&limit=2')).json()) as {
      entries: { after: Record<string, unknown> }[];
    };
    expect(audit.entries[0]?.after).toMatchObject({ passwordChanged: true });
    expect(JSON.stringify(audit.entries)).not.toContain('annas nya');
  });

  it('removes a user, never oneself nor the last controller, and only for the controller', async () => {
    const app = createApp(demo());
    const admin = await signInController(app);
    const api = client(app, admin);
    const all = await users(app, admin);
    const anna = all.find((u) => u.username === 'anna');
    const eva = all.find((u) => u.username === 'eva');
    if (!anna || !eva) throw new Error('anna or eva is missing');

    const evaSigned = client(app, await signIn(app, 'eva', 'evas långa lösenord'));
    expect((await evaSigned.get('/api/users')).status).toBe(403);
    expect(
      (await evaSigned.patch(`/api/users/${eva.id}`, { displayName: 'X', version: eva.version }))
        .status,
    ).toBe(403);
    expect((await evaSigned.delete(`/api/users/${anna.id}?version=${anna.version}`)).status).toBe(
      403,
    );

    const self = await api.delete(`/api/users/${anna.id}?version=${anna.version}`);
    expect(self.status).toBe(400);
    expect(await message(self)).toBe(
      'du kan inte ta bort dig själv: be en annan ekonom/controller',
    );
    const demote = await api.patch(`/api/users/${anna.id}`, {
      role: 'forvaltningschef',
      version: anna.version,
    });
    expect(demote.status).toBe(400);
    expect(await message(demote)).toBe(
      'anna är den enda ekonom/controller (administratör): ge någon annan den rollen först',
    );

    expect((await api.delete(`/api/users/${eva.id}?version=${eva.version - 1}`)).status).toBe(409);
    const deleted = await api.delete(`/api/users/${eva.id}?version=${eva.version}`);
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ deleted: true });
    expect((await users(app, admin)).some((u) => u.username === 'eva')).toBe(false);
    expect((await evaSigned.get('/api/me')).status).toBe(401);

    const audit = (await (await api.get('/api/audit?action=user.delete')).json()) as {
      entries: { actor: string; target: string; before: unknown; after: unknown }[];
    };
    expect(audit.entries).toEqual([
      expect.objectContaining({
        actor: 'anna',
        target: 'user:eva',
        before: {
          displayName: 'Eva Lind',
          role: 'enhetschef',
          scope: ['FS', 'IFO'],
          version: eva.version,
        },
        after: null,
      }),
    ]);
  });
});
