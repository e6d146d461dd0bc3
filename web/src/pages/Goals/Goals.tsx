import { YearSelect } from '../../components/Selectors.tsx';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { get } from '../../api.ts';
import { ErrorMessage, Loading } from '../../components/DataState.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { RichText } from '../../components/RichText.tsx';
import { formatDecimal } from '../../format.ts';
import { useLanguage } from '../../i18n.tsx';
import { withUnit, type Goals as GoalsAnswer, type Indicator } from './goals-api.ts';
import { IndicatorDetails } from './IndicatorDetails.tsx';
import { NodeForm } from './NodeForm.tsx';
import { useGoalYears, useYearChoice } from './GoalYears.tsx';

/** The figures of one goal's indicators: each on its own row, fulfilment and trend apart, in words. */
function IndicatorTable({
  goal,
  indicators,
  year,
}: {
  goal: string;
  indicators: Indicator[];
  year: number;
}) {
  const { t } = useLanguage();
  const g = t.goals;
  const number = (v: string | null, unit: string) =>
    v === null ? g.noValue : withUnit(v, unit, formatDecimal);
  return (
    <table className="indicators">
      <caption>{g.indicators(goal)}</caption>
      <thead>
        <tr>
          <th scope="col">{t.name}</th>
          <th scope="col" className="num">
            {g.target(year)}
          </th>
          <th scope="col" className="num">
            {g.outcome(year)}
          </th>
          <th scope="col" className="num">
            {g.outcome(year - 1)}
          </th>
          <th scope="col">{g.fulfilled}</th>
          <th scope="col">{g.trend}</th>
          <th scope="col">{g.assessment}</th>
        </tr>
      </thead>
      <tbody>
        {indicators.map((i) => (
          <tr key={i.code}>
            <th scope="row">{i.name}</th>
            <td className="num">{i.targetText || g.noTarget}</td>
            <td className="num">
              {number(i.outcome, i.unit)}
              {i.footnote && <span className="comment">{i.footnote}</span>}
            </td>
            <td className="num">{number(i.previous, i.unit)}</td>
            <td>
              {i.fulfilled === null
                ? g.noFulfilment
                : i.fulfilled
                  ? g.fulfilment.true
                  : g.fulfilment.false}
            </td>
            <td>{i.trend === null ? g.noTrend : g.trends[i.trend]}</td>
            <td>
              {i.assessment ?? g.assessmentNone}
              {!i.assessmentChosen && i.proposedAssessment !== null && (
                <span className="comment">{g.proposed(i.proposedAssessment)}</span>
              )}
              {i.assessmentChosen && <span className="comment">{g.chosen}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Texts({ items }: { items: [string, string][] }) {
  const shown = items.filter(([, html]) => html !== '');
  if (shown.length === 0) return null;
  return (
    <dl className="texts">
      {shown.map(([label, html]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>
            <RichText html={html} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The controller's button to change a node's texts, and the form it opens. */
function EditNode(props: Omit<Parameters<typeof NodeForm>[0], 'onDone'>) {
  const [editing, setEditing] = useState(false);
  if (editing)
    return (
      <NodeForm
        {...props}
        onDone={() => {
          setEditing(false);
        }}
      />
    );
  return (
    <button
      type="button"
      className="link-button"
      onClick={() => {
        setEditing(true);
      }}
    >
      {props.title}
    </button>
  );
}

function Tree({ goals }: { goals: GoalsAnswer }) {
  const { t } = useLanguage();
  const g = t.goals;
  if (goals.malomraden.length === 0) return <p>{g.noGoals(goals.year)}</p>;
  return (
    <>
      {goals.malomraden.map((area) => (
        <section key={area.id} className="goal-area" aria-labelledby={`area-${area.id}`}>
          <h2 id={`area-${area.id}`}>{area.name}</h2>
          {goals.mayEditTree && (
            <EditNode
              title={g.editNode(area.name)}
              kind="malomrade"
              id={area.id}
              version={area.version}
              fields={[
                { key: 'name', label: g.name, value: area.name, rich: false },
                { key: 'description', label: g.description, value: area.description, rich: true },
                { key: 'uppdrag', label: g.kfUppdrag, value: area.uppdrag, rich: true },
                { key: 'aterrapport', label: g.aterrapport, value: area.aterrapport, rich: true },
              ]}
            />
          )}
          {area.description && <RichText html={area.description} />}
          <Texts
            items={[
              [g.kfUppdrag, area.uppdrag],
              [g.aterrapport, area.aterrapport],
            ]}
          />
          {area.mal.map((goal) => (
            <section key={goal.id} className="goal" aria-labelledby={`goal-${goal.id}`}>
              <h3 id={`goal-${goal.id}`}>{goal.name}</h3>
              {goals.mayEditTree && (
                <EditNode
                  title={g.editNode(goal.name)}
                  kind="mal"
                  id={goal.id}
                  version={goal.version}
                  fields={[
                    { key: 'name', label: g.name, value: goal.name, rich: false },
                    { key: 'kfGoal', label: g.kfGoal, value: goal.kfGoal, rich: false },
                    { key: 'uppdrag', label: g.uppdrag, value: goal.uppdrag, rich: true },
                    {
                      key: 'aterrapport',
                      label: g.aterrapport,
                      value: goal.aterrapport,
                      rich: true,
                    },
                  ]}
                />
              )}
              {goal.kfGoal && (
                <p>
                  {g.kfGoal}: {goal.kfGoal}
                </p>
              )}
              <Texts
                items={[
                  [g.uppdrag, goal.uppdrag],
                  [g.aterrapport, goal.aterrapport],
                ]}
              />
              {goal.indikatorer.length > 0 && (
                <IndicatorTable goal={goal.name} indicators={goal.indikatorer} year={goals.year} />
              )}
              {goal.indikatorer.map((i) => (
                <IndicatorDetails
                  key={i.code}
                  indicator={i}
                  year={goals.year}
                  mayApprove={goals.mayApprove}
                  mayEditTree={goals.mayEditTree}
                  valueUnits={goals.valueUnits}
                />
              ))}
            </section>
          ))}
        </section>
      ))}
      {goals.uppdrag.length > 0 && (
        <section aria-labelledby="uppdrag">
          <h2 id="uppdrag">{g.uppdragTitle}</h2>
          <ol className="uppdrag">
            {goals.uppdrag.map((u) => (
              <li key={u.id}>
                <RichText html={u.text} />
                <Texts
                  items={[
                    [g.aktiviteter, u.aktiviteter],
                    [g.aterrapport, u.aterrapport],
                  ]}
                />
              </li>
            ))}
          </ol>
        </section>
      )}
      {goals.program.length > 0 && (
        <section aria-labelledby="program">
          <h2 id="program">{g.programTitle}</h2>
          {goals.program.map((p) => (
            <section key={p.id} aria-labelledby={`program-${p.id}`}>
              <h3 id={`program-${p.id}`}>{p.name}</h3>
              <Texts items={[[g.uppfoljning, p.uppfoljning]]} />
            </section>
          ))}
        </section>
      )}
    </>
  );
}

/** Mål: the nämnd's goal tree of a year, each indicator's figures, analysis and years. */
export function Goals() {
  const { t } = useLanguage();
  const years = useGoalYears();
  const [year, setYear] = useYearChoice(years.data?.goalYears ?? []);
  const goals = useQuery({
    queryKey: ['goals', 'year', year],
    queryFn: () => get<GoalsAnswer>(`/api/goals/${String(year)}`),
    enabled: year !== undefined,
  });
  return (
    <>
      <PageTitle title={t.goals.title} />
      <h1>{t.goals.title}</h1>
      <p>{t.goals.intro}</p>
      {years.isPending && <Loading />}
      {years.isError && <ErrorMessage error={years.error} />}
      {years.data && year === undefined && <p>{t.goals.noGoals(new Date().getFullYear())}</p>}
      {year !== undefined && (
        <div className="toolbar">
          <YearSelect years={years.data?.goalYears ?? []} value={year} onChange={setYear} />
        </div>
      )}
      {goals.isPending && year !== undefined && <Loading />}
      {goals.isError && <ErrorMessage error={goals.error} />}
      {goals.data && <Tree goals={goals.data} />}
    </>
  );
}
