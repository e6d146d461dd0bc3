import { useId, useState } from 'react';
import { request } from '../../api.ts';
import { SaveCancel, SaveError, useSave } from '../../components/Forms.tsx';
import { useLanguage } from '../../i18n.tsx';
import { tkrInput, type Plan } from './action-plan-data.ts';
import { TEXT } from './action-plan-text.ts';

/** The controller sets an activity's requirement: a new one, or a change sent with the version read. */
export function RequirementForm({
  year,
  plan,
  onDone,
}: {
  year: number;
  plan?: Plan;
  onDone: () => void;
}) {
  const { language } = useLanguage();
  const t = TEXT[language];
  const id = useId();
  const [verksamhet, setVerksamhet] = useState(plan?.verksamhet ?? '');
  const [name, setName] = useState(plan?.name ?? '');
  const [amount, setAmount] = useState(plan ? tkrInput(plan.amount) : '');
  const [basis, setBasis] = useState(plan?.basis ?? '');
  const [description, setDescription] = useState(plan?.description ?? '');
  const save = useSave(
    () =>
      request('POST', '/api/action-plans/requirements', {
        year,
        name,
        amountTkr: amount,
        basis,
        description,
        ...(plan
          ? {
              version: plan.version,
              ...(plan.verksamhet ? { verksamhet: plan.verksamhet } : { ansvar: plan.ansvar }),
            }
          : { verksamhet }),
      }),
    {
      invalidate: ['action-plans'],
      onDone,
    },
  );
  const heading = plan ? t.editRequirement(plan.name) : t.newRequirement;
  return (
    <form
      className="stack card measure-form"
      aria-label={heading}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h3>{heading}</h3>
      {!plan && (
        <div className="field">
          <label htmlFor={`${id}-v`}>{t.verksamhet}</label>
          <input
            id={`${id}-v`}
            required
            value={verksamhet}
            onChange={(e) => {
              setVerksamhet(e.target.value);
            }}
          />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-n`}>{t.requirementName}</label>
        <input
          id={`${id}-n`}
          required
          value={name}
          onChange={(e) => {
            setName(e.target.value);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-a`}>{t.requirementAmount}</label>
        <input
          id={`${id}-a`}
          inputMode="decimal"
          required
          value={amount}
          onChange={(e) => {
            setAmount(e.target.value);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-b`}>{t.basis}</label>
        <input
          id={`${id}-b`}
          value={basis}
          onChange={(e) => {
            setBasis(e.target.value);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-d`}>{t.intro2}</label>
        <textarea
          id={`${id}-d`}
          rows={3}
          value={description}
          onChange={(e) => {
            setDescription(e.target.value);
          }}
        />
      </div>
      <SaveCancel saving={save.isPending} onCancel={onDone} />
      <SaveError error={save.error} conflict={t.conflict} />
    </form>
  );
}
