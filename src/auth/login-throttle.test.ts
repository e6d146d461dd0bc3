import { describe, expect, it } from 'vitest';
import { createWorkGate, PasswordWorkBusy } from './auth.ts';
import { createLoginThrottle } from './login-throttle.ts';

describe('the sign-in throttle', () => {
  /** Fails `username` from `address` once, or says how long it must wait (ms). */
  function attempt(
    throttle: ReturnType<typeof createLoginThrottle>,
    username: string,
    address: string,
  ) {
    const admission = throttle.admit(username, address);
    if (!admission.admitted) return admission.retryAfterMs;
    admission.finish('failed');
    return 0;
  }

  it('makes each failure past the free ones wait twice as long, at most five minutes, and forgets after a quiet while', () => {
    let now = 0;
    const throttle = createLoginThrottle({ now: () => now });
    const waits: number[] = [];
    for (let failures = 0; failures < 15;) {
      const wait = attempt(throttle, 'anna', '10.0.0.1');
      if (wait === 0) failures += 1;
      else {
        waits.push(wait / 1000);
        now += wait;
      }
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 300]);
    expect(attempt(throttle, 'anna', '10.0.0.2')).toBe(300_000);
    now += 16 * 60_000;
    expect(attempt(throttle, 'anna', '10.0.0.3')).toBe(0);
  });

  it('clears a user’s failures when they sign in, but not their address’s', () => {
    let now = 0;
    const throttle = createLoginThrottle({ now: () => now });
    for (let i = 0; i < 5; i++) attempt(throttle, 'bo', '10.0.0.1');
    expect(attempt(throttle, 'bo', '10.0.0.1')).toBe(1000);
    now += 1000;
    const admission = throttle.admit('bo', '10.0.0.1');
    if (!admission.admitted) throw new Error('refused');
    admission.finish('signed-in');
    expect(attempt(throttle, 'bo', '10.0.0.1')).toBe(0);
    // One address guessing many users: 20 failures free, then it waits whoever it tries.
    for (let i = 0; i < 20; i++) attempt(throttle, `user${i}`, '10.0.0.9');
    expect(attempt(throttle, 'someone-new', '10.0.0.9')).toBe(1000);
  });

  it('lets only a few attempts per user be checked at once', () => {
    const throttle = createLoginThrottle();
    const first = throttle.admit('anna', '10.0.0.1');
    const second = throttle.admit('anna', '10.0.0.2');
    const third = throttle.admit('anna', '10.0.0.3');
    expect([first.admitted, second.admitted, third.admitted]).toEqual([true, true, false]);
    if (first.admitted) first.finish('not-checked');
    expect(throttle.admit('anna', '10.0.0.4').admitted).toBe(true);
  });

  it('runs at most the gate’s number of tasks at once and refuses past its queue', async () => {
    const gate = createWorkGate({ concurrency: 2, queue: 3 });
    let most = 0;
    const release: (() => void)[] = [];
    const task = () =>
      new Promise<void>((resolve) => {
        most = Math.max(most, gate.stats().running);
        release.push(resolve);
      });
    const runs = Array.from({ length: 7 }, () => gate.run(task));
    const settled = Promise.allSettled(runs);
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 1));
      release.shift()?.();
    }
    const results = await settled;
    expect(most).toBe(2);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(
      results.filter((r) => r.status === 'rejected' && r.reason instanceof PasswordWorkBusy),
    ).toHaveLength(2);
    expect(gate.stats()).toEqual({ running: 0, waiting: 0, completed: 5 });
  });
});
