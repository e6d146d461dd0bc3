import { useId, useState } from 'react';
import { formatOre } from '../../format.ts';
import { useLanguage } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';
import { tkr, type Plan, statusLabel, monthText } from './action-plan-data.ts';
import { TEXT } from './action-plan-text.ts';
import { MeasureForm } from './MeasureForm.tsx';
import { KpiTable } from './KpiTable.tsx';
import { RequirementForm } from './RequirementForm.tsx';

export function PlanSection({
  plan,
  units,
  canAdd,
}: {
  plan: Plan;
  units: { code: string; name: string }[];
  canAdd: boolean;
}) {
  const { language } = useLanguage();
  const t = TEXT[language];
  const [editing, setEditing] = useState<number | 'new' | 'requirement'>();
  const headingId = useId();
  const editingMeasure = plan.atgarder.find((a) => a.id === editing);
  const { user } = useSession();
  return (
    <section aria-labelledby={headingId} className="plan">
      <h2 id={headingId}>
        {plan.name} <span className="code">({plan.verksamhet || plan.ansvar})</span>
      </h2>
      <p>
        <strong>
          {t.requirement}: {tkr(plan.amount)} {t.unit}.
        </strong>{' '}
        {plan.description}{' '}
        {user.role === 'controller' && editing === undefined && (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setEditing('requirement');
            }}
          >
            {t.editRequirement(plan.name)}
          </button>
        )}
      </p>
      {editing === 'requirement' && (
        <RequirementForm
          year={plan.year}
          plan={plan}
          onDone={() => {
            setEditing(undefined);
          }}
        />
      )}
      <KpiTable plan={plan} t={t} />
      <table>
        <caption>
          {plan.name}: {t.measure.toLowerCase()} ({t.unit})
        </caption>
        <thead>
          <tr>
            <th scope="col">{t.measure}</th>
            <th scope="col">{t.description}</th>
            <th scope="col">{t.start}</th>
            <th scope="col" className="num">
              {t.effektAr(plan.year)}
            </th>
            <th scope="col" className="num">
              {t.helarseffekt}
            </th>
            <th scope="col">{t.status}</th>
            <th scope="col">
              <span className="visually-hidden">{t.editTitle}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {plan.atgarder.map((a) => (
            <tr key={a.id} className={a.countsInTotals ? undefined : 'not-counted'}>
              <th scope="row">{a.title}</th>
              <td>
                {a.description}
                {a.ledger && (
                  <span className="comment">
                    {t.ledger(a.ledger.through)}:{' '}
                    {a.ledger.hasBudget
                      ? `${t.budget} ${formatOre(a.ledger.budget)}, ${t.utfall} ${formatOre(a.ledger.utfall)}, ${t.avvikelse} ${formatOre(a.ledger.avvikelse)}`
                      : `${t.utfall} ${formatOre(a.ledger.utfall)} (${t.noBudget})`}
                    ; {t.planned} {formatOre(a.ledger.plannedToDate)} {t.kr}
                  </span>
                )}
              </td>
              <td className="nowrap">{monthText(a.start)}</td>
              <td className="num">
                {tkr(a.effektAr)}
                {a.isOverride && (
                  <span className="comment" title={a.overrideReason ?? ''}>
                    {t.override}: {a.overrideReason}
                  </span>
                )}
              </td>
              <td className="num">{tkr(a.helarseffekt)}</td>
              <td>
                <strong>{statusLabel(a.status, language)}</strong>
                {!a.countsInTotals && ` (${t.notCounted})`}
                {a.statustext && <span className="comment">{a.statustext}</span>}
              </td>
              <td>
                {a.mayEdit && editing === undefined && (
                  <button
                    type="button"
                    className="link-button"
                    aria-label={t.edit(a.title)}
                    onClick={() => {
                      setEditing(a.id);
                    }}
                  >
                    {t.edit('').trim()}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              {t.total}
            </th>
            <td className="num">{tkr(plan.totals.effektAr)}</td>
            <td className="num">{tkr(plan.totals.helarseffekt)}</td>
            <td colSpan={2} />
          </tr>
          <tr>
            <th scope="row" colSpan={3}>
              {t.gap}
            </th>
            <td className="num">{tkr(plan.gap.effektAr)}</td>
            <td className="num">{tkr(plan.gap.helarseffekt)}</td>
            <td colSpan={2} />
          </tr>
        </tfoot>
      </table>
      {canAdd && editing === undefined && (
        <button
          type="button"
          onClick={() => {
            setEditing('new');
          }}
        >
          {t.add}
        </button>
      )}
      {editing !== undefined && editing !== 'requirement' && (
        <MeasureForm
          key={editing}
          plan={plan}
          {...(editingMeasure ? { measure: editingMeasure } : {})}
          units={units}
          onDone={() => {
            setEditing(undefined);
          }}
        />
      )}
    </section>
  );
}
