import { useState, type ChangeEvent, type ReactNode } from 'react';
import { useLanguage } from '../i18n.tsx';

/** The decimals people type: "10,74", "10.74", "4 412,5". Sent as typed; the server keeps them exact. */
const DECIMAL = /^-?[\d\u00a0 ]+([.,]\d+)?$/;
const PERIOD = /^\d{4}(-(0[1-9]|1[0-2]))?$/;

export const isDecimal = (text: string) => DECIMAL.test(text.trim()) && /\d/.test(text);
export const isPeriod = (text: string) => PERIOD.test(text.trim());

/** A labelled input with its hint and, once tried, its problem (linked for screen readers). */
export function Field({
  id,
  label,
  hint,
  problem,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  problem?: string | false;
  children: (described: { 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode;
}) {
  const described = [hint ? `${id}-hint` : '', problem ? `${id}-problem` : '']
    .filter((d) => d !== '')
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({
        ...(described ? { 'aria-describedby': described } : {}),
        ...(problem ? { 'aria-invalid': true } : {}),
      })}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {problem && (
        <p id={`${id}-problem`} className="field-problem">
          {problem}
        </p>
      )}
    </div>
  );
}

/** A required input for a year ("2024"), a month ("2024-03") or a decimal, as the reader types it. */
export function RequiredField({
  id,
  label,
  hint,
  problem,
  inputMode = 'decimal',
  value,
  onChange,
}: {
  id: string;
  label: string;
  hint?: string;
  problem?: string | false;
  inputMode?: 'numeric' | 'decimal';
  value: string | undefined;
  onChange: (event: ChangeEvent<HTMLInputElement>) => void;
}) {
  return (
    <Field id={id} label={label} hint={hint} problem={problem}>
      {(aria) => (
        <input
          id={id}
          {...aria}
          required
          inputMode={inputMode}
          autoComplete="off"
          value={value}
          onChange={onChange}
        />
      )}
    </Field>
  );
}

/** An optional free text of at most `maxLength` characters. */
export function TextField({
  id,
  label,
  hint,
  maxLength,
  value,
  onChange,
}: {
  id: string;
  label: string;
  hint: string;
  maxLength: number;
  value: string | undefined;
  onChange: (event: ChangeEvent<HTMLInputElement>) => void;
}) {
  return (
    <Field id={id} label={label} hint={hint}>
      {(aria) => (
        <input id={id} {...aria} maxLength={maxLength} value={value} onChange={onChange} />
      )}
    </Field>
  );
}

/** The state of a value form: the period, the value and the footnote, and whether saving was tried. */
export function useValueFields(initial: { period: string; value?: string; footnote?: string }) {
  const [period, setPeriod] = useState(initial.period);
  const [value, setValue] = useState(initial.value ?? '');
  const [footnote, setFootnote] = useState(initial.footnote ?? '');
  const [tried, setTried] = useState(false);
  return {
    period,
    setPeriod,
    value,
    setValue,
    footnote,
    setFootnote,
    tried,
    /** As the API reads them: trimmed. */
    body: { period: period.trim(), value: value.trim(), footnote: footnote.trim() },
    /** Marks the fields as tried, so their problems show; true when they may be saved. */
    attempt: () => {
      setTried(true);
      return isPeriod(period) && isDecimal(value);
    },
  };
}

type ValueFieldsState = ReturnType<typeof useValueFields>;

/** The period ("2024" or "2024-03") of a value form. */
export function PeriodField({ id, fields }: { id: string; fields: ValueFieldsState }) {
  const g = useLanguage().t.goals;
  return (
    <RequiredField
      id={id}
      label={g.period}
      hint={g.periodHint}
      problem={fields.tried && !isPeriod(fields.period) && g.periodProblem}
      inputMode="numeric"
      value={fields.period}
      onChange={(e) => {
        fields.setPeriod(e.target.value);
      }}
    />
  );
}

/** The value of a value form, labelled with its unit when it has one. */
export function ValueField({
  id,
  unit,
  fields,
}: {
  id: string;
  unit?: string | null;
  fields: ValueFieldsState;
}) {
  const g = useLanguage().t.goals;
  return (
    <RequiredField
      id={id}
      label={unit ? `${g.valueLabel} (${unit})` : g.valueLabel}
      hint={g.valueHint}
      problem={fields.tried && !isDecimal(fields.value) && g.valueProblem}
      value={fields.value}
      onChange={(e) => {
        fields.setValue(e.target.value);
      }}
    />
  );
}

/** The optional footnote of a value form. */
export function FootnoteField({ id, fields }: { id: string; fields: ValueFieldsState }) {
  const g = useLanguage().t.goals;
  return (
    <TextField
      id={id}
      label={g.footnoteOptional}
      hint={g.footnoteHint}
      maxLength={300}
      value={fields.footnote}
      onChange={(e) => {
        fields.setFootnote(e.target.value);
      }}
    />
  );
}
