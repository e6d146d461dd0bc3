import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The demo takes figures and names from the seed documents in ../shared/seeds, never their
 * prose: no line of the repository's code or documents may repeat a run of eight of a seed's
 * words. Words are runs of letters, lower-cased, so figures and punctuation do not count and a
 * word the PDF hyphenated over a line break is whole again ("utföran-\ndegrad").
 */
const RUN = 8;
const ROOT = join(import.meta.dirname, '..', '..');
const SEEDS = join(ROOT, '..', 'shared', 'seeds');
const SCANNED = ['src', 'web/src', 'docs', 'test', 'bench', 'README.md'];
const SKIPPED = /\.(png|jpe?g|pdf|xlsx|docx|woff2?|ttf|otf|lock)$/;

/**
 * Names carry over (an indicator's official title, a goal's or a statistics row's name): a line
 * that is nothing but a name given as a string (`name: '…',` or `const name = '…';`) may repeat
 * the seed. Descriptions, comments and analyses never.
 */
const NAME_LINE = /^\s*(?:const\s+)?name\s*[:=]\s*(['"`])[^'"`]*\1[,;]?\s*$/;

const words = (text: string) => text.toLowerCase().match(/[a-zåäöéü]+/g) ?? [];

function runsOf(text: string): Set<string> {
  const all = words(text.replace(/-\n/g, ''));
  const runs = new Set<string>();
  for (let i = 0; i + RUN <= all.length; i++) runs.add(all.slice(i, i + RUN).join(' '));
  return runs;
}

/** The first run of a line that the seeds hold, or undefined. */
function seedRunIn(line: string, seedRuns: Set<string>): string | undefined {
  const all = words(line);
  for (let i = 0; i + RUN <= all.length; i++) {
    const run = all.slice(i, i + RUN).join(' ');
    if (seedRuns.has(run)) return run;
  }
  return undefined;
}

function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  if (!existsSync(full)) return [];
  if (statSync(full).isFile()) return [full];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('the seeds’ prose', () => {
  const seedFiles = readdirSync(SEEDS).filter((f) => f.endsWith('.txt'));
  const seedRuns = new Set(
    seedFiles.flatMap((f) => [...runsOf(readFileSync(join(SEEDS, f), 'utf8'))]),
  );

  it('is read from the seed files, and a sentence of them is found in a line', () => {
    expect(seedFiles.length).toBeGreaterThanOrEqual(2);
    // A line of a seed is found as it stands; with every seventh word changed it is not.
    const seed = readFileSync(join(SEEDS, seedFiles[0] ?? ''), 'utf8');
    const line = seed.split('\n').find((l) => words(l).length >= RUN + 2) ?? '';
    expect(seedRunIn(`"${line.trim()}"`, seedRuns)).toBeDefined();
    const changed = words(line)
      .map((w, i) => (i % (RUN - 1) === RUN - 2 ? 'exempelkommun' : w))
      .join(' ');
    expect(seedRunIn(changed, seedRuns)).toBeUndefined();
    // A name may be a seed's words; the same words as a description may not.
    expect(NAME_LINE.test(`  name: '${line.trim().replace(/['"`]/g, '')}',`)).toBe(true);
    expect(NAME_LINE.test(`  description: '${line.trim().replace(/['"`]/g, '')}',`)).toBe(false);
  });

  it('is not repeated, eight words running, in any line of the code or the documents', () => {
    const found: string[] = [];
    const files = SCANNED.flatMap(filesUnder).filter(
      (f) => !SKIPPED.test(f) && !f.includes('node_modules'),
    );
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (NAME_LINE.test(line)) return;
          const run = seedRunIn(line, seedRuns);
          if (run !== undefined) found.push(`${relative(ROOT, file)}:${i + 1}: "${run} …"`);
        });
    }
    expect(found).toEqual([]);
  });
});
