import type { Role } from './auth.ts';

/** OpenID Connect sign-in settings (from the environment; see the README). */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  /** Where the provider sends the user back: https://balans.example/api/auth/oidc/callback */
  redirectUri: string;
  /** The claim that carries roles or groups, e.g. "roles" or "groups". */
  roleClaim: string;
  /** Claim value → Balans role. */
  roleMap: Record<string, Role>;
}
