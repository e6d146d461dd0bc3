import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ApiError, request } from '../../api.ts';
import { ErrorMessage } from '../../components/DataState.tsx';
import { formatDecimal } from '../../format.ts';
import { useLanguage } from '../../i18n.tsx';
import {
  FORECAST_PARTS,
  formatTkr,
  needsExplanation,
  parseTkr,
  tkrText,
  type ForecastForm,
  type ForecastMethod,
  type ForecastPart,
  type StoredForecast,
} from './forecast-api.ts';
import { ForecastFacts, PreviousForecast } from './ForecastFacts.tsx';
import { ProposalTable } from './ProposalTable.tsx';

type Values = Record<ForecastPart, string>;

function initialValues(forecast: StoredForecast | null): Values {
  return {
    intakter: forecast ? tkrText(forecast.parts.intakter) : '',
    personal: forecast ? tkrText(forecast.parts.personal) : '',
    ovriga: forecast ? tkrText(forecast.parts.ovriga) : '',
  };
}

/**
 * The form of one ansvar's forecast. Every write sends the version read; a refusal (409: changed
 * by someone else, or the month closed) is shown with the server's words and a way to read again —
 * the figures typed here are kept until then, never replaced behind the user's back.
 */
export function ForecastEditor({
  form,
  monthText,
  previousMonthText,
  onReload,
}: {
  form: ForecastForm;
  monthText: string;
  previousMonthText: string;
  onReload: () => Promise<void>;
}) {
  const { t } = useLanguage();
  const f = t.forecast;
  const id = useId();
  const client = useQueryClient();
  const stored = form.forecast;
  const [values, setValues] = useState<Values>(() => initialValues(stored));
  const [method, setMethod] = useState<string>(stored?.method ?? 'egen');
  const [reason, setReason] = useState(stored?.reason ?? '');
  const [comment, setComment] = useState(stored?.comment ?? '');
  const [version, setVersion] = useState<number | null>(stored?.rowVersion ?? null);
  const [dirty, setDirty] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const [showMissing, setShowMissing] = useState(false);
  const [done, setDone] = useState<string | undefined>();

  const closed = form.period.status === 'closed';
  const status = stored?.status;
  const editable =
    !closed && (status === undefined || status === 'utkast' || status === 'aterskickad');
  const parsed = FORECAST_PARTS.map((p) => parseTkr(values[p]));
  const invalid = {
    intakter: values.intakter !== '' && parsed[0] === undefined,
    personal: values.personal !== '' && parsed[1] === undefined,
    ovriga: values.ovriga !== '' && parsed[2] === undefined,
  };
  const total = parsed.every((v) => v !== undefined)
    ? parsed.reduce<bigint>((s, v) => s + v, 0n)
    : undefined;
  const budget = BigInt(form.total.budget);
  const deviation = total === undefined ? undefined : budget - total;
  const required = total !== undefined && needsExplanation(total, budget, form.threshold);
  const thresholdAmount = formatTkr(form.threshold.amount);
  const thresholdPercent = formatDecimal(form.threshold.percent);
  const reasonMissing = required && reason === '';
  const commentMissing = required && comment.trim() === '';

  const base = `/api/forecasts/${String(form.year)}/${String(form.month)}/${encodeURIComponent(form.ansvar.code)}`;
  const save = async (): Promise<StoredForecast> => {
    const answer = await request<{ forecast: StoredForecast }>('PUT', base, {
      method,
      intakterTkr: values.intakter,
      personalTkr: values.personal,
      ovrigaTkr: values.ovriga,
      reason: reason === '' ? null : reason,
      comment,
      rowVersion: version,
    });
    setVersion(answer.forecast.rowVersion);
    setDirty(false);
    return answer.forecast;
  };
  const write = useMutation({
    mutationFn: async (action: 'save' | 'submit') => {
      const saved = dirty || version === null ? await save() : undefined;
      if (action === 'save') return;
      const answer = await request<{ forecast: StoredForecast }>('POST', `${base}/submit`, {
        rowVersion: saved?.rowVersion ?? version,
      });
      setVersion(answer.forecast.rowVersion);
    },
    onSuccess: (_, action) => {
      setDone(action === 'save' ? f.saved : f.submitted);
    },
    onSettled: async () => {
      // What was written is shown as the server holds it; a refusal leaves the fields as typed.
      await client.invalidateQueries({ queryKey: ['forecast-overview'] });
      await client.invalidateQueries({ queryKey: ['forecast-form'] });
    },
  });

  const start = (action: 'save' | 'submit') => {
    setDone(undefined);
    setProblem(undefined);
    write.reset();
    const bad = FORECAST_PARTS.find((p, i) => parsed[i] === undefined);
    if (bad !== undefined) {
      setProblem(f.invalidAmount(form.parts.find((p) => p.part === bad)?.label ?? bad));
      return;
    }
    if (action === 'submit' && (reasonMissing || commentMissing)) {
      setShowMissing(true);
      setProblem(f.missingExplanation);
      return;
    }
    write.mutate(action);
  };

  const conflict = write.error instanceof ApiError && write.error.status === 409;
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        start('submit');
      }}
    >
      {closed && (
        <p className="notice" id={`${id}-closed`}>
          {f.closedNote(monthText, form.period.closedBy ?? '')}
        </p>
      )}
      {!closed && !editable && status !== undefined && (
        <p className="notice">{f.lockedNote(f.statuses[status])}</p>
      )}
      <ForecastFacts forecast={stored} />
      <ProposalTable
        form={form}
        monthText={monthText}
        values={values}
        invalid={invalid}
        total={total}
        editable={editable}
        onChange={(part, text) => {
          setValues((v) => ({ ...v, [part]: text }));
          setMethod('egen');
          setDirty(true);
        }}
        onUse={(m: ForecastMethod) => {
          const amount = (part: ForecastPart) =>
            form.parts.find((p) => p.part === part)?.proposals.find((p) => p.method === m)
              ?.amount ?? 0;
          setValues({
            intakter: tkrText(amount('intakter')),
            personal: tkrText(amount('personal')),
            ovriga: tkrText(amount('ovriga')),
          });
          setMethod(m);
          setDirty(true);
        }}
      />
      <dl className="key-figures">
        <div className="key-figure">
          <dt>{f.totalForecast}</dt>
          <dd>{total === undefined ? t.none : `${formatTkr(total)} ${t.units.tkr}`}</dd>
        </div>
        <div className="key-figure">
          <dt>{f.deviation}</dt>
          <dd className={deviation !== undefined && deviation < 0n ? 'negative' : undefined}>
            {deviation === undefined ? t.none : `${formatTkr(deviation)} ${t.units.tkr}`}
          </dd>
        </div>
        <div className="key-figure">
          <dt>{f.explanationRequired}</dt>
          <dd>{required ? t.yes : t.no}</dd>
        </div>
      </dl>
      <p className="hint">{f.deviationHint}</p>
      {editable && (
        <p id={`${id}-rule`} aria-live="polite" className={required ? 'notice' : 'hint'}>
          {required
            ? f.explanationRule(thresholdAmount, thresholdPercent)
            : f.explanationNotRequired(thresholdAmount, thresholdPercent)}
        </p>
      )}
      <div className="stack">
        <div className="field">
          <label htmlFor={`${id}-reason`}>
            {f.reason} {required && <span className="required">{f.required}</span>}
          </label>
          <select
            id={`${id}-reason`}
            value={reason}
            disabled={!editable}
            aria-required={required}
            aria-describedby={required && editable ? `${id}-rule` : undefined}
            aria-invalid={(showMissing && reasonMissing) || undefined}
            onChange={(e) => {
              setReason(e.target.value);
              setDirty(true);
            }}
          >
            <option value="">{f.chooseReason}</option>
            {form.reasons.map((r) => (
              <option key={r.code} value={r.code}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-comment`}>
            {f.comment} {required && <span className="required">{f.required}</span>}
          </label>
          <textarea
            id={`${id}-comment`}
            rows={4}
            value={comment}
            readOnly={!editable}
            aria-required={required}
            aria-describedby={required && editable ? `${id}-rule` : undefined}
            aria-invalid={(showMissing && commentMissing) || undefined}
            onChange={(e) => {
              setComment(e.target.value);
              setDirty(true);
            }}
          />
        </div>
      </div>
      {problem !== undefined && (
        <div role="alert" className="error">
          <p>{problem}</p>
        </div>
      )}
      {write.isError && (
        <>
          <ErrorMessage error={write.error} title={conflict ? f.conflict : undefined} />
          {conflict && (
            <button
              type="button"
              onClick={() => {
                void onReload();
              }}
            >
              {f.reload}
            </button>
          )}
        </>
      )}
      {done !== undefined && (
        <p role="status" className="success">
          {done}
        </p>
      )}
      {editable && (
        <div className="buttons">
          <button
            type="button"
            disabled={write.isPending}
            onClick={() => {
              start('save');
            }}
          >
            {f.save}
          </button>
          <button type="submit" disabled={write.isPending}>
            {f.submit}
          </button>
        </div>
      )}
      <PreviousForecast
        previous={form.previous}
        monthText={previousMonthText}
        labels={form.parts}
      />
    </form>
  );
}
