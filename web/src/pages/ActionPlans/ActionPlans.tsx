import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { get, query, type Organisation } from '../../api.ts';
import { ErrorMessage, Loading } from '../../components/DataState.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useLanguage } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';
import { useYears } from '../../years.ts';
import type { Plan } from './action-plan-data.ts';
import { TEXT } from './action-plan-text.ts';
import { RequirementForm } from './RequirementForm.tsx';
import { PlanSection } from './PlanSection.tsx';
import { Followups } from './Followups.tsx';

export function ActionPlans() {
  const { language, t: common } = useLanguage();
  const t = TEXT[language];
  const { user } = useSession();
  const years = useYears();
  const [params, setParams] = useSearchParams();
  const yearId = useId();
  const [addingRequirement, setAddingRequirement] = useState(false);
  const asked = params.get('year');
  const answer = useQuery({
    queryKey: ['action-plans', asked],
    queryFn: () =>
      get<{ year: number; years: number[]; plans: Plan[] }>(
        `/api/action-plans${query({ year: asked })}`,
      ),
  });
  const plans = { ...answer, data: answer.data?.plans };
  const year = answer.data?.year ?? Number(asked ?? new Date().getFullYear());
  const choices = [
    ...new Set([...(answer.data?.years ?? []), ...(years.data ?? []).map((y) => y.year)]),
  ].sort((a, b) => b - a);
  const organisation = useQuery({
    queryKey: ['organisation'],
    queryFn: () => get<Organisation>('/api/organisation'),
  });
  const admin = user.role === 'controller';
  const manager = user.role === 'verksamhetschef' || user.role === 'enhetschef';
  // The units a measure may be owned by: all for the controller, those within a manager's scope.
  const allUnits = organisation.data?.units ?? [];
  const within = (code: string): boolean => {
    let current: string | null | undefined = code;
    const seen = new Set<string>();
    while (current && !seen.has(current)) {
      if (user.scope.includes(current)) return true;
      seen.add(current);
      current = allUnits.find((u) => u.code === current)?.parent;
    }
    return false;
  };
  const units = allUnits.filter((u) => admin || (manager && within(u.code)));
  return (
    <>
      <PageTitle title={t.title} />
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <div className="field inline">
          <label htmlFor={yearId}>{common.year}</label>
          <select
            id={yearId}
            value={year}
            onChange={(e) => {
              setParams({ year: e.target.value });
            }}
          >
            {(choices.includes(year) ? choices : [year, ...choices]).map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </form>
      {plans.isPending && <Loading />}
      {plans.isError && <ErrorMessage error={plans.error} />}
      {plans.data?.length === 0 && <p>{t.noPlans}</p>}
      {plans.data?.map((plan) => (
        <PlanSection
          key={plan.id}
          plan={plan}
          units={units}
          canAdd={admin || (manager && units.length > 0)}
        />
      ))}
      {admin && !addingRequirement && (
        <p>
          <button
            type="button"
            onClick={() => {
              setAddingRequirement(true);
            }}
          >
            {t.newRequirement}
          </button>
        </p>
      )}
      {admin && addingRequirement && (
        <RequirementForm
          year={year}
          onDone={() => {
            setAddingRequirement(false);
          }}
        />
      )}
      {plans.data && plans.data.length > 0 && <Followups year={year} admin={admin} />}
    </>
  );
}
