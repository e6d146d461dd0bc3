import { useId, useState, type SyntheticEvent } from 'react';
import { request } from '../../api.ts';
import { SaveCancel, SaveError, useSave } from '../../components/Forms.tsx';
import { useLanguage } from '../../i18n.tsx';
import {
  tkrInput,
  STATUSES,
  type Status,
  type Measure,
  type Plan,
  statusLabel,
  monthText,
} from './action-plan-data.ts';
import { TEXT } from './action-plan-text.ts';

interface Draft {
  title: string;
  description: string;
  start: string;
  helarseffekt: string;
  override: boolean;
  effektAr: string;
  reason: string;
  status: Status;
  statustext: string;
  ownerUnit: string;
}

export function MeasureForm({
  plan,
  measure,
  units,
  onDone,
}: {
  plan: Plan;
  measure?: Measure;
  units: { code: string; name: string }[];
  onDone: () => void;
}) {
  const { language } = useLanguage();
  const t = TEXT[language];
  const id = useId();
  const [draft, setDraft] = useState<Draft>({
    title: measure?.title ?? '',
    description: measure?.description ?? '',
    start: measure ? monthText(measure.start) : `${plan.year}-01`,
    helarseffekt: measure ? tkrInput(measure.helarseffekt) : '0',
    override: measure?.isOverride ?? false,
    effektAr: measure ? tkrInput(measure.effektAr) : '0',
    reason: measure?.overrideReason ?? '',
    status: measure?.status ?? 'planerad',
    statustext: measure?.statustext ?? '',
    ownerUnit: measure?.ownerUnit ?? units[0]?.code ?? '',
  });
  const set = (changes: Partial<Draft>) => {
    setDraft({ ...draft, ...changes });
  };
  const save = useSave(
    () => {
      const body = {
        title: draft.title,
        description: draft.description,
        start: draft.start,
        helarseffektTkr: draft.helarseffekt,
        override: draft.override ? { effektArTkr: draft.effektAr, reason: draft.reason } : null,
        status: draft.status,
        statustext: draft.statustext,
        ownerUnit: draft.ownerUnit === '' ? null : draft.ownerUnit,
      };
      return measure
        ? request('PATCH', `/api/action-plans/measures/${measure.id}`, {
            ...body,
            version: measure.version,
          })
        : request('POST', '/api/action-plans/measures', { ...body, atgardskravId: plan.id });
    },
    {
      invalidate: ['action-plans'],
      onDone,
    },
  );
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const field = (name: string) => `${id}-${name}`;
  const heading = measure ? `${t.editTitle}: ${measure.title}` : t.addTitle(plan.name);
  return (
    <form onSubmit={submit} className="stack card measure-form" aria-label={heading}>
      <h3>{heading}</h3>
      <div className="field">
        <label htmlFor={field('title')}>{t.measure}</label>
        <input
          id={field('title')}
          required
          value={draft.title}
          onChange={(e) => {
            set({ title: e.target.value });
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={field('description')}>{t.description}</label>
        <textarea
          id={field('description')}
          rows={3}
          value={draft.description}
          onChange={(e) => {
            set({ description: e.target.value });
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={field('start')}>{t.start}</label>
        <input
          id={field('start')}
          type="month"
          required
          value={draft.start}
          onChange={(e) => {
            set({ start: e.target.value });
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={field('helar')}>
          {t.helarseffekt} ({t.unit})
        </label>
        <input
          id={field('helar')}
          inputMode="decimal"
          required
          aria-describedby={field('hint')}
          value={draft.helarseffekt}
          onChange={(e) => {
            set({ helarseffekt: e.target.value });
          }}
        />
        <p id={field('hint')} className="hint">
          {t.tkrHint}
        </p>
      </div>
      <div className="field checkbox">
        <input
          id={field('override')}
          type="checkbox"
          checked={draft.override}
          onChange={(e) => {
            set({ override: e.target.checked });
          }}
        />
        <label htmlFor={field('override')}>{t.overrideCheck}</label>
      </div>
      {draft.override && (
        <>
          <div className="field">
            <label htmlFor={field('effekt')}>
              {t.effektAr(plan.year)} ({t.unit})
            </label>
            <input
              id={field('effekt')}
              inputMode="decimal"
              required
              value={draft.effektAr}
              onChange={(e) => {
                set({ effektAr: e.target.value });
              }}
            />
          </div>
          <div className="field">
            <label htmlFor={field('reason')}>{t.overrideReason}</label>
            <input
              id={field('reason')}
              required
              value={draft.reason}
              onChange={(e) => {
                set({ reason: e.target.value });
              }}
            />
          </div>
        </>
      )}
      <div className="field">
        <label htmlFor={field('status')}>{t.status}</label>
        <select
          id={field('status')}
          value={draft.status}
          onChange={(e) => {
            set({ status: e.target.value as Status });
          }}
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s, language)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={field('statustext')}>{t.statustext}</label>
        <textarea
          id={field('statustext')}
          rows={2}
          value={draft.statustext}
          onChange={(e) => {
            set({ statustext: e.target.value });
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={field('owner')}>{t.ownerUnit}</label>
        <select
          id={field('owner')}
          value={draft.ownerUnit}
          onChange={(e) => {
            set({ ownerUnit: e.target.value });
          }}
        >
          {units.map((u) => (
            <option key={u.code} value={u.code}>
              {u.code} {u.name}
            </option>
          ))}
        </select>
      </div>
      <SaveCancel saving={save.isPending} onCancel={onDone} />
      <SaveError error={save.error} conflict={t.conflict} />
    </form>
  );
}
