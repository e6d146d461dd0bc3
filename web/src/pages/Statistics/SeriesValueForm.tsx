import { useId, useState, type SyntheticEvent } from 'react';
import { request } from '../../api.ts';
import { SaveCancel, SaveError, useSave } from '../../components/Forms.tsx';
import { useLanguage } from '../../i18n.tsx';
import { Field, isDecimal, isPeriod } from '../Goals/ValueForms.tsx';

/** The controller enters a statistics series' value for a year or a month, with a footnote. */
export function SeriesValueForm({
  series,
  year,
  onDone,
}: {
  series: { code: string; name: string; unit: string }[];
  year: number;
  onDone: () => void;
}) {
  const { t } = useLanguage();
  const g = t.goals;
  const s = t.statistics;
  const id = useId();
  const [code, setCode] = useState(series[0]?.code ?? '');
  const [period, setPeriod] = useState(String(year));
  const [value, setValue] = useState('');
  const [footnote, setFootnote] = useState('');
  const [tried, setTried] = useState(false);
  const save = useSave(
    () =>
      request('PUT', `/api/statistics/series/${encodeURIComponent(code)}/values`, {
        period: period.trim(),
        value: value.trim(),
        footnote: footnote.trim(),
      }),
    { invalidate: ['statistics'], onDone },
  );
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setTried(true);
    if (isPeriod(period) && isDecimal(value)) save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="stack card measure-form" aria-label={s.formTitle}>
      <h2 className="form-title">{s.formTitle}</h2>
      <Field id={`${id}-series`} label={s.series}>
        {(aria) => (
          <select
            id={`${id}-series`}
            {...aria}
            value={code}
            onChange={(e) => {
              setCode(e.target.value);
            }}
          >
            {series.map((row) => (
              <option key={row.code} value={row.code}>
                {row.name}
                {row.unit ? ` (${row.unit})` : ''}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id={`${id}-period`}
        label={g.period}
        hint={g.periodHint}
        problem={tried && !isPeriod(period) && g.periodProblem}
      >
        {(aria) => (
          <input
            id={`${id}-period`}
            {...aria}
            required
            inputMode="numeric"
            autoComplete="off"
            value={period}
            onChange={(e) => {
              setPeriod(e.target.value);
            }}
          />
        )}
      </Field>
      <Field
        id={`${id}-value`}
        label={g.valueLabel}
        hint={g.valueHint}
        problem={tried && !isDecimal(value) && g.valueProblem}
      >
        {(aria) => (
          <input
            id={`${id}-value`}
            {...aria}
            required
            inputMode="decimal"
            autoComplete="off"
            value={value}
            onChange={(e) => {
              setValue(e.target.value);
            }}
          />
        )}
      </Field>
      <Field id={`${id}-footnote`} label={g.footnoteOptional} hint={g.footnoteHint}>
        {(aria) => (
          <input
            id={`${id}-footnote`}
            {...aria}
            maxLength={300}
            value={footnote}
            onChange={(e) => {
              setFootnote(e.target.value);
            }}
          />
        )}
      </Field>
      <SaveCancel saving={save.isPending} onCancel={onDone} />
      <SaveError error={save.error} conflict={g.conflict} />
    </form>
  );
}
