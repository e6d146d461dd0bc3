import type { Plan } from './action-plan-data.ts';
import type { Text } from './action-plan-text.ts';

export function KpiTable({ plan, t }: { plan: Plan; t: Text }) {
  if (plan.kpis.length === 0) return null;
  return (
    <table>
      <caption>
        {t.kpis}: {plan.name}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t.kpi}</th>
          <th scope="col" className="num">
            {t.outcome}
          </th>
          <th scope="col" className="num">
            {t.target}
          </th>
          <th scope="col">{t.assessment}</th>
        </tr>
      </thead>
      <tbody>
        {plan.kpis.map((k) => (
          <tr key={k.code}>
            <th scope="row">
              {k.name}
              {k.period && (
                <span className="comment">
                  {k.period.from === k.period.to
                    ? k.period.to
                    : `${k.period.from} – ${k.period.to}`}
                </span>
              )}
            </th>
            <td className="num">
              {k.outcome === null ? t.noOutcome : `${k.outcome.replace('.', ',')} ${k.unit}`}
            </td>
            <td className="num">{k.target?.text ?? ''}</td>
            <td>{k.meetsTarget === null ? '' : k.meetsTarget ? `✓ ${t.met}` : `✗ ${t.notMet}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
