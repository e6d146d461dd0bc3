import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useDemoDatabase } from '../../test/demo-db.ts';
import { ENGINES } from '../../test/test-db.ts';
import type { Viewer } from '../action-plans/action-plan.service.ts';
import { listAudit } from '../audit/audit.service.ts';
import { findOrgUnits } from '../organisation/organisation.service.ts';
import {
  closeMonth,
  forecastAccuracy,
  forecastForm,
  forecastOverview,
  reopenMonth,
  reviewForecast,
  saveForecast,
  submitForecast,
} from './forecast-cycle.service.ts';
import { proposalsByAnsvar } from './forecast.service.ts';
import { roundToUnit } from '../reports/rounding.ts';
import { runReport } from '../reports/reports.service.ts';
import ExcelJS from 'exceljs';
import { manadsrapport } from './manadsrapport.service.ts';
import { manadsrapportFile } from './manadsrapport-file.ts';

const controller: Viewer = { actor: 'ekonom', role: 'controller', scope: [] };

describe.each(ENGINES)('the month cycle on the demo, %s', (engine) => {
  const demo = useDemoDatabase(engine);

  async function homeCare(): Promise<{ code: string; manager: Viewer; other: Viewer }> {
    const units = await findOrgUnits(demo().db);
    const ansvar = [...units.values()].filter((u) => u.level === 'ansvar');
    const own = ansvar.find((u) => u.name.startsWith('Hemtjänst') && u.name.endsWith('Norr'));
    const other = ansvar.find((u) => u !== own);
    if (!own || !other) throw new Error('the demo has no home care Norr');
    return {
      code: own.code,
      manager: {
        actor: 'ec.hemtjanst',
        role: 'enhetschef',
        scope: [own.code],
        visibleAnsvar: new Set([own.code]),
      },
      other: {
        actor: 'ec.annan',
        role: 'enhetschef',
        scope: [other.code],
        visibleAnsvar: new Set([other.code]),
      },
    };
  }

  it('proposes per part, and on the total exactly what `prognos forslag` proposes', async () => {
    const { code, manager } = await homeCare();
    const form = await forecastForm(demo().db, manager, { year: 2024, month: 1, ansvar: code });
    expect(form.parts.map((p) => p.part)).toEqual(['intakter', 'personal', 'ovriga']);
    expect(form.parts.reduce((s, p) => s + p.budget, 0n)).toBe(form.total.budget);
    for (const method of [
      'budget',
      'utfall-plus-budget',
      'linjar',
      'fjolarsprofil',
      'atgarder',
    ] as const) {
      const [fromCli] = (
        await proposalsByAnsvar(demo().db, { year: 2024, month: 1, method })
      ).filter((p) => p.code === code);
      expect(form.total.proposals.find((p) => p.method === method)?.amount).toBe(fromCli?.amount);
    }
    // The demo's months differ, so the methods do too.
    const amounts = new Set(form.total.proposals.map((p) => p.amount));
    expect(amounts.size).toBeGreaterThan(2);
    expect(form.forecast).toBeNull();
    expect(form.period.status).toBe('open');
    expect(form.reasons.map((r) => r.code)).toContain('vikarier');
  });

  it('stops a submit until the deviation is explained, refuses stale edits, approves, closes and reopens', async () => {
    const handle = demo();
    const { code, manager, other } = await homeCare();
    const form = await forecastForm(handle.db, manager, { year: 2024, month: 12, ansvar: code });
    const budget = Object.fromEntries(form.parts.map((p) => [p.part, p.budget])) as Record<
      'intakter' | 'personal' | 'ovriga',
      bigint
    >;
    // 900 tkr more staff costs than budgeted: beyond 100 tkr, so it must be explained.
    const parts = { ...budget, personal: budget.personal + 90_000_000n };
    const key = { year: 2024, month: 12, ansvar: code };
    await expect(
      saveForecast(handle, other, {
        ...key,
        method: 'egen',
        parts,
        reason: null,
        comment: '',
        rowVersion: null,
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const draft = await saveForecast(handle, manager, {
      ...key,
      method: 'egen',
      parts,
      reason: null,
      comment: '',
      rowVersion: null,
    });
    expect(draft).toMatchObject({
      status: 'utkast',
      total: form.total.budget + 90_000_000n,
      rowVersion: 1,
    });
    await expect(submitForecast(handle, manager, { ...key, rowVersion: 1 })).rejects.toThrow(
      /avviker från budget med -?900 tkr.*välj en orsak och skriv en förklaring/,
    );
    // Someone else's later change is never overwritten by an edit made on what was read before it.
    const explained = await saveForecast(handle, manager, {
      ...key,
      method: 'egen',
      parts,
      reason: 'vikarier',
      comment: 'Fler vikarier under sommaren än planerat.',
      rowVersion: 1,
    });
    await expect(
      saveForecast(handle, manager, {
        ...key,
        method: 'budget',
        parts: budget,
        reason: null,
        comment: '',
        rowVersion: 1,
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const submitted = await submitForecast(handle, manager, {
      ...key,
      rowVersion: explained.rowVersion,
    });
    expect(submitted).toMatchObject({ status: 'inlamnad', submittedBy: 'ec.hemtjanst' });
    await expect(
      reviewForecast(handle, manager, {
        ...key,
        rowVersion: submitted.rowVersion,
        decision: 'godkann',
        comment: '',
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      reviewForecast(handle, controller, {
        ...key,
        rowVersion: submitted.rowVersion,
        decision: 'aterskicka',
        comment: ' ',
      }),
    ).rejects.toThrow(/skriv varför/);
    const approved = await reviewForecast(handle, controller, {
      ...key,
      rowVersion: submitted.rowVersion,
      decision: 'godkann',
      comment: '',
    });
    expect(approved).toMatchObject({ status: 'godkand', reviewedBy: 'ekonom' });

    await expect(closeMonth(handle, manager, { year: 2024, month: 12 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const closed = await closeMonth(handle, controller, { year: 2024, month: 12 });
    expect(closed.missing).not.toContain(code);
    expect(closed.missing.length).toBeGreaterThan(0);
    await expect(
      saveForecast(handle, controller, {
        ...key,
        ansvar: closed.missing[0] ?? '',
        method: 'budget',
        parts: budget,
        reason: null,
        comment: '',
        rowVersion: null,
      }),
    ).rejects.toThrow(/månad 12 2024 är stängd/);

    // Outcome booked after the close: the overview shows the change, the frozen figure stays.
    const booked = await sql`update ledger_balance set amount_ore = amount_ore + 12345
      where ansvar = ${code} and konto = '5011' and period = 202403 returning 1`.execute(handle.db);
    const late = 12_345n * BigInt(booked.rows.length);
    expect(late).toBeGreaterThan(0n);
    // As an import writes it: the roll-up by ansvar and kontogrupp with the period balances.
    await sql`update ledger_balance_ansvar set amount_ore = amount_ore + ${late}
      where ansvar = ${code} and kontogrupp = '50' and period = 202403`.execute(handle.db);
    const overview = await forecastOverview(handle.db, controller, { year: 2024, month: 12 });
    const row = overview.units.find((u) => u.code === code);
    expect(row).toMatchObject({
      status: 'godkand',
      changedSinceClose: late,
      explanationRequired: true,
    });
    expect(overview.period.status).toBe('closed');
    expect(overview.total.approved).toBe(1);
    const areaSum = overview.areas.reduce((s, a) => s + a.forecast, 0n);
    expect(areaSum).toBe(overview.total.forecast);
    // A manager's overview holds their own units only.
    const own = await forecastOverview(handle.db, manager, { year: 2024, month: 12 });
    expect(own.units.map((u) => u.code)).toEqual([code]);
    await sql`update ledger_balance set amount_ore = amount_ore - 12345
      where ansvar = ${code} and konto = '5011' and period = 202403`.execute(handle.db);

    await expect(
      reopenMonth(handle, controller, { year: 2024, month: 12, reason: '  ' }),
    ).rejects.toThrow(/skriv varför/);
    await reopenMonth(handle, controller, {
      year: 2024,
      month: 12,
      reason: 'Rättad periodisering av löner.',
    });
    const reopened = await forecastOverview(handle.db, controller, { year: 2024, month: 12 });
    expect(reopened.period.status).toBe('open');
    expect(reopened.events.map((e) => [e.action, e.reason])).toEqual([
      ['close', ''],
      ['reopen', 'Rättad periodisering av löner.'],
    ]);
    const actions = (await listAudit(handle.db, { limit: 100 })).map((e) => e.action);
    for (const action of [
      'prognos.spara',
      'prognos.lamna-in',
      'prognos.godkann',
      'period.stang',
      'period.oppna',
    ])
      expect(actions).toContain(action);
  });

  it('measures accuracy against the bokslut beside the linjar baseline', async () => {
    const handle = demo();
    const { code, manager } = await homeCare();
    const key = { year: 2024, month: 1, ansvar: code };
    const form = await forecastForm(handle.db, manager, key);
    const parts = Object.fromEntries(form.parts.map((p) => [p.part, p.budget])) as Record<
      'intakter' | 'personal' | 'ovriga',
      bigint
    >;
    const saved = await saveForecast(handle, manager, {
      ...key,
      method: 'budget',
      parts,
      reason: 'volym',
      comment: 'Som budget.',
      rowVersion: null,
    });
    await submitForecast(handle, manager, { ...key, rowVersion: saved.rowVersion });
    const accuracy = await forecastAccuracy(handle.db, controller, { year: 2024 });
    const row = accuracy.rows.find((r) => r.month === 1 && r.code === code);
    const bokslut = (
      await proposalsByAnsvar(handle.db, { year: 2024, month: 12, method: 'linjar' })
    ).find((p) => p.code === code)?.amount;
    const linjar = form.total.proposals.find((p) => p.method === 'linjar')?.amount;
    expect(row).toMatchObject({ forecast: form.total.budget, bokslut, linjar });
    expect(row?.difference).toBe(form.total.budget - (bokslut ?? 0n));
    expect(row?.percent).toMatch(/^-?\d+\.\d$/);
    await expect(
      forecastAccuracy(handle.db, { actor: 'namnd', role: 'namnd', scope: [] }, { year: 2024 }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it("holds the demo's forecasts: February–November, converging on the bokslut, June reopened once", async () => {
    const db = demo().db;
    const totals: bigint[] = [];
    let budget = 0n;
    for (let month = 2; month <= 11; month++) {
      const overview = await forecastOverview(db, controller, { year: 2024, month });
      expect(overview.total.submitted).toBeGreaterThan(0);
      expect(overview.period.status).toBe(month <= 10 ? 'closed' : 'open');
      totals.push(overview.total.deviation);
      budget = overview.total.budget;
      // Every forecast past the threshold is explained.
      for (const unit of overview.units)
        if (unit.explanationRequired)
          expect([unit.reason, unit.comment === '']).toEqual([expect.any(String), false]);
    }
    // The deviation grows towards the bokslut's −13 079 tkr, month by month.
    for (let i = 1; i < totals.length; i++)
      expect(totals[i]).toBeLessThanOrEqual(totals[i - 1] ?? 0n);
    const bokslut = (
      await proposalsByAnsvar(db, { year: 2024, month: 12, method: 'linjar' })
    ).reduce((s, p) => s + p.amount, 0n);
    // The bokslut of seed 004: 13 079 tkr over budget.
    expect(roundToUnit(budget - bokslut, 'tkr')).toBe(-13_079n);
    // November's forecasts are 98 % of the way there, within the rounding of each part to whole tkr.
    const november = roundToUnit(totals.at(-1) ?? 0n, 'tkr');
    const expected = (-13_079n * 98n) / 100n;
    expect(november - expected).toBeGreaterThanOrEqual(-60n);
    expect(november - expected).toBeLessThanOrEqual(60n);
    const june = await forecastOverview(db, controller, { year: 2024, month: 6 });
    expect(june.events.map((e) => e.action)).toEqual(['close', 'reopen', 'close']);
    const accuracy = await forecastAccuracy(db, controller, { year: 2024 });
    expect(accuracy.total.map((r) => r.month)).toEqual(
      expect.arrayContaining([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
    );
  });

  it('reports the month: result to date, forecast per område and activity, comments, accuracy, as JSON and XLSX', async () => {
    const db = demo().db;
    const report = await manadsrapport(db, controller, { year: 2024, month: 8 });
    const drift = await runReport(db, 'driftredovisning', { year: 2024 });
    if (drift.report !== 'driftredovisning') throw new Error('not a driftredovisning');
    expect(report.total.budgetYear).toBe(drift.total.budget);
    const sumOf = (lines: typeof report.omraden, key: 'budgetYear' | 'forecast') =>
      lines.reduce((s, l) => s + l[key], 0n);
    // Each cell is rounded on its own: the parts add up to the total within their rounding.
    for (const lines of [report.omraden, report.verksamheter])
      for (const key of ['budgetYear', 'forecast'] as const) {
        const difference = sumOf(lines, key) - report.total[key];
        expect(difference < 0n ? -difference : difference).toBeLessThanOrEqual(
          BigInt(lines.length),
        );
      }
    expect(report.verksamheter.map((v) => v.code)).toEqual(drift.rows.map((r) => r.code));
    expect(report.period).toMatchObject({ status: 'closed', submitted: report.period.units });
    // August's forecasts are 80 % of the way to the bokslut's −13 079 tkr.
    expect(report.total.deviation).toBeGreaterThanOrEqual((-13_079n * 80n) / 100n - 40n);
    expect(report.total.deviation).toBeLessThanOrEqual((-13_079n * 80n) / 100n + 40n);
    expect(report.kommentarer.length).toBeGreaterThan(0);
    expect(report.kommentarer.every((k) => k.reason !== '' && k.comment !== '')).toBe(true);
    expect(report.storstaAvvikelser).toHaveLength(5);
    expect(report.prognossakerhet.map((r) => r.month)).toEqual(
      expect.arrayContaining([2, 3, 4, 5, 6, 7, 8]),
    );
    expect(report.prognossakerhet.every((r) => r.month <= 8)).toBe(true);
    expect(report.sammanfattning).toContain('till och med augusti');
    const file = await manadsrapportFile(report);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.bytes as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual([
      'Verksamhetsområden',
      'Verksamheter',
      'Kommentarer',
      'Största avvikelser',
      'Åtgärder',
      'Prognossäkerhet',
    ]);
    const last = book.getWorksheet('Verksamheter')?.lastRow;
    expect(last?.getCell(2).value).toBe('Summa');
    expect(last?.getCell(7).value).toBe(Number(report.total.forecast));
  });
});
