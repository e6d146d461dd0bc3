import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ApiError, request } from '../../api.ts';
import { ErrorMessage } from '../../components/DataState.tsx';
import { useLanguage } from '../../i18n.tsx';
import type { ForecastOverview, PeriodChange } from './forecast-api.ts';

/** A confirmation and Avbryt; without `onConfirm` the confirmation submits its form. */
function ConfirmButtons({
  label,
  isBusy,
  onConfirm,
  onCancel,
}: {
  label: string;
  isBusy: boolean;
  onConfirm?: () => void;
  onCancel: () => void;
}) {
  const { t } = useLanguage();
  return (
    <div className="buttons">
      <button type={onConfirm ? 'button' : 'submit'} disabled={isBusy} onClick={onConfirm}>
        {label}
      </button>
      <button type="button" onClick={onCancel}>
        {t.cancel}
      </button>
    </div>
  );
}

/** The controller's Stäng månaden (after a confirmation) and Öppna igen (with a reason). */
export function MonthControls({
  overview,
  monthText,
  onReload,
}: {
  overview: ForecastOverview;
  monthText: string;
  onReload: () => void;
}) {
  const { t } = useLanguage();
  const f = t.forecast;
  const id = useId();
  const client = useQueryClient();
  const [step, setStep] = useState<'idle' | 'confirm-close' | 'reopen'>('idle');
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const [result, setResult] = useState<PeriodChange | undefined>();
  const path = `/api/periods/${String(overview.year)}/${String(overview.month)}`;
  const change = useMutation({
    mutationFn: (action: 'close' | 'reopen') =>
      request<PeriodChange>(
        'POST',
        `${path}/${action}`,
        action === 'reopen' ? { reason } : undefined,
      ),
    onSuccess: (answer) => {
      setResult(answer);
      setStep('idle');
      setReason('');
    },
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: ['forecast-overview'] });
      await client.invalidateQueries({ queryKey: ['forecast-form'] });
    },
  });
  const nameOf = (code: string) => {
    const unit = overview.units.find((u) => u.code === code);
    return unit ? `${unit.code} ${unit.name}` : code;
  };
  const closed = overview.period.status === 'closed';
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="visually-hidden">
        {closed ? f.reopen : f.closeMonth}
      </h2>
      {result && (
        <div role="status" className="success">
          <p>{result.status === 'closed' ? f.closedResult(monthText) : f.reopened(monthText)}</p>
          {result.status === 'closed' &&
            (result.missing.length === 0 ? (
              <p>{f.noneMissing}</p>
            ) : (
              <>
                <p>{f.missingAtClose}</p>
                <ul>
                  {result.missing.map((code) => (
                    <li key={code}>{nameOf(code)}</li>
                  ))}
                </ul>
              </>
            ))}
        </div>
      )}
      {change.isError && (
        <>
          <ErrorMessage error={change.error} />
          {change.error instanceof ApiError && change.error.status === 409 && (
            <button type="button" onClick={onReload}>
              {f.reload}
            </button>
          )}
        </>
      )}
      {!closed && step !== 'confirm-close' && (
        <button
          type="button"
          onClick={() => {
            change.reset();
            setResult(undefined);
            setStep('confirm-close');
          }}
        >
          {f.closeMonth}
        </button>
      )}
      {!closed && step === 'confirm-close' && (
        <div className="inline-form" role="group" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>{f.closeConfirm(monthText)}</p>
          <ConfirmButtons
            label={f.confirmClose}
            isBusy={change.isPending}
            onConfirm={() => {
              change.mutate('close');
            }}
            onCancel={() => {
              setStep('idle');
            }}
          />
        </div>
      )}
      {closed && step !== 'reopen' && (
        <button
          type="button"
          onClick={() => {
            change.reset();
            setResult(undefined);
            setStep('reopen');
          }}
        >
          {f.reopen}
        </button>
      )}
      {closed && step === 'reopen' && (
        <form
          noValidate
          className="inline-form"
          aria-label={f.reopen}
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim() === '') {
              setReasonMissing(true);
              return;
            }
            change.mutate('reopen');
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-reason`}>
              {f.reopenReason} <span className="required">{f.required}</span>
            </label>
            <textarea
              id={`${id}-reason`}
              rows={3}
              cols={50}
              value={reason}
              aria-required
              aria-invalid={reasonMissing || undefined}
              onChange={(e) => {
                setReason(e.target.value);
              }}
            />
            {reasonMissing && (
              <p role="alert" className="field-problem">
                {f.reopenReason}
              </p>
            )}
          </div>
          <ConfirmButtons
            label={f.confirmReopen}
            isBusy={change.isPending}
            onCancel={() => {
              setStep('idle');
            }}
          />
        </form>
      )}
    </section>
  );
}
