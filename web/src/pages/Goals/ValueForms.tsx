import { useId, useState, type SyntheticEvent } from 'react';
import { request } from '../../api.ts';
import { SaveCancel, SaveError, useSave } from '../../components/Forms.tsx';
import {
  Field,
  FootnoteField,
  isDecimal,
  PeriodField,
  RequiredField,
  TextField,
  useValueFields,
  ValueField,
} from '../../components/ValueFields.tsx';
import { formatDateTime } from '../../format.ts';
import { useLanguage } from '../../i18n.tsx';
import type { Indicator, OutcomeEntry } from './goals-api.ts';

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

/** What the forms for one indicator's year are given. */
export type IndicatorFormProps = { indicator: Indicator; year: number; onDone: () => void };

/**
 * A value of an indicator for a year or a month, for the nämnd or a unit the user may enter for,
 * with an optional footnote.
 */
export function ValueForm({
  indicator,
  year,
  units,
  onDone,
}: IndicatorFormProps & { units: { code: string; name: string }[] }) {
  const { t } = useLanguage();
  const g = t.goals;
  const id = useId();
  const [orgUnit, setOrgUnit] = useState('');
  const fields = useValueFields({
    period: String(year),
    // Starts from the year's outcome for the nämnd, as a Swedish reader types it ("10,74").
    value: indicator.outcome?.replace('.', ',') ?? '',
    footnote: indicator.footnote ?? '',
  });
  const save = useSave(
    () =>
      request('PUT', `/api/goals/indicators/${encodeURIComponent(indicator.code)}/values`, {
        period: fields.body.period,
        value: fields.body.value,
        orgUnit,
        footnote: fields.body.footnote,
      }),
    { invalidate: ['goals'], onDone },
  );
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (fields.attempt()) save.mutate();
  };
  const heading = g.valueTitle(indicator.name);
  return (
    <form onSubmit={submit} noValidate className="stack card measure-form" aria-label={heading}>
      <h5 className="form-title">{heading}</h5>
      <PeriodField id={`${id}-period`} fields={fields} />
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
      <ValueField id={`${id}-value`} unit={indicator.unit} fields={fields} />
      <FootnoteField id={`${id}-footnote`} fields={fields} />
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
export function TargetForm({ indicator, year, onDone }: IndicatorFormProps) {
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
          <RequiredField
            id={`${id}-value`}
            label={indicator.unit ? `${g.targetValue} (${indicator.unit})` : g.targetValue}
            hint={g.valueHint}
            problem={problem('value')}
            value={fields.value}
            onChange={set('value')}
          />
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
          <RequiredField
            id={`${id}-low`}
            label={g.rangeLow}
            problem={problem('low')}
            value={fields.low}
            onChange={set('low')}
          />
          <RequiredField
            id={`${id}-high`}
            label={g.rangeHigh}
            problem={problem('high')}
            value={fields.high}
            onChange={set('high')}
          />
        </>
      )}
      {kind !== 'none' && (
        <TextField
          id={`${id}-text`}
          label={g.targetText}
          hint={g.targetTextHint}
          maxLength={200}
          value={fields.text}
          onChange={set('text')}
        />
      )}
      <SaveCancel saving={save.isPending} onCancel={onDone} />
      <SaveError error={save.error} conflict={g.conflict} />
    </form>
  );
}
