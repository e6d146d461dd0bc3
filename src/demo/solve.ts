/**
 * A small integer feasibility solver for the demo municipality: find amounts (whole kronor) within
 * bounds so that given sums fall in given ranges. The seed's tables were rounded cell by cell, so
 * their totals differ from the sums of their rounded parts by ±1 tkr; exact amounts that
 * reproduce every printed cell must be chosen together. Greedy repair, deterministic.
 */
export interface Variable {
  lo: number;
  hi: number;
  value: number;
}

export interface Constraint {
  terms: readonly (readonly [index: number, coefficient: 1 | -1])[];
  lo: number;
  hi: number;
  label: string;
}

function sumOf(c: Constraint, values: readonly number[]): number {
  let sum = 0;
  for (const [i, k] of c.terms) sum += k * (values[i] ?? 0);
  return sum;
}

function violation(c: Constraint, values: readonly number[]): number {
  const s = sumOf(c, values);
  return s < c.lo ? c.lo - s : s > c.hi ? s - c.hi : 0;
}

export function solve(
  variables: readonly Variable[],
  constraints: readonly Constraint[],
): number[] {
  const values = variables.map((v) => Math.min(v.hi, Math.max(v.lo, v.value)));
  const byVariable = variables.map(() => [] as Constraint[]);
  for (const c of constraints) for (const [i] of c.terms) byVariable[i]?.push(c);
  const local = (i: number) => (byVariable[i] ?? []).reduce((t, c) => t + violation(c, values), 0);

  // A seeded generator (mulberry32): the same figures every run.
  let seed = 0x5eed;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  for (let round = 0; round < 200_000; round++) {
    const brokenAll = constraints.filter((c) => violation(c, values) > 0);
    if (brokenAll.length === 0) return values;
    const broken = brokenAll[Math.floor(random() * brokenAll.length)];
    if (!broken) break;
    const s = sumOf(broken, values);
    const target = Math.round((broken.lo + broken.hi) / 2);
    let best: { i: number; step: number; gain: number } | undefined;
    const sideways: { i: number; step: number }[] = [];
    for (const [i, k] of broken.terms) {
      const variable = variables[i];
      const current = values[i];
      if (!variable || current === undefined) continue;
      for (const share of [1, 0.5, 0.25, 0.1, 0.01]) {
        const wanted = Math.round(((target - s) * share) / k);
        const next = Math.min(variable.hi, Math.max(variable.lo, current + wanted));
        const step = next - current;
        if (step === 0) continue;
        const before = local(i);
        values[i] = current + step;
        const gain = before - local(i);
        values[i] = current;
        if (gain > 0 && (!best || gain > best.gain)) best = { i, step, gain };
        if (gain === 0) sideways.push({ i, step });
      }
    }
    // No move helps: take one that does no harm, and let the next round repair elsewhere.
    const move = best ?? sideways[Math.floor(random() * sideways.length)];
    if (!move)
      throw new Error(
        `the demo figures cannot meet "${broken.label}" (sum ${s}, wanted ${broken.lo}…${broken.hi})`,
      );
    values[move.i] = (values[move.i] ?? 0) + move.step;
  }
  throw new Error('the demo figures did not converge');
}

/** The whole kronor that print as `tkr` when rounded half away from zero to thousands. */
export function tkrRange(tkr: number): { lo: number; hi: number } {
  if (tkr > 0) return { lo: tkr * 1000 - 500, hi: tkr * 1000 + 499 };
  if (tkr < 0) return { lo: tkr * 1000 - 499, hi: tkr * 1000 + 500 };
  return { lo: -499, hi: 499 };
}
