import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import type { BalansDb } from '../db/database.ts';
import { importSie, type SieImportSummary } from '../ledger/sie-import.service.ts';
import { upsertInvestmentProject } from '../reports/reports.repository.ts';
import { importOrganisation } from '../organisation/organisation.service.ts';
import { demoFiles, demoOrganisation } from './exempelkommun.ts';
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
  for (const project of INVESTMENTS) {
    await upsertInvestmentProject(handle.db, {
      code: project.code,
      name: project.name,
      comment: project.comment,
    });
  }
  return summaries;
}
