import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import type { BalansDb } from '../db/database.ts';
import { importSie, type SieImportSummary } from '../ledger/sie-import.service.ts';
import { upsertInvestmentProject } from '../reports/reports.repository.ts';
import { importOrganisation } from '../organisation/organisation.service.ts';
import { createUser, countUsers } from '../auth/auth.service.ts';
import type { Role } from '../auth/auth.ts';
import { findOrgUnits } from '../organisation/organisation.service.ts';
import { buildDemoActionPlans } from './atgardsplan-2023.ts';
import { demoFiles, demoOrganisation } from './exempelkommun.ts';
import { buildDemoDocuments } from './dokument.ts';
import { buildDemoGoals } from './mal-2024.ts';
import { INVESTMENTS } from './seed-004.ts';

/**
 * Builds the demo municipality in a database: its SIE files go through the ordinary import (each
 * in its own transaction, as `balans import sie` does), then the investment projects get their
 * comments. Running it again replaces the demo's years.
 */
export async function buildDemo(handle: BalansDb): Promise<SieImportSummary[]> {
  const summaries: SieImportSummary[] = [];
  for (const file of demoFiles()) {
    const bytes = iconv.encode(file.lines.join('\r\n') + '\r\n', 'cp437');
    summaries.push(
      await handle.transaction((tx) =>
        importSie(tx, { fileName: file.name, bytes: Readable.from([bytes]) }),
      ),
    );
  }
  const organisation = { name: 'organisation.csv', bytes: Buffer.from(demoOrganisation(), 'utf8') };
  await handle.transaction((tx) => importOrganisation(tx.db, organisation));
  await buildDemoActionPlans(handle);
  await buildDemoGoals(handle);
  for (const project of INVESTMENTS) {
    await upsertInvestmentProject(handle.db, {
      code: project.code,
      name: project.name,
      comment: project.comment,
    });
  }
  await buildDemoDocuments(handle);
  return summaries;
}

/** The demo's password for every demo user (printed by `npm start`; never use it for real data). */
export const DEMO_PASSWORD = 'balans-demo-2024';

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  scope: string[];
}

/**
 * One user per role, for trying Balans: the controller, the head of administration, the head of
 * Vård och omsorg, the manager of home care Norr (one ansvar), and a board member. Created only in
 * a database without users, so a real installation never gets them.
 */
export async function createDemoUsers(handle: BalansDb): Promise<DemoUser[]> {
  return handle.transaction(async (tx) => {
    if ((await countUsers(tx.db)) > 0) return [];
    const units = await findOrgUnits(tx.db);
    const homeCare = [...units.values()].find(
      (u) => u.level === 'ansvar' && u.name.startsWith('Hemtjänst') && u.name.endsWith('Norr'),
    );
    const users: DemoUser[] = [
      { username: 'ekonom', displayName: 'Eva Ekonom', role: 'controller', scope: [] },
      {
        username: 'chef',
        displayName: 'Fredrik Förvaltningschef',
        role: 'forvaltningschef',
        scope: [],
      },
      {
        username: 'vc.vard',
        displayName: 'Vera Verksamhetschef (Vård och omsorg)',
        role: 'verksamhetschef',
        scope: ['VOO'],
      },
      ...(homeCare
        ? [
            {
              username: 'ec.hemtjanst',
              displayName: `Erik Enhetschef (${homeCare.name})`,
              role: 'enhetschef' as const,
              scope: [homeCare.code],
            },
          ]
        : []),
      { username: 'namnd', displayName: 'Nina Nämndordförande', role: 'namnd', scope: [] },
    ];
    for (const user of users) await createUser(tx.db, 'demo', { ...user, password: DEMO_PASSWORD });
    return users;
  });
}
