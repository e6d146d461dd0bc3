import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ApiError, get, query, request } from '../../api.ts';
import { useLanguage } from '../../i18n.tsx';
import type { ForecastForm, OverviewRow } from './forecast-api.ts';

/**
 * Godkänn / Skicka tillbaka on a submitted forecast. The overview does not carry the forecast's row
 * version, so it is read from the form first, and the review goes ahead only if the forecast read
 * is still the one the overview showed (same status and total); else the reviewer is told to read
 * again.
 */
export function ReviewActions({
  year,
  month,
  row,
  onDone,
}: {
  year: number;
  month: number;
  row: OverviewRow;
  onDone: (message: string | undefined, error: unknown) => void;
}) {
  const { t } = useLanguage();
  const f = t.forecast;
  const id = useId();
  const client = useQueryClient();
  const [returning, setReturning] = useState(false);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const name = `${row.code} ${row.name}`;
  const review = useMutation({
    mutationFn: async (decision: 'godkann' | 'aterskicka') => {
      const form = await get<ForecastForm>(
        `/api/forecasts/form${query({ year, month, ansvar: row.code })}`,
      );
      const current = form.forecast;
      if (!current || current.status !== 'inlamnad' || current.total !== row.forecast)
        throw new ApiError(409, { code: 'CONFLICT', message: f.staleRow(name) });
      await request(
        'POST',
        `/api/forecasts/${String(year)}/${String(month)}/${encodeURIComponent(row.code)}/review`,
        { rowVersion: current.rowVersion, decision, comment },
      );
      return decision;
    },
    onSuccess: (decision) => {
      onDone(decision === 'godkann' ? f.approved(name) : f.sentBack(name), undefined);
    },
    onError: (error) => {
      onDone(undefined, error);
    },
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: ['forecast-overview'] });
      await client.invalidateQueries({ queryKey: ['forecast-form'] });
    },
  });
  if (returning)
    return (
      <form
        noValidate
        aria-label={f.sendBackTitle(name)}
        onSubmit={(e) => {
          e.preventDefault();
          if (comment.trim() === '') {
            setMissing(true);
            return;
          }
          review.mutate('aterskicka');
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-comment`}>
            {f.sendBackComment} <span className="required">{f.required}</span>
          </label>
          <textarea
            id={`${id}-comment`}
            rows={3}
            value={comment}
            aria-required
            aria-invalid={missing || undefined}
            aria-describedby={missing ? `${id}-missing` : undefined}
            onChange={(e) => {
              setComment(e.target.value);
            }}
          />
          {missing && (
            <p id={`${id}-missing`} role="alert" className="field-problem">
              {f.sendBackComment}
            </p>
          )}
        </div>
        <div className="buttons">
          <button type="submit" disabled={review.isPending}>
            {f.sendBack}
          </button>
          <button
            type="button"
            onClick={() => {
              setReturning(false);
            }}
          >
            {t.cancel}
          </button>
        </div>
      </form>
    );
  return (
    <div className="buttons">
      <button
        type="button"
        disabled={review.isPending}
        onClick={() => {
          review.mutate('godkann');
        }}
      >
        {f.approve}
        <span className="visually-hidden"> {name}</span>
      </button>
      <button
        type="button"
        onClick={() => {
          setReturning(true);
        }}
      >
        {f.sendBack}
        <span className="visually-hidden"> {name}</span>
      </button>
    </div>
  );
}
