import { useId, useState, type SyntheticEvent } from 'react';
import { request } from '../../api.ts';
import { SaveCancel, SaveError, useSave } from '../../components/Forms.tsx';
import { richTextToText, textToRichText } from '../../components/RichText.tsx';
import { useLanguage } from '../../i18n.tsx';

/** A field of a tree node: a one-line name, or rich text edited as paragraphs. */
export interface NodeField {
  key: string;
  label: string;
  value: string;
  rich: boolean;
}

/** The controller changes a målområde's or a mål's texts, as read (409 when changed since). */
export function NodeForm({
  kind,
  id,
  version,
  title,
  fields,
  onDone,
}: {
  kind: 'malomrade' | 'mal';
  id: number;
  version: number;
  title: string;
  fields: NodeField[];
  onDone: () => void;
}) {
  const { t } = useLanguage();
  const formId = useId();
  const [values, setValues] = useState(() =>
    Object.fromEntries(fields.map((f) => [f.key, f.rich ? richTextToText(f.value) : f.value])),
  );
  const save = useSave(
    () =>
      request('PATCH', `/api/goals/nodes/${kind}/${id}`, {
        version,
        ...Object.fromEntries(
          fields.map((f) => [f.key, f.rich ? textToRichText(values[f.key] ?? '') : values[f.key]]),
        ),
      }),
    { invalidate: ['goals'], onDone },
  );
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} className="stack card measure-form" aria-label={title}>
      <p className="form-title">{title}</p>
      {fields.map((f) => (
        <div className="field" key={f.key}>
          <label htmlFor={`${formId}-${f.key}`}>{f.label}</label>
          {f.rich ? (
            <textarea
              id={`${formId}-${f.key}`}
              rows={4}
              value={values[f.key] ?? ''}
              onChange={(e) => {
                setValues({ ...values, [f.key]: e.target.value });
              }}
            />
          ) : (
            <input
              id={`${formId}-${f.key}`}
              required={f.key === 'name'}
              value={values[f.key] ?? ''}
              onChange={(e) => {
                setValues({ ...values, [f.key]: e.target.value });
              }}
            />
          )}
        </div>
      ))}
      <p className="hint">{t.goals.analysisHint}</p>
      <SaveCancel saving={save.isPending} onCancel={onDone} />
      <SaveError error={save.error} conflict={t.goals.nodeConflict} />
    </form>
  );
}
