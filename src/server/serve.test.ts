import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test/test-db.ts';
import type { BalansDb } from '../db/database.ts';
import { serverSettings, serverWarnings, startServer } from './serve.ts';

describe('where the server listens', () => {
  let handle: BalansDb | undefined;
  beforeAll(async () => {
    handle = await openTestDb('pglite');
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('D10: serves the demo, whose passwords are published, on this machine only unless a host is asked for', async () => {
    if (!handle) throw new Error('not open');
    const server = await startServer(handle, { port: 0, demo: true, webRoot: '/nonexistent' });
    try {
      expect(server.hostname).toBe('127.0.0.1');
    } finally {
      await server.close();
    }
    expect(serverSettings({ demo: true }, {}).hostname).toBe('127.0.0.1');
    expect(serverSettings({ demo: true }, { HOST: '0.0.0.0' }).hostname).toBe('0.0.0.0');
    expect(
      serverSettings({ demo: true, hostname: '192.0.2.1' }, { HOST: '0.0.0.0' }).hostname,
    ).toBe('192.0.2.1');
    // balans serve, for a real installation, still listens on every interface by default.
    expect(serverSettings({}, {}).hostname).toBe('0.0.0.0');
  });

  it('D8: takes the public URL and trust in the proxy from the options or the environment, and refuses wrong ones', () => {
    expect(serverSettings({}, { BALANS_PUBLIC_URL: 'https://balans.kommun.se' })).toEqual({
      hostname: '0.0.0.0',
      publicUrl: new URL('https://balans.kommun.se'),
      trustProxy: false,
    });
    expect(serverSettings({}, { BALANS_TRUST_PROXY: '1' }).trustProxy).toBe(true);
    expect(serverSettings({ trustProxy: false }, { BALANS_TRUST_PROXY: '1' }).trustProxy).toBe(
      false,
    );
    expect(() => serverSettings({}, { BALANS_PUBLIC_URL: 'balans.kommun.se' })).toThrow(
      /BALANS_PUBLIC_URL balans.kommun.se: ange adressen/,
    );
    expect(() => serverSettings({}, { BALANS_TRUST_PROXY: 'ja' })).toThrow(/BALANS_TRUST_PROXY=ja/);
    expect(() => serverSettings({ hostname: 'a b' }, {})).toThrow(/--host a b/);
    // Reachable from other machines without https: the operator is told.
    expect(serverWarnings(serverSettings({}, {}))).toHaveLength(1);
    expect(serverWarnings(serverSettings({ demo: true }, {}))).toEqual([]);
    expect(
      serverWarnings(serverSettings({}, { BALANS_PUBLIC_URL: 'https://balans.kommun.se' })),
    ).toEqual([]);
  });
});
