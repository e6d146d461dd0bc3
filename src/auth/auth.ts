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

/**
 * Password hashes run a few at a time, the rest wait in a short queue: each takes 64 MiB and a
 * thread of libuv's pool, so a flood of sign-ins must neither take the memory nor the threads the
 * rest of the server needs. Past the queue, the attempt is refused at once (PasswordWorkBusy).
 */
const PASSWORD_WORK = { concurrency: 2, queue: 16 };

/** Too many password checks at once: try again in a moment. */
export class PasswordWorkBusy extends Error {
  constructor() {
    super('Balans har många inloggningar just nu: försök igen om en stund');
    this.name = 'PasswordWorkBusy';
  }
}

/** Tasks run at most `concurrency` at a time; up to `queue` more wait in turn, the rest are refused. */
export function createWorkGate(limits: { concurrency: number; queue: number }) {
  const state = { running: 0, waiting: [] as (() => void)[], completed: 0 };
  return {
    stats: () => ({
      running: state.running,
      waiting: state.waiting.length,
      completed: state.completed,
    }),
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (state.running >= limits.concurrency) {
        if (state.waiting.length >= limits.queue) throw new PasswordWorkBusy();
        await new Promise<void>((resolve) => state.waiting.push(resolve));
      } else {
        state.running += 1;
      }
      try {
        return await task();
      } finally {
        state.completed += 1;
        // The slot passes straight to the next in line, or is given back.
        const next = state.waiting.shift();
        if (next) next();
        else state.running -= 1;
      }
    },
  };
}

const passwordGate = createWorkGate(PASSWORD_WORK);

/** How many password hashes have run in this process, and how many run now (for tests). */
export function passwordWork(): { running: number; waiting: number; completed: number } {
  return passwordGate.stats();
}

function scryptHash(
  password: string,
  salt: Buffer,
  keylen: number,
  n: number,
  r: number,
  p: number,
) {
  return passwordGate.run(() =>
    scryptAsync(password.normalize('NFC'), salt, keylen, { N: n, r, p, maxmem: MAXMEM }),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptHash(password, salt, 32, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptHash(
    password,
    Buffer.from(salt, 'base64'),
    expected.length,
    Number(n),
    Number(r),
    Number(p),
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let dummy: Promise<string> | undefined;

/**
 * A hash no password matches, with today's parameters: an unknown user (or one who signs in only
 * with OpenID Connect) is checked against it, so refusing them takes as long as a wrong password
 * and the time does not tell which usernames exist.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(newToken()).catch((error: unknown) => {
    dummy = undefined;
    throw error;
  });
  return dummy;
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
