import { describe, expect, it } from 'vitest';
import { csvFile, useDemoDatabase } from '../../test/demo-db.ts';
import { ENGINES } from '../../test/test-db.ts';
import { listAudit } from '../audit/audit.service.ts';
import { createUser } from '../auth/auth.service.ts';
import { importBudget } from '../budget/budget.service.ts';
import { upsertInvestmentProject } from '../reports/reports.repository.ts';
import { isAppError } from '../shared/app-error.ts';
import { DEMO_DOCUMENT_TEXTS } from '../demo/dokument.ts';
import type { BoardDocument } from './document-model.ts';
import {
  assignSection,
  documentJson,
  documentWithSections,
  editSection,
  faststall,
  listDocuments,
  newVersion,
  openDocument,
  renderFile,
  type DocumentViewer,
} from './document.service.ts';

const controller: DocumentViewer = { username: 'ekonom', role: 'controller' };
const board: DocumentViewer = { username: 'nn', role: 'namnd' };
const manager: DocumentViewer = { username: 'vc', role: 'verksamhetschef' };
const otherManager: DocumentViewer = { username: 'ec', role: 'enhetschef' };

async function refused(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
  return 'done';
}

describe.each(ENGINES)('the life of a document on %s', (engine) => {
  const demo = useDemoDatabase(engine);

  it('the demo has both documents as drafts, version 1, with their texts', async () => {
    const list = await listDocuments(demo().db, controller, {});
    expect(list.map((d) => [d.type, d.asOf, d.status, d.version])).toEqual([
      ['arsbokslut', '2024-12-31', 'utkast', 1],
      ['atgardsplan', '2023-03-31', 'utkast', 1],
    ]);
    const arsbokslut = list[0];
    if (!arsbokslut) throw new Error('no årsbokslut');
    const { sections } = await documentWithSections(demo().db, controller, arsbokslut.id);
    const written = sections.filter((s) => s.text !== null).map((s) => s.key);
    expect(written.sort()).toEqual(Object.keys(DEMO_DOCUMENT_TEXTS.arsbokslut).sort());
    expect(sections.find((s) => s.key === 'verksamhetsanalys.51')).toMatchObject({
      depth: 1,
      editable: true,
    });
    expect(sections.find((s) => s.key === 'driftredovisning')?.editable).toBe(true);
    expect(sections.find((s) => s.key.startsWith('maluppfyllelse.mal-'))?.editable).toBe(false);
  });

  it('refuses a stale rowVersion and a second first write with CONFLICT', async () => {
    const plan = await openDocument(demo(), controller, {
      type: 'atgardsplan',
      asOf: '2023-03-31',
    });
    const first = await editSection(demo(), controller, {
      id: plan.id,
      key: 'verksamhet.5101',
      html: 'Första texten.',
      rowVersion: null,
    });
    expect(first.text).toMatchObject({ html: '<p>Första texten.</p>', rowVersion: 1 });
    expect(
      await refused(
        editSection(demo(), controller, {
          id: plan.id,
          key: 'verksamhet.5101',
          html: 'Någon annans',
          rowVersion: null,
        }),
      ),
    ).toBe('CONFLICT');
    const second = await editSection(demo(), controller, {
      id: plan.id,
      key: 'verksamhet.5101',
      html: '<p>Andra <script>x</script><strong>texten</strong></p>',
      rowVersion: 1,
    });
    expect(second.text).toMatchObject({
      html: '<p>Andra <strong>texten</strong></p>',
      rowVersion: 2,
    });
    const stale = editSection(demo(), controller, {
      id: plan.id,
      key: 'verksamhet.5101',
      html: 'Gammal',
      rowVersion: 1,
    });
    await expect(stale).rejects.toThrow(/ändrats av någon annan/);
    expect(
      await refused(
        editSection(demo(), controller, {
          id: plan.id,
          key: 'finns-inte',
          html: 'x',
          rowVersion: null,
        }),
      ),
    ).toBe('NOT_FOUND');
  });

  it('lets the assignee write a section, and no other manager; only the controller assigns', async () => {
    for (const [username, role] of [
      ['ekonom', 'controller'],
      ['vc', 'verksamhetschef'],
      ['ec', 'enhetschef'],
    ] as const)
      await createUser(demo().db, 'test', {
        username,
        displayName: username,
        role,
        scope: role === 'controller' ? [] : ['VOO'],
        password: 'ett långt lösenord',
      });
    const plan = await openDocument(demo(), controller, {
      type: 'atgardsplan',
      asOf: '2023-03-31',
    });
    const key = 'verksamhet.5105';
    const edit = (viewer: DocumentViewer, rowVersion: number | null) =>
      editSection(demo(), viewer, {
        id: plan.id,
        key,
        html: `Text av ${viewer.username}`,
        rowVersion,
      });
    expect(await refused(edit(manager, null))).toBe('FORBIDDEN');
    expect(
      await refused(assignSection(demo(), manager, { id: plan.id, key, assignee: 'vc' })),
    ).toBe('FORBIDDEN');
    expect(
      await refused(assignSection(demo(), controller, { id: plan.id, key, assignee: 'ingen' })),
    ).toBe('NOT_FOUND');
    await assignSection(demo(), controller, { id: plan.id, key, assignee: 'vc' });
    expect((await edit(manager, null)).text?.html).toBe('<p>Text av vc</p>');
    expect(await refused(edit(otherManager, 1))).toBe('FORBIDDEN');
    const { sections } = await documentWithSections(demo().db, manager, plan.id);
    expect(sections.find((s) => s.key === key)?.assignee).toBe('vc');
  });

  it('freezes a fastställd document: its JSON and files stay byte for byte, whatever changes', async () => {
    const doc = await openDocument(demo(), controller, { type: 'arsbokslut', year: 2024 });
    expect(await listDocuments(demo().db, board, {})).toEqual([]);
    expect(await refused(documentJson(demo().db, board, doc.id))).toBe('NOT_FOUND');
    expect(await refused(faststall(demo(), manager, doc.id))).toBe('FORBIDDEN');
    const fixed = await faststall(demo(), controller, doc.id);
    expect(fixed).toMatchObject({ status: 'faststalld', faststalldBy: 'ekonom', version: 1 });
    const frozen = await documentJson(demo().db, controller, doc.id);
    const html = await renderFile(demo().db, controller, { id: doc.id, format: 'html' });
    expect(JSON.parse(frozen)).toMatchObject({
      status: 'faststalld',
      faststalld: { by: 'ekonom' },
    });

    // The data change: a project's comment (and the document must not follow it).
    await upsertInvestmentProject(demo().db, {
      code: 'P2404',
      name: 'Fordon 2024',
      comment: 'En helt ny kommentar efter fastställandet.',
    });
    // … and a new current budget for the year.
    await demo().transaction((tx) =>
      importBudget(
        tx.db,
        {
          name: 'revidering.csv',
          bytes: csvFile(['ansvar;verksamhet;konto;belopp', '1020;5101;5011;1 200 000']),
        },
        { year: 2024, version: 'Revidering', makeCurrent: true },
      ),
    );
    expect(await documentJson(demo().db, controller, doc.id)).toBe(frozen);
    const again = await renderFile(demo().db, controller, { id: doc.id, format: 'html' });
    expect(Buffer.from(again.bytes).equals(Buffer.from(html.bytes))).toBe(true);

    // Edits refused; the board now sees it, and reads it exactly as frozen.
    expect(
      await refused(
        editSection(demo(), controller, { id: doc.id, key: 'framtid', html: 'x', rowVersion: 1 }),
      ),
    ).toBe('CONFLICT');
    expect((await listDocuments(demo().db, board, {})).map((d) => d.id)).toEqual([doc.id]);
    expect(await documentJson(demo().db, board, doc.id)).toBe(frozen);

    // A new version is a draft with the same texts and today's data.
    const next = await newVersion(demo(), controller, doc.id);
    expect(next).toMatchObject({ version: 2, status: 'utkast' });
    const draft = await documentJson(demo().db, controller, next.id);
    expect(draft).toContain('En helt ny kommentar efter fastställandet.');
    expect(frozen).not.toContain('En helt ny kommentar efter fastställandet.');
    const budgetTotal = (json: string) =>
      (JSON.parse(json) as BoardDocument).sections
        .flatMap((section) => section.blocks)
        .flatMap((b) => (b.kind === 'table' && b.id === 'driftredovisning' ? b.rows : []))
        .at(-1)?.cells[2];
    expect(budgetTotal(frozen)).toEqual({ n: '318803' });
    expect(budgetTotal(draft)).toEqual({ n: '1200' });
    const texts = await documentWithSections(demo().db, controller, next.id);
    expect(texts.sections.find((s) => s.key === 'framtid')?.text?.html).toBe(
      (await documentWithSections(demo().db, controller, doc.id)).sections.find(
        (s) => s.key === 'framtid',
      )?.text?.html,
    );
    expect(await refused(newVersion(demo(), controller, doc.id))).toBe('CONFLICT');
    expect((await listDocuments(demo().db, board, {})).map((d) => d.version)).toEqual([1]);

    const audit = await listAudit(demo().db, { limit: 50, action: 'document.' });
    const actions = audit.map((a) => `${a.action} ${a.target}`);
    expect(actions).toContain(`document.faststall ${doc.id}`);
    expect(actions.filter((a) => a === `document.render ${doc.id}`)).toHaveLength(2);
  });

  it('offers last year’s text of the same section as a suggestion', async () => {
    const last = await openDocument(demo(), controller, { type: 'arsbokslut', year: 2023 });
    await editSection(demo(), controller, {
      id: last.id,
      key: 'personal',
      html: 'Förra årets text om personalen.',
      rowVersion: null,
    });
    const now = await openDocument(demo(), controller, { type: 'arsbokslut', year: 2024 });
    const { sections } = await documentWithSections(demo().db, controller, now.id);
    expect(sections.find((s) => s.key === 'personal')?.suggestion).toBe(
      '<p>Förra årets text om personalen.</p>',
    );
    expect(sections.find((s) => s.key === 'driftresultat.atgarder')?.suggestion).toBeNull();
    // A year without a fiscal year cannot be built, and says why.
    expect(
      await refused(openDocument(demo(), controller, { type: 'arsbokslut', year: 2031 })),
    ).toBe('NOT_FOUND');
  });

  it('writes a månadsrapport from the same operating tables, for the year to date', async () => {
    const info = await openDocument(demo(), controller, {
      type: 'manadsrapport',
      year: 2024,
      month: 3,
    });
    expect(info).toMatchObject({
      asOf: '2024-03-31',
      month: 3,
      title: 'Månadsrapport per 31 mars 2024',
    });
    const doc = JSON.parse(await documentJson(demo().db, controller, info.id)) as BoardDocument;
    expect(doc.sections.map((s) => s.key)).toEqual([
      'sammanfattning',
      'driftresultat',
      'prognos',
      'driftredovisning',
      'verksamhetsanalys',
      'atgarder',
      'prognossakerhet',
    ]);
    const drift = doc.sections[3]?.blocks[0];
    expect(drift?.kind === 'table' && drift.caption).toBe('Driftredovisning januari–mars 2024');
    // The summary is drafted from the figures until the controller writes it.
    const summary = doc.sections[0]?.blocks[0];
    expect(summary?.kind === 'text' && summary.html).toMatch(
      /^<p>Nettokostnaden till och med mars är [\d\u00a0]+ tkr/,
    );
    // The month's forecasts per activity: the driftredovisning's activities, and a total.
    const prognos = doc.sections[2]?.blocks.find(
      (b) => b.kind === 'table' && b.id === 'prognos-verksamheter',
    );
    expect(prognos?.kind === 'table' && prognos.rows.at(-1)?.cells[0]).toBe('Summa');
    const delar = await openDocument(demo(), controller, {
      type: 'delarsrapport',
      year: 2024,
      month: 8,
    });
    expect(delar).toMatchObject({ asOf: '2024-08-31', title: 'Delårsrapport per 31 augusti 2024' });
    const interim = JSON.parse(
      await documentJson(demo().db, controller, delar.id),
    ) as BoardDocument;
    expect(interim.sections.map((s) => s.key)).toEqual(
      expect.arrayContaining(['prognos', 'maluppfyllelse', 'investeringsredovisning']),
    );
    expect(
      await refused(openDocument(demo(), controller, { type: 'manadsrapport', year: 2024 })),
    ).toBe('INVALID_ARGUMENT');
  });
});
