import { useId, useState, type ReactNode, type SyntheticEvent } from 'react';
import { request } from '../../api.ts';
import { SaveCancel, SaveError, useSave } from '../../components/Forms.tsx';
import { formatDateTime } from '../../format.ts';
import { useLanguage } from '../../i18n.tsx';
import type { Indicator, OutcomeEntry } from './goals-api.ts';

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

/** Who stored the year's outcome, from where and when. */
export function EntryText({ entry }: { entry: OutcomeEntry }) {
  const { t } = useLanguage();
  const g = t.goals;
  const source =
    entry.source === 'manual'
      ? g.sourceManual
      : entry.source === 'fil'
        ? g.sourceFile
        : entry.source;
  return <>{g.entry(source, entry.by, formatDateTime(entry.at))}</>;
}

/**
 * A value of an indicator for a year or a month, for the nämnd or a unit the user may enter for,
 * with an optional footnote.
 */
export function ValueForm({
  indicator,
  year,
  units,
  onDone,
}: {
  indicator: Indicator;
  year: number;
  units: { code: string; name: string }[];
  onDone: () => void;
}) {
  const { t } = useLanguage();
  const g = t.goals;
  const id = useId();
  const [period, setPeriod] = useState(String(year));
  const [orgUnit, setOrgUnit] = useState('');
  // Starts from the year's outcome for the nämnd, as a Swedish reader types it ("10,74").
  const [value, setValue] = useState(() => indicator.outcome?.replace('.', ',') ?? '');
  const [footnote, setFootnote] = useState(() => indicator.footnote ?? '');
  const [tried, setTried] = useState(false);
  const periodProblem = tried && !isPeriod(period) && g.periodProblem;
  const valueProblem = tried && !isDecimal(value) && g.valueProblem;
  const save = useSave(
    () =>
      request('PUT', `/api/goals/indicators/${encodeURIComponent(indicator.code)}/values`, {
        period: period.trim(),
        value: value.trim(),
        orgUnit,
        footnote: footnote.trim(),
      }),
    { invalidate: ['goals'], onDone },
  );
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setTried(true);
    if (isPeriod(period) && isDecimal(value)) save.mutate();
  };
  const heading = g.valueTitle(indicator.name);
  return (
    <form onSubmit={submit} noValidate className="stack card measure-form" aria-label={heading}>
      <h5 className="form-title">{heading}</h5>
      <Field id={`${id}-period`} label={g.period} hint={g.periodHint} problem={periodProblem}>
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
      <Field id={`${id}-unit`} label={g.valueUnit}>
        {(aria) => (
          <select
            id={`${id}-unit`}
            {...aria}
            value={orgUnit}
            onChange={(e) => {
              setOrgUnit(e.target.value);
            }}
          >
            <option value="">{g.wholeNamnd}</option>
            {units.map((u) => (
              <option key={u.code} value={u.code}>
                {u.name} ({u.code})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id={`${id}-value`}
        label={indicator.unit ? `${g.valueLabel} (${indicator.unit})` : g.valueLabel}
        hint={g.valueHint}
        problem={valueProblem}
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

type TargetKind = 'value' | 'relative' | 'range' | 'none';
const COMPARATORS = ['≥', '>', '≤', '<', '='] as const;

/** The target as the API reads it: "≥ 85", "öka", "10–20", "" (none). */
function targetInput(kind: TargetKind, fields: Record<string, string>): string {
  switch (kind) {
    case 'value':
      return `${fields.comparator ?? '≥'} ${(fields.value ?? '').trim()}`;
    case 'relative':
      return fields.change === 'decrease' ? 'minska' : 'öka';
    case 'range':
      return `${(fields.low ?? '').trim()}–${(fields.high ?? '').trim()}`;
    case 'none':
      return '';
  }
}

/** The controller sets the year's target: a value with a comparator, öka/minska, a range or none. */
export function TargetForm({
  indicator,
  year,
  onDone,
}: {
  indicator: Indicator;
  year: number;
  onDone: () => void;
}) {
  const { t } = useLanguage();
  const g = t.goals;
  const id = useId();
  const [kind, setKind] = useState<TargetKind>(
    indicator.target !== null ? 'value' : indicator.targetText ? 'relative' : 'value',
  );
  const [fields, setFields] = useState<Record<string, string>>({
    comparator: indicator.direction === 'lower' ? '≤' : '≥',
    value: '',
    change: indicator.direction === 'lower' ? 'decrease' : 'increase',
    low: '',
    high: '',
    text: '',
  });
  const [tried, setTried] = useState(false);
  const set = (key: string) => (e: { target: { value: string } }) => {
    setFields({ ...fields, [key]: e.target.value });
  };
  const problem = (key: string) => tried && !isDecimal(fields[key] ?? '') && g.valueProblem;
  const valid =
    kind === 'value'
      ? isDecimal(fields.value ?? '')
      : kind === 'range'
        ? isDecimal(fields.low ?? '') && isDecimal(fields.high ?? '')
        : true;
  const save = useSave(
    () =>
      request('PUT', `/api/goals/${year}/indicators/${encodeURIComponent(indicator.code)}/target`, {
        target: targetInput(kind, fields),
        ...(fields.text?.trim() ? { text: fields.text.trim() } : {}),
      }),
    { invalidate: ['goals'], onDone },
  );
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setTried(true);
    if (valid) save.mutate();
  };
  const heading = g.targetTitle(indicator.name, year);
  return (
    <form onSubmit={submit} noValidate className="stack card measure-form" aria-label={heading}>
      <h5 className="form-title">{heading}</h5>
      <p className="hint">{g.targetNow(indicator.targetText || g.noTarget)}</p>
      <Field id={`${id}-kind`} label={g.targetKind}>
        {(aria) => (
          <select
            id={`${id}-kind`}
            {...aria}
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as TargetKind);
            }}
          >
            {(['value', 'relative', 'range', 'none'] as const).map((k) => (
              <option key={k} value={k}>
                {g.targetKinds[k]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {kind === 'value' && (
        <>
          <Field id={`${id}-comparator`} label={g.comparator}>
            {(aria) => (
              <select
                id={`${id}-comparator`}
                {...aria}
                value={fields.comparator}
                onChange={set('comparator')}
              >
                {COMPARATORS.map((c) => (
                  <option key={c} value={c}>
                    {c} {g.comparators[c]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            id={`${id}-value`}
            label={indicator.unit ? `${g.targetValue} (${indicator.unit})` : g.targetValue}
            hint={g.valueHint}
            problem={problem('value')}
          >
            {(aria) => (
              <input
                id={`${id}-value`}
                {...aria}
                required
                inputMode="decimal"
                autoComplete="off"
                value={fields.value}
                onChange={set('value')}
              />
            )}
          </Field>
        </>
      )}
      {kind === 'relative' && (
        <Field id={`${id}-change`} label={g.change}>
          {(aria) => (
            <select id={`${id}-change`} {...aria} value={fields.change} onChange={set('change')}>
              <option value="increase">{g.increase}</option>
              <option value="decrease">{g.decrease}</option>
            </select>
          )}
        </Field>
      )}
      {kind === 'range' && (
        <>
          <Field id={`${id}-low`} label={g.rangeLow} problem={problem('low')}>
            {(aria) => (
              <input
                id={`${id}-low`}
                {...aria}
                required
                inputMode="decimal"
                autoComplete="off"
                value={fields.low}
                onChange={set('low')}
              />
            )}
          </Field>
          <Field id={`${id}-high`} label={g.rangeHigh} problem={problem('high')}>
            {(aria) => (
              <input
                id={`${id}-high`}
                {...aria}
                required
                inputMode="decimal"
                autoComplete="off"
                value={fields.high}
                onChange={set('high')}
              />
            )}
          </Field>
        </>
      )}
      {kind !== 'none' && (
        <Field id={`${id}-text`} label={g.targetText} hint={g.targetTextHint}>
          {(aria) => (
            <input
              id={`${id}-text`}
              {...aria}
              maxLength={200}
              value={fields.text}
              onChange={set('text')}
            />
          )}
        </Field>
      )}
      <SaveCancel saving={save.isPending} onCancel={onDone} />
      <SaveError error={save.error} conflict={g.conflict} />
    </form>
  );
}
