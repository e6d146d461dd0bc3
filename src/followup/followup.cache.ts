import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { currentVersions } from '../db/data-version.ts';

/**
 * Answers computed from the figures, remembered until the figures change. Every committed write
 * to a table of figures, vouchers, names or structure bumps the database's figures version
 * (src/db/data-version.ts), so an answer remembered for one version is right for as long as the
 * database reports that version — also when several servers share one PostgreSQL, each
 * remembering its own. Keys hold everything an answer depends on, the user's scope included. A
 * handle inside a transaction that has written (whose version is bumped only when it commits) is
 * never served from memory.
 */
type Db = Kysely<Database>;

/** Answers kept per database handle; the least recently used go first. */
const MAX_ANSWERS = 500;

interface Remembered {
  version: bigint;
  answers: Map<string, Promise<unknown>>;
}

const byHandle = new WeakMap<Db, Remembered>();

/** One request's view of the remembered answers: the data version is read once, here. */
export interface Memo {
  /** The remembered answer for `key`, or `compute`'s (kept when it succeeds). Shared: never change it. */
  get<T>(key: string, compute: () => Promise<T>): Promise<T>;
}

const uncached: Memo = { get: (_key, compute) => compute() };

export async function memoFor(db: Db): Promise<Memo> {
  const version = (await currentVersions(db))?.figures;
  if (version === undefined) return uncached;
  let remembered = byHandle.get(db);
  if (remembered === undefined || remembered.version < version) {
    remembered = { version, answers: new Map() };
    byHandle.set(db, remembered);
  } else if (remembered.version > version) {
    // A snapshot older than what is remembered (a request that began before a commit): its
    // answers are neither taken from memory nor kept.
    return uncached;
  }
  const { answers } = remembered;
  return {
    get<T>(key: string, compute: () => Promise<T>): Promise<T> {
      const found = answers.get(key) as Promise<T> | undefined;
      if (found !== undefined) {
        // Most recently used last.
        answers.delete(key);
        answers.set(key, found);
        return found;
      }
      // Kept while it runs, so that simultaneous requests for the same answer compute it once.
      const answer = compute();
      answers.set(key, answer);
      void answer.catch(() => {
        if (answers.get(key) === answer) answers.delete(key);
      });
      if (answers.size > MAX_ANSWERS) {
        const oldest = answers.keys().next();
        if (oldest.done !== true) answers.delete(oldest.value);
      }
      return answer;
    },
  };
}

/** A scope as part of a key: null for everything, else its ansvar in order. */
export function scopeKey(ansvar: ReadonlySet<string> | undefined): string[] | null {
  return ansvar === undefined ? null : [...ansvar].sort();
}
