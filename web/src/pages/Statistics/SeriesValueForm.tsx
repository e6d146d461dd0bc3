import { useId, useState, type SyntheticEvent } from 'react';
import { request } from '../../api.ts';
import { SaveCancel, SaveError, useSave } from '../../components/Forms.tsx';
import {
  Field,
  FootnoteField,
  PeriodField,
  useValueFields,
  ValueField,
} from '../../components/ValueFields.tsx';
import { useLanguage } from '../../i18n.tsx';

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
  const fields = useValueFields({ period: String(year) });
  const save = useSave(
    () => request('PUT', `/api/statistics/series/${encodeURIComponent(code)}/values`, fields.body),
    { invalidate: ['statistics'], onDone },
  );
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (fields.attempt()) save.mutate();
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
      <PeriodField id={`${id}-period`} fields={fields} />
      <ValueField id={`${id}-value`} fields={fields} />
      <FootnoteField id={`${id}-footnote`} fields={fields} />
      <SaveCancel saving={save.isPending} onCancel={onDone} />
      <SaveError error={save.error} conflict={g.conflict} />
    </form>
  );
}
