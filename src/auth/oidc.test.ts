import { describe, expect, it } from 'vitest';
import {
  claimValues,
  displayNameFromClaims,
  oidcConfigFromEnv,
  oidcSubject,
  parseRoleMap,
  roleFromClaims,
  safeReturnTo,
  scopeFromClaims,
  usernameFromClaims,
  type OidcConfig,
} from './oidc.ts';

const ENV = {
  BALANS_OIDC_ISSUER: 'https://login.kommun.se/realms/kommun',
  BALANS_OIDC_CLIENT_ID: 'balans',
  BALANS_OIDC_CLIENT_SECRET: 'hemligt',
  BALANS_OIDC_REDIRECT_URI: 'https://balans.kommun.se/api/auth/oidc/callback',
  BALANS_OIDC_ROLES:
    'balans-ekonom=controller,balans-fc=forvaltningschef,balans-vc=verksamhetschef,balans-ec=enhetschef,balans-namnd=namnd',
};

function config(overrides: Partial<OidcConfig> = {}): OidcConfig {
  const parsed = oidcConfigFromEnv(ENV);
  if (!parsed) throw new Error('expected a configuration');
  return { ...parsed, ...overrides };
}

describe('oidcConfigFromEnv', () => {
  it('is off without BALANS_OIDC_ISSUER', () => {
    expect(oidcConfigFromEnv({})).toBeUndefined();
    expect(oidcConfigFromEnv({ BALANS_OIDC_ISSUER: '  ', BALANS_OIDC_CLIENT_ID: 'x' })).toBe(
      undefined,
    );
  });

  it('reads every setting, with the defaults for those left out', () => {
    expect(oidcConfigFromEnv(ENV)).toEqual({
      issuer: 'https://login.kommun.se/realms/kommun',
      clientId: 'balans',
      clientSecret: 'hemligt',
      redirectUri: 'https://balans.kommun.se/api/auth/oidc/callback',
      scopes: 'openid profile email',
      roleClaim: 'roles',
      roleMap: {
        'balans-ekonom': 'controller',
        'balans-fc': 'forvaltningschef',
        'balans-vc': 'verksamhetschef',
        'balans-ec': 'enhetschef',
        'balans-namnd': 'namnd',
      },
      label: 'Logga in med kommunens konto',
    });
    const full = oidcConfigFromEnv({
      ...ENV,
      BALANS_OIDC_CLIENT_SECRET: '',
      BALANS_OIDC_ROLE_CLAIM: 'realm_access.roles',
      BALANS_OIDC_SCOPE_CLAIM: 'balans_org',
      BALANS_OIDC_SCOPES: 'groups profile',
      BALANS_OIDC_LABEL: 'Logga in med Kommun-ID',
    });
    expect(full).toMatchObject({
      roleClaim: 'realm_access.roles',
      scopeClaim: 'balans_org',
      scopes: 'openid groups profile',
      label: 'Logga in med Kommun-ID',
    });
    // An empty secret is a public client (PKCE only), not a secret of "".
    expect(full).not.toHaveProperty('clientSecret');
  });

  it('names the variable that is missing or wrong', () => {
    const noClient = { ...ENV, BALANS_OIDC_CLIENT_ID: undefined };
    expect(() => oidcConfigFromEnv(noClient)).toThrow(/^BALANS_OIDC_CLIENT_ID saknas/);
    expect(() => oidcConfigFromEnv({ ...ENV, BALANS_OIDC_REDIRECT_URI: undefined })).toThrow(
      /^BALANS_OIDC_REDIRECT_URI saknas/,
    );
    expect(() => oidcConfigFromEnv({ ...ENV, BALANS_OIDC_ROLES: 'balans-ekonom=ekonom' })).toThrow(
      'BALANS_OIDC_ROLES: okänd roll "ekonom" för "balans-ekonom"',
    );
    expect(() => oidcConfigFromEnv({ ...ENV, BALANS_OIDC_ROLES: 'controller' })).toThrow(
      /BALANS_OIDC_ROLES: "controller" ska skrivas värde=roll/,
    );
    expect(() =>
      oidcConfigFromEnv({ ...ENV, BALANS_OIDC_ISSUER: 'http://login.kommun.se' }),
    ).toThrow(/BALANS_OIDC_ISSUER ska börja med https/);
    expect(() => oidcConfigFromEnv({ ...ENV, BALANS_OIDC_ISSUER: 'login.kommun.se' })).toThrow(
      /BALANS_OIDC_ISSUER ska vara en webbadress/,
    );
    expect(() =>
      oidcConfigFromEnv({ ...ENV, BALANS_OIDC_REDIRECT_URI: 'https://balans.kommun.se/callback' }),
    ).toThrow(/BALANS_OIDC_REDIRECT_URI ska sluta på \/api\/auth\/oidc\/callback/);
    try {
      oidcConfigFromEnv(noClient);
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
  });

  it('allows plain http to a provider on this machine only', () => {
    expect(
      oidcConfigFromEnv({
        ...ENV,
        BALANS_OIDC_ISSUER: 'http://127.0.0.1:8081',
        BALANS_OIDC_REDIRECT_URI: 'http://localhost:8080/api/auth/oidc/callback',
      })?.issuer,
    ).toBe('http://127.0.0.1:8081');
  });
});

describe('parseRoleMap', () => {
  it('takes semicolons or lines when the values hold commas (LDAP names)', () => {
    expect(
      parseRoleMap('cn=ekonomer,ou=grupper,dc=kommun=controller; cn=chefer,ou=grupper=enhetschef'),
    ).toEqual({
      'cn=ekonomer,ou=grupper,dc=kommun': 'controller',
      'cn=chefer,ou=grupper': 'enhetschef',
    });
    expect(parseRoleMap('/balans/ekonom=controller\n/balans/namnd=namnd\n')).toEqual({
      '/balans/ekonom': 'controller',
      '/balans/namnd': 'namnd',
    });
    expect(parseRoleMap('')).toEqual({});
  });
});

describe('claimValues', () => {
  it('reads a string or an array, by name or by a dotted path', () => {
    expect(claimValues({ roles: 'a' }, 'roles')).toEqual(['a']);
    expect(claimValues({ roles: ['a', 'b', 3, null, ''] }, 'roles')).toEqual(['a', 'b']);
    expect(claimValues({ realm_access: { roles: ['x'] } }, 'realm_access.roles')).toEqual(['x']);
    expect(claimValues({ 'https://kommun.se/roles': ['y'] }, 'https://kommun.se/roles')).toEqual([
      'y',
    ]);
    expect(claimValues({ realm_access: ['roles'] }, 'realm_access.roles')).toEqual([]);
    expect(claimValues({}, 'roles')).toEqual([]);
  });
});

describe('roleFromClaims', () => {
  it('takes the mapped role that sees the most, and ignores values without a role', () => {
    const c = config();
    expect(roleFromClaims(c, { roles: ['balans-namnd', 'balans-ec', 'andra'] })).toBe('enhetschef');
    expect(roleFromClaims(c, { roles: ['balans-vc', 'balans-fc'] })).toBe('forvaltningschef');
    expect(roleFromClaims(c, { roles: ['balans-namnd', 'balans-ekonom'] })).toBe('controller');
    expect(roleFromClaims(c, { roles: 'balans-vc' })).toBe('verksamhetschef');
    expect(roleFromClaims(c, { roles: ['andra', 'toString', 'constructor'] })).toBeUndefined();
    expect(roleFromClaims(c, {})).toBeUndefined();
    expect(
      roleFromClaims(config({ roleClaim: 'realm_access.roles' }), {
        realm_access: { roles: ['balans-fc'] },
      }),
    ).toBe('forvaltningschef');
  });
});

describe('scopeFromClaims', () => {
  it('gives org codes when a scope claim is configured', () => {
    expect(scopeFromClaims(config(), { org: ['IFO'] })).toBeUndefined();
    const c = config({ scopeClaim: 'org' });
    expect(scopeFromClaims(c, { org: ['VOO', 'IFO', ' IFO '] })).toEqual(['IFO', 'VOO']);
    expect(scopeFromClaims(c, { org: 'FS' })).toEqual(['FS']);
    expect(scopeFromClaims(c, {})).toEqual([]);
  });
});

describe('a new user from the claims', () => {
  it('gets a username Balans allows, and a name', () => {
    expect(usernameFromClaims({ sub: '1', preferred_username: 'Åsa Öberg' })).toBe('asa-oberg');
    expect(usernameFromClaims({ sub: '1', email: 'Per.Ek@Kommun.se' })).toBe('per.ek@kommun.se');
    expect(usernameFromClaims({ sub: 'f81d4fae-7dec' })).toBe('f81d4fae-7dec');
    expect(usernameFromClaims({ sub: '✓', preferred_username: '!' })).toBe('oidc-user');
    expect(displayNameFromClaims({ name: ' Åsa Öberg ' }, 'asa')).toBe('Åsa Öberg');
    expect(displayNameFromClaims({ given_name: 'Per', family_name: 'Ek' }, 'per')).toBe('Per Ek');
    expect(displayNameFromClaims({}, 'per')).toBe('per');
    expect(oidcSubject('https://login.kommun.se', 'abc')).toBe('https://login.kommun.se|abc');
  });
});

describe('safeReturnTo', () => {
  it('keeps paths on this site and nothing else', () => {
    expect(safeReturnTo('/rapporter?year=2024')).toBe('/rapporter?year=2024');
    expect(safeReturnTo('/')).toBe('/');
    expect(safeReturnTo(undefined)).toBe('/');
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example/',
      'rapporter',
      '/a\nb',
      '',
    ])
      expect(safeReturnTo(bad)).toBe('/');
  });
});
