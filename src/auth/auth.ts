import { randomBytes, scrypt, timingSafeEqual, createHash } from 'node:crypto';
import { promisify } from 'node:util';

/** Roles (DOMAIN.md, People): what each may see and do. */
export const ROLES = [
  'controller',
  'forvaltningschef',
  'verksamhetschef',
  'enhetschef',
  'namnd',
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(text: string): text is Role {
  return (ROLES as readonly string[]).includes(text);
}

/** Ekonom/controller and förvaltningschef see the whole administration; managers only their scope. */
export function seesEverything(role: Role): boolean {
  return role === 'controller' || role === 'forvaltningschef';
}

/** Only the controller manages users, the organisation and imports. */
export function administers(role: Role): boolean {
  return role === 'controller';
}

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** scrypt parameters (memory-hard: 64 MiB per hash with N = 2^16, r = 8). */
const N = 65_536;
const R = 8;
const P = 1;
const MAXMEM = 128 * 1024 * 1024;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password.normalize('NFC'), salt, 32, {
    N,
    r: R,
    p: P,
    maxmem: MAXMEM,
  });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(
    password.normalize('NFC'),
    Buffer.from(salt, 'base64'),
    expected.length,
    { N: Number(n), r: Number(r), p: Number(p), maxmem: MAXMEM },
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A password policy a municipality can live with: long enough, not only digits. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 12) return 'lösenordet ska ha minst 12 tecken';
  if (/^\d+$/.test(password)) return 'lösenordet får inte bara vara siffror';
  return undefined;
}
