import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useId, useState, type SyntheticEvent } from 'react';
import { get, query, request } from '../../api.ts';
import { ErrorMessage, Loading } from '../../components/DataState.tsx';
import { SaveCancel, SaveError, useSave } from '../../components/Forms.tsx';
import { RichText, richTextToText, textToRichText } from '../../components/RichText.tsx';
import { formatDecimal } from '../../format.ts';
import { useLanguage } from '../../i18n.tsx';
import { ASSESSMENTS, withUnit, type Indicator, type IndicatorYears } from './goals-api.ts';
import { EntryText, TargetForm, ValueForm, type IndicatorFormProps } from './ValueForms.tsx';

const IndicatorChart = lazy(() =>
  import('./IndicatorChart.tsx').then((m) => ({ default: m.IndicatorChart })),
);

/** The chart covers the year and the four before. */
const HISTORY_YEARS = 5;

/** The years of an indicator, fetched when opened: the small chart and the same figures as a table. */
function History({ indicator, year }: { indicator: Indicator; year: number }) {
  const { t } = useLanguage();
  const g = t.goals;
  const [open, setOpen] = useState(false);
  const values = useQuery({
    queryKey: ['goals', 'values', indicator.code, year],
    queryFn: () =>
      get<IndicatorYears>(
        `/api/goals/indicators/${encodeURIComponent(indicator.code)}/values${query({
          from: year - HISTORY_YEARS + 1,
          to: year,
        })}`,
      ),
    enabled: open,
  });
  const number = (v: string | null) =>
    v === null ? g.noValue : withUnit(v, indicator.unit, formatDecimal);
  return (
    <details
      onToggle={(e) => {
        setOpen(e.currentTarget.open);
      }}
    >
      <summary>{g.history(indicator.name)}</summary>
      {open && values.isPending && <Loading />}
      {values.isError && <ErrorMessage error={values.error} />}
      {values.data && (
        <div className="history">
          <Suspense fallback={<Loading />}>
            <IndicatorChart
              values={values.data.values}
              description={g.chartLabel(indicator.name, indicator.unit)}
              outcomeLabel={g.value}
              targetLabel={g.targetColumn}
            />
          </Suspense>
          <table>
            <caption>{g.chartTable(indicator.name)}</caption>
            <thead>
              <tr>
                <th scope="col">{g.year}</th>
                <th scope="col" className="num">
                  {g.value}
                </th>
                <th scope="col" className="num">
                  {g.targetColumn}
                </th>
                <th scope="col">{g.fulfilled}</th>
              </tr>
            </thead>
            <tbody>
              {values.data.values.map((v) => (
                <tr key={v.year}>
                  <th scope="row">{v.year}</th>
                  <td className="num">
                    {number(v.value)}
                    {v.footnote && <span className="comment">{v.footnote}</span>}
                  </td>
                  <td className="num">{v.targetText || g.noTarget}</td>
                  <td>
                    {v.fulfilled === null
                      ? g.noFulfilment
                      : v.fulfilled
                        ? g.fulfilment.true
                        : g.fulfilment.false}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}

const PROPOSAL = 'proposal';

/** The responsible manager's analysis (paragraphs in a text area) and the printed assessment. */
function AnalysisForm({ indicator, year, onDone }: IndicatorFormProps) {
  const { t } = useLanguage();
  const g = t.goals;
  const id = useId();
  const [text, setText] = useState(() => richTextToText(indicator.analysis));
  const [assessment, setAssessment] = useState(
    indicator.assessmentChosen ? (indicator.assessment ?? '') : PROPOSAL,
  );
  const save = useSave(
    () =>
      request(
        'PUT',
        `/api/goals/${year}/indicators/${encodeURIComponent(indicator.code)}/analysis`,
        {
          analysis: textToRichText(text),
          assessment: assessment === PROPOSAL ? null : assessment,
          version: indicator.version,
        },
      ),
    { invalidate: ['goals'], onDone },
  );
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const heading = g.editTitle(indicator.name);
  return (
    <form onSubmit={submit} className="stack card measure-form" aria-label={heading}>
      <h5 className="form-title">{heading}</h5>
      <div className="field">
        <label htmlFor={`${id}-text`}>{g.analysis}</label>
        <textarea
          id={`${id}-text`}
          rows={8}
          aria-describedby={`${id}-hint`}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
          }}
        />
        <p id={`${id}-hint`} className="hint">
          {g.analysisHint}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-assessment`}>{g.assessment}</label>
        <select
          id={`${id}-assessment`}
          value={assessment}
          onChange={(e) => {
            setAssessment(e.target.value);
          }}
        >
          <option value={PROPOSAL}>
            {g.assessmentProposal(indicator.proposedAssessment ?? g.assessmentNone)}
          </option>
          {ASSESSMENTS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
          <option value="">{g.assessmentNone}</option>
        </select>
      </div>
      <SaveCancel saving={save.isPending} onCancel={onDone} />
      <SaveError error={save.error} conflict={g.conflict} />
    </form>
  );
}

/** The controller approves the analysis as read. */
function Approve({ indicator, year }: { indicator: Indicator; year: number }) {
  const { t } = useLanguage();
  const approve = useSave(
    () =>
      request(
        'POST',
        `/api/goals/${year}/indicators/${encodeURIComponent(indicator.code)}/approve`,
        {
          version: indicator.version,
        },
      ),
    { invalidate: ['goals'], onDone: () => undefined },
  );
  return (
    <>
      <button
        type="button"
        disabled={approve.isPending}
        onClick={() => {
          approve.mutate();
        }}
      >
        {t.goals.approve(indicator.name)}
      </button>
      <SaveError error={approve.error} conflict={t.goals.conflict} />
    </>
  );
}

type Editing = 'analysis' | 'value' | 'target' | null;

/**
 * An indicator's method, adressering, analysis and years; the analysis and values editable by
 * who may, the target by the controller.
 */
export function IndicatorDetails({
  indicator,
  year,
  mayApprove,
  mayEditTree,
  valueUnits,
}: {
  indicator: Indicator;
  year: number;
  mayApprove: boolean;
  mayEditTree: boolean;
  valueUnits: { code: string; name: string }[];
}) {
  const { t } = useLanguage();
  const g = t.goals;
  const [editing, setEditing] = useState<Editing>(null);
  const done = () => {
    setEditing(null);
  };
  const headingId = useId();
  return (
    <section className="indicator" aria-labelledby={headingId}>
      <h4 id={headingId}>{indicator.name}</h4>
      <dl className="summary">
        {indicator.metod && (
          <>
            <dt>{g.metod}</dt>
            <dd>{indicator.metod}</dd>
          </>
        )}
        {indicator.adressering.length > 0 && (
          <>
            <dt>{g.adressering}</dt>
            <dd>{indicator.adressering.join(', ')}</dd>
          </>
        )}
        {indicator.footnote && (
          <>
            <dt>{g.footnote}</dt>
            <dd>{indicator.footnote}</dd>
          </>
        )}
        {(indicator.entry !== null || indicator.source === 'formula') && (
          <>
            <dt>{g.outcomeEntry(year)}</dt>
            <dd>{indicator.entry ? <EntryText entry={indicator.entry} /> : g.sourceFormula}</dd>
          </>
        )}
        <dt>{g.analysis}</dt>
        <dd>
          {indicator.version === null
            ? g.noAnalysis
            : indicator.approved
              ? g.approved
              : g.notApproved}
        </dd>
      </dl>
      {indicator.analysis && <RichText html={indicator.analysis} className="rich-text analysis" />}
      {editing === 'analysis' && <AnalysisForm indicator={indicator} year={year} onDone={done} />}
      {editing === 'value' && (
        <ValueForm indicator={indicator} year={year} units={valueUnits} onDone={done} />
      )}
      {editing === 'target' && <TargetForm indicator={indicator} year={year} onDone={done} />}
      {editing === null && (
        <div className="buttons">
          {indicator.mayEdit && (
            <button
              type="button"
              onClick={() => {
                setEditing('analysis');
              }}
            >
              {g.edit(indicator.name)}
            </button>
          )}
          {indicator.mayEdit && indicator.source !== 'formula' && (
            <button
              type="button"
              onClick={() => {
                setEditing('value');
              }}
            >
              {g.enterValue(indicator.name)}
            </button>
          )}
          {mayEditTree && (
            <button
              type="button"
              onClick={() => {
                setEditing('target');
              }}
            >
              {g.setTarget(indicator.name)}
            </button>
          )}
          {mayApprove && indicator.version !== null && !indicator.approved && (
            <Approve indicator={indicator} year={year} />
          )}
        </div>
      )}
      <History indicator={indicator} year={year} />
    </section>
  );
}
