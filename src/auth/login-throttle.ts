/**
 * Password guessing held back, per username and per client address: a few failures are free,
 * then each further attempt waits twice as long as the last (1 s, 2 s, 4 s, … at most 5 minutes),
 * so a real user who mistypes is never locked out for long, and a guesser gets a handful of
 * tries an hour. A success clears the user's count (not the address's: one account of one's own
 * must not reset the guessing of others). At most a few attempts per user and per address are
 * checked at once, so a burst of concurrent guesses is answered at once instead of queueing
 * password hashes.
 *
 * Kept in this process's memory: fast, and a refused attempt costs no database work. Several
 * servers behind one load balancer each keep their own counts (docs/deployment.md).
 */

export interface ThrottleLimits {
  /** Failures before any waiting. */
  freeFailures: number;
  /** Attempts checked at once. */
  inFlight: number;
}

export interface ThrottleSettings {
  user: ThrottleLimits;
  address: ThrottleLimits;
  /** The first wait, doubled by each failure after the free ones. */
  firstWaitMs: number;
  /** The longest wait. */
  maxWaitMs: number;
  /** Failures are forgotten after this long without one. */
  forgetAfterMs: number;
  /** Keys remembered at most; the least recently failed go first. */
  maxKeys: number;
  now: () => number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = {
  user: { freeFailures: 5, inFlight: 2 },
  address: { freeFailures: 20, inFlight: 4 },
  firstWaitMs: 1000,
  maxWaitMs: 5 * 60_000,
  forgetAfterMs: 15 * 60_000,
  maxKeys: 50_000,
  now: () => Date.now(),
};

export type Admission =
  | { admitted: false; retryAfterMs: number }
  /** `not-checked`: the password was never checked (the server was busy), so nothing is counted. */
  | { admitted: true; finish(outcome: 'signed-in' | 'failed' | 'not-checked'): void };

export interface LoginThrottle {
  /** May `username` from `address` try a password now? Call `finish` when the check is done. */
  admit(username: string, address: string): Admission;
}

interface Entry {
  failures: number;
  lastFailure: number;
  inFlight: number;
}

export function createLoginThrottle(settings: Partial<ThrottleSettings> = {}): LoginThrottle {
  const s: ThrottleSettings = { ...DEFAULT_THROTTLE, ...settings };
  const entries = new Map<string, Entry>();

  const entry = (key: string, now: number): Entry => {
    let found = entries.get(key);
    if (found && found.inFlight === 0 && now - found.lastFailure > s.forgetAfterMs) {
      entries.delete(key);
      found = undefined;
    }
    if (!found) {
      found = { failures: 0, lastFailure: now, inFlight: 0 };
      entries.set(key, found);
      if (entries.size > s.maxKeys) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
    }
    return found;
  };

  const waitMs = (e: Entry, limits: ThrottleLimits, now: number): number => {
    if (e.inFlight >= limits.inFlight) return s.firstWaitMs;
    if (e.failures < limits.freeFailures) return 0;
    const wait = Math.min(s.maxWaitMs, s.firstWaitMs * 2 ** (e.failures - limits.freeFailures));
    return Math.max(0, e.lastFailure + wait - now);
  };

  const release = (key: string, e: Entry) => {
    e.inFlight -= 1;
    if (e.inFlight === 0 && e.failures === 0) entries.delete(key);
  };

  return {
    admit(username, address) {
      const now = s.now();
      const userKey = `user:${username}`;
      const addressKey = `address:${address}`;
      const user = entry(userKey, now);
      const from = entry(addressKey, now);
      const retryAfterMs = Math.max(waitMs(user, s.user, now), waitMs(from, s.address, now));
      if (retryAfterMs > 0) {
        if (user.inFlight === 0 && user.failures === 0) entries.delete(userKey);
        if (from.inFlight === 0 && from.failures === 0) entries.delete(addressKey);
        return { admitted: false, retryAfterMs };
      }
      user.inFlight += 1;
      from.inFlight += 1;
      let finished = false;
      return {
        admitted: true,
        finish(outcome) {
          if (finished) return;
          finished = true;
          const at = s.now();
          if (outcome === 'failed') {
            for (const [key, e] of [
              [userKey, user],
              [addressKey, from],
            ] as const) {
              e.failures += 1;
              e.lastFailure = at;
              // The most recently failed are the last to be let go of.
              entries.delete(key);
              entries.set(key, e);
            }
          } else if (outcome === 'signed-in') {
            user.failures = 0;
          }
          release(userKey, user);
          release(addressKey, from);
        },
      };
    },
  };
}
