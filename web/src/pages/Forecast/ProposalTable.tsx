import { useId } from 'react';
import { useLanguage } from '../../i18n.tsx';
import {
  FORECAST_METHODS,
  formatTkr,
  methodLabel,
  type ForecastForm,
  type ForecastMethod,
  type ForecastPart,
} from './forecast-api.ts';

function Tkr({ ore }: { ore: number | bigint | undefined }) {
  const { t } = useLanguage();
  if (ore === undefined) return <td className="num">{t.none}</td>;
  // No deficit colour here: these are ledger-signed nets, where income is negative by nature.
  return <td className="num">{formatTkr(ore)}</td>;
}

/**
 * Per part: the year's budget, the outcome to date, every method's proposal side by side, and the
 * manager's own figure (a field) — so a proposal can be taken as it is or changed.
 */
export function ProposalTable({
  form,
  monthText,
  values,
  invalid,
  total,
  editable,
  onChange,
  onUse,
}: {
  form: ForecastForm;
  monthText: string;
  values: Record<ForecastPart, string>;
  invalid: Record<ForecastPart, boolean>;
  /** The sum of the fields, when every field holds an amount. */
  total: bigint | undefined;
  editable: boolean;
  onChange: (part: ForecastPart, text: string) => void;
  onUse: (method: ForecastMethod) => void;
}) {
  const { t } = useLanguage();
  const f = t.forecast;
  const id = useId();
  const proposal = (proposals: ForecastForm['total']['proposals'], method: ForecastMethod) =>
    proposals.find((p) => p.method === method)?.amount;
  return (
    <>
      <table className="forecast-form">
        <caption>
          {f.proposalsCaption(`${form.ansvar.code} ${form.ansvar.name}`, monthText)}
        </caption>
        <thead>
          <tr>
            <th scope="col">{f.part}</th>
            <th scope="col" className="num">
              {t.budgetYear}
            </th>
            <th scope="col" className="num">
              {f.outcomeToDate(monthText)}
            </th>
            {FORECAST_METHODS.map((m) => (
              <th key={m} scope="col" className="num">
                {methodLabel(f.methods, m)}
              </th>
            ))}
            <th scope="col" className="num">
              {f.yourForecast}
            </th>
          </tr>
        </thead>
        <tbody>
          {form.parts.map((part) => (
            <tr key={part.part}>
              <th scope="row">{part.label}</th>
              <Tkr ore={part.budget} />
              <Tkr ore={part.outcomeToDate} />
              {FORECAST_METHODS.map((m) => (
                <Tkr key={m} ore={proposal(part.proposals, m)} />
              ))}
              <td className="num">
                <label className="visually-hidden" htmlFor={`${id}-${part.part}`}>
                  {f.forecastField(part.label)}
                </label>
                <input
                  id={`${id}-${part.part}`}
                  inputMode="decimal"
                  size={10}
                  className="num"
                  value={values[part.part]}
                  readOnly={!editable}
                  aria-invalid={invalid[part.part] || undefined}
                  onChange={(e) => {
                    onChange(part.part, e.target.value);
                  }}
                />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t.total}</th>
            <Tkr ore={form.total.budget} />
            <Tkr ore={form.total.outcomeToDate} />
            {FORECAST_METHODS.map((m) => (
              <Tkr key={m} ore={proposal(form.total.proposals, m)} />
            ))}
            <Tkr ore={total} />
          </tr>
          {editable && (
            <tr>
              <th scope="row">{f.useProposal}</th>
              <td />
              <td />
              {FORECAST_METHODS.map((m) => (
                <td key={m} className="num">
                  <button
                    type="button"
                    onClick={() => {
                      onUse(m);
                    }}
                  >
                    {f.use}
                    <span className="visually-hidden"> {methodLabel(f.methods, m)}</span>
                  </button>
                </td>
              ))}
              <td />
            </tr>
          )}
        </tfoot>
      </table>
      <details>
        <summary>{f.arithmetic}</summary>
        {FORECAST_METHODS.map((m) => (
          <section key={m} aria-labelledby={`${id}-arith-${m}`}>
            <h3 id={`${id}-arith-${m}`}>{methodLabel(f.methods, m)}</h3>
            <dl className="texts">
              {[...form.parts, { part: 'total' as const, label: t.total, ...form.total }].map(
                (part) => {
                  const p = part.proposals.find((q) => q.method === m);
                  return (
                    <div key={part.part}>
                      <dt>{part.label}</dt>
                      <dd>
                        {p?.arithmetic ?? t.none}
                        {p?.fallback && (
                          <>
                            {' '}
                            ({f.fallback(methodLabel(f.methods, p.fallback.to), p.fallback.reason)})
                          </>
                        )}
                      </dd>
                    </div>
                  );
                },
              )}
            </dl>
          </section>
        ))}
      </details>
    </>
  );
}
