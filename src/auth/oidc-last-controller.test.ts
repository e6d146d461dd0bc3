import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestDb } from '../../test/test-db.ts';
import type { BalansDb } from '../db/database.ts';
import { createUser } from './auth.service.ts';
import { oidcConfigFromEnv } from './oidc.ts';
import { oidcUser } from './oidc.service.ts';

const config = oidcConfigFromEnv({
  BALANS_OIDC_ISSUER: 'https://login.kommun.se/realms/kommun',
  BALANS_OIDC_CLIENT_ID: 'balans',
  BALANS_OIDC_CLIENT_SECRET: 'hemligt',
  BALANS_OIDC_REDIRECT_URI: 'https://balans.kommun.se/api/auth/oidc/callback',
  BALANS_OIDC_ROLES: 'balans-ekonom=controller,balans-fc=forvaltningschef,balans-namnd=namnd',
});

describe.each(ENGINES)('an OpenID Connect sign-in and the last controller on %s', (engine) => {
  let handle: BalansDb | undefined;
  const db = () => {
    if (!handle) throw new Error('no database');
    return handle.db;
  };
  beforeAll(async () => {
    handle = await openTestDb(engine);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('keeps the last controller a controller when the claims demote her, with a warning in the audit log', async () => {
    if (!config) throw new Error('no configuration');
    const anna = { sub: 'k-1001', preferred_username: 'anna', name: 'Anna Andersson' };
    const created = await oidcUser(db(), config, { ...anna, roles: ['balans-ekonom'] });
    expect(created.role).toBe('controller');

    // The directory moves her to the board: Balans would have no administrator left.
    const kept = await oidcUser(db(), config, { ...anna, roles: ['balans-namnd'] });
    expect(kept.role).toBe('controller');
    const entries = await db()
      .selectFrom('audit_log')
      .select(['actor', 'action', 'target', 'after'])
      .where('target', '=', 'user:anna')
      .orderBy('id')
      .execute();
    expect(entries.map((e) => e.action)).toEqual(['user.create', 'user.role-kept']);
    expect(entries[1]?.after).toMatchObject({
      role: 'controller',
      claimedRole: 'namnd',
      warning: expect.stringMatching(/enda ekonom\/controller/) as unknown,
    });

    // With another controller in Balans, the claims are followed.
    await createUser(db(), 'test', {
      username: 'eva',
      displayName: 'Eva Ekonom',
      password: 'ett långt lösenord',
      role: 'controller',
      scope: [],
    });
    const demoted = await oidcUser(db(), config, { ...anna, roles: ['balans-fc'] });
    expect(demoted.role).toBe('forvaltningschef');
  });
});
