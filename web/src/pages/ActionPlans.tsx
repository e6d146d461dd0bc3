import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type SyntheticEvent } from 'react';
import { useSearchParams } from 'react-router';
import { get, query, request, type Organisation } from '../api.ts';
import { ErrorMessage, Loading } from '../components/DataState.tsx';
import { SaveCancel, SaveError, useSave } from '../components/Forms.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { formatOre, formatUnit } from '../format.ts';
import { useLanguage, type Language } from '../i18n.tsx';
import { useSession } from '../session.tsx';
import { useYears } from '../years.ts';

/** Amounts arrive in öre (exact); the plans speak whole tkr, each cell rounded on its own. */
function tkr(ore: number): string {
  const value = BigInt(ore);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const rounded = (abs + 50_000n) / 100_000n;
  return formatUnit(Number(negative ? -rounded : rounded));
}

/** Öre as tkr text for a form ("67,5"), exact. */
function tkrInput(ore: number): string {
  const value = BigInt(ore);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / 100_000n;
  const rest = (abs % 100_000n) / 100n;
  const text =
    rest === 0n
      ? whole.toString()
      : `${whole},${rest.toString().padStart(3, '0').replace(/0+$/, '')}`;
  return negative ? `-${text}` : text;
}

const STATUSES = ['planerad', 'pågående', 'genomförd', 'ej genomförbar', 'uppskjuten'] as const;
type Status = (typeof STATUSES)[number];

interface KpiLine {
  code: string;
  name: string;
  unit: string;
  outcome: string | null;
  period: { from: string; to: string } | null;
  target: { comparator: string; value: string; text: string } | null;
  meetsTarget: boolean | null;
}

interface Measure {
  id: number;
  atgardskravId: number;
  title: string;
  description: string;
  ownerUnit: string | null;
  start: number;
  helarseffekt: number;
  effektAr: number;
  isOverride: boolean;
  overrideReason: string | null;
  status: Status;
  statustext: string;
  countsInTotals: boolean;
  version: number;
  updatedBy: string;
  mayEdit: boolean;
  ledger?: {
    through: string;
    hasBudget: boolean;
    budget: number;
    utfall: number;
    avvikelse: number;
    plannedToDate: number;
  };
}

interface Plan {
  id: number;
  year: number;
  verksamhet: string;
  ansvar: string;
  name: string;
  amount: number;
  basis: string;
  description: string;
  version: number;
  kpis: KpiLine[];
  atgarder: Measure[];
  totals: { effektAr: number; helarseffekt: number };
  gap: { effektAr: number; helarseffekt: number };
}

interface Followup {
  id: number;
  date: string;
  name: string;
  createdBy: string;
}

const TEXT = {
  sv: {
    title: 'Åtgärdsplaner',
    intro:
      'Åtgärdskrav per verksamhet, åtgärderna med effekt i år och helårseffekt, och det som återstår att täcka.',
    requirement: 'Åtgärdskrav',
    measure: 'Åtgärd',
    description: 'Beskrivning',
    start: 'Start',
    effektAr: (year: number) => `Effekt ${year}`,
    helarseffekt: 'Helårseffekt',
    status: 'Status',
    statustext: 'Kommentar till status',
    total: 'Totalt',
    gap: 'Kvar att täcka',
    override: 'handskriven',
    overrideReason: 'Skäl till handskriven effekt',
    overrideCheck:
      'Skriv effekten för året för hand (i stället för helårseffekten från startmånaden)',
    notCounted: 'räknas inte',
    kpis: 'Nyckeltal som styr verksamheten',
    kpi: 'Nyckeltal',
    outcome: 'Utfall',
    target: 'Mål',
    assessment: 'Bedömning',
    met: 'Målet nås',
    notMet: 'Målet nås inte',
    noOutcome: 'Inget utfall',
    edit: (title: string) => `Ändra ${title}`,
    editTitle: 'Ändra åtgärd',
    add: 'Lägg till åtgärd',
    addTitle: (plan: string) => `Ny åtgärd för ${plan}`,
    ownerUnit: 'Ansvarig enhet',
    noOwner: '(ingen: bara ekonomen kan ändra)',
    tkrHint: 'tkr, t.ex. 270 eller 67,5',
    save: 'Spara',
    cancel: 'Avbryt',
    saved: 'Sparat.',
    conflict:
      'Någon annan har ändrat åtgärden sedan du läste in den. Sidan är uppdaterad – gör ändringen igen.',
    ledger: (through: string) => `Bokföringen på kopplade konton t.o.m. ${through}`,
    budget: 'budget',
    utfall: 'utfall',
    avvikelse: 'avvikelse',
    planned: 'planerad effekt hittills',
    noBudget: 'året har ingen budget',
    editRequirement: (name: string) => `Ändra åtgärdskravet för ${name}`,
    newRequirement: 'Nytt åtgärdskrav',
    requirementName: 'Namn i planen (t.ex. Hemtjänsten)',
    requirementAmount: 'Åtgärdskrav (tkr)',
    basis: 'Grund för kravet',
    intro2: 'Inledning',
    verksamhet: 'Verksamhet (kod)',
    kr: 'kr',
    noPlans: 'Inga åtgärdskrav för året.',
    followups: 'Uppföljningar',
    followupIntro:
      'En uppföljning fryser alla åtgärder som de ser ut per datumet, så att tidigare versioner finns kvar.',
    followupDate: 'Datum',
    followupName: 'Namn (t.ex. per 31 augusti)',
    takeFollowup: 'Gör uppföljning',
    report: 'Åtgärdsplan per datum',
    reportDate: 'Per datum',
    download: 'Ladda ned',
    owner: 'Ägs av',
    updatedBy: 'Senast ändrad av',
    unit: 'tkr',
    changes: (name: string) => `Ändrat sedan uppföljningen ${name}`,
    noChanges: 'Inga ändringar.',
    added: 'ny',
    removed: 'borttagen',
    fields: {
      title: 'titel',
      description: 'beskrivning',
      ownerUnit: 'ansvarig enhet',
      start: 'start',
      helarseffekt: 'helårseffekt',
      effektAr: 'effekt i år',
      isOverride: 'handskriven effekt',
      overrideReason: 'skäl',
      status: 'status',
      statustext: 'kommentar',
    } as Record<string, string>,
  },
  en: {
    title: 'Action plans',
    intro:
      'Savings required per activity, the measures with their effect this year and over a full year, and what is left to cover.',
    requirement: 'Savings required',
    measure: 'Measure',
    description: 'Description',
    start: 'Start',
    effektAr: (year: number) => `Effect ${year}`,
    helarseffekt: 'Full-year effect',
    status: 'Status',
    statustext: 'Status comment',
    total: 'Total',
    gap: 'Left to cover',
    override: 'written by hand',
    overrideReason: 'Why the effect was written by hand',
    overrideCheck:
      "Write this year's effect by hand (instead of the full-year effect from the start month)",
    notCounted: 'not counted',
    kpis: 'Key figures that steer the activity',
    kpi: 'Key figure',
    outcome: 'Outcome',
    target: 'Target',
    assessment: 'Assessment',
    met: 'Target met',
    notMet: 'Target not met',
    noOutcome: 'No outcome',
    edit: (title: string) => `Edit ${title}`,
    editTitle: 'Edit measure',
    add: 'Add measure',
    addTitle: (plan: string) => `New measure for ${plan}`,
    ownerUnit: 'Responsible unit',
    noOwner: '(none: only the controller can edit)',
    tkrHint: 'SEK thousand, e.g. 270 or 67,5',
    save: 'Save',
    cancel: 'Cancel',
    saved: 'Saved.',
    conflict:
      'Someone else changed the measure since you loaded it. The page is up to date – make the change again.',
    ledger: (through: string) => `The ledger on linked accounts through ${through}`,
    budget: 'budget',
    utfall: 'outcome',
    avvikelse: 'deviation',
    planned: 'effect planned by now',
    noBudget: 'the year has no budget',
    editRequirement: (name: string) => `Edit the savings required of ${name}`,
    newRequirement: 'New savings requirement',
    requirementName: 'Name in the plan (e.g. Home care)',
    requirementAmount: 'Savings required (SEK thousand)',
    basis: 'Basis of the requirement',
    intro2: 'Introduction',
    verksamhet: 'Activity (code)',
    kr: 'SEK',
    noPlans: 'No savings requirements for the year.',
    followups: 'Follow-ups',
    followupIntro:
      'A follow-up freezes every measure as it stands at the date, so earlier versions are kept.',
    followupDate: 'Date',
    followupName: 'Name (e.g. per 31 August)',
    takeFollowup: 'Take follow-up',
    report: 'Action plan at a date',
    reportDate: 'At date',
    download: 'Download',
    owner: 'Owned by',
    updatedBy: 'Last changed by',
    unit: 'SEK thousand',
    changes: (name: string) => `Changed since the follow-up ${name}`,
    noChanges: 'No changes.',
    added: 'new',
    removed: 'removed',
    fields: {
      title: 'title',
      description: 'description',
      ownerUnit: 'responsible unit',
      start: 'start',
      helarseffekt: 'full-year effect',
      effektAr: 'effect this year',
      isOverride: 'written by hand',
      overrideReason: 'reason',
      status: 'status',
      statustext: 'comment',
    } as Record<string, string>,
  },
} satisfies Record<Language, unknown>;

type Text = (typeof TEXT)['sv'];

const STATUS_EN: Record<Status, string> = {
  planerad: 'planned',
  pågående: 'in progress',
  genomförd: 'done',
  'ej genomförbar': 'not feasible',
  uppskjuten: 'postponed',
};

function statusLabel(status: Status, language: Language): string {
  return language === 'sv' ? status : STATUS_EN[status];
}

const monthText = (period: number) =>
  `${Math.floor(period / 100)}-${String(period % 100).padStart(2, '0')}`;

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

function MeasureForm({
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

function KpiTable({ plan, t }: { plan: Plan; t: Text }) {
  if (plan.kpis.length === 0) return null;
  return (
    <table>
      <caption>
        {t.kpis}: {plan.name}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t.kpi}</th>
          <th scope="col" className="num">
            {t.outcome}
          </th>
          <th scope="col" className="num">
            {t.target}
          </th>
          <th scope="col">{t.assessment}</th>
        </tr>
      </thead>
      <tbody>
        {plan.kpis.map((k) => (
          <tr key={k.code}>
            <th scope="row">
              {k.name}
              {k.period && (
                <span className="comment">
                  {k.period.from === k.period.to
                    ? k.period.to
                    : `${k.period.from} – ${k.period.to}`}
                </span>
              )}
            </th>
            <td className="num">
              {k.outcome === null ? t.noOutcome : `${k.outcome.replace('.', ',')} ${k.unit}`}
            </td>
            <td className="num">{k.target?.text ?? ''}</td>
            <td>{k.meetsTarget === null ? '' : k.meetsTarget ? `✓ ${t.met}` : `✗ ${t.notMet}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The controller sets an activity's requirement: a new one, or a change sent with the version read. */
function RequirementForm({
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

function PlanSection({
  plan,
  units,
  canAdd,
}: {
  plan: Plan;
  units: { code: string; name: string }[];
  canAdd: boolean;
}) {
  const { language } = useLanguage();
  const t = TEXT[language];
  const [editing, setEditing] = useState<number | 'new' | 'requirement'>();
  const headingId = useId();
  const editingMeasure = plan.atgarder.find((a) => a.id === editing);
  const { user } = useSession();
  return (
    <section aria-labelledby={headingId} className="plan">
      <h2 id={headingId}>
        {plan.name} <span className="code">({plan.verksamhet || plan.ansvar})</span>
      </h2>
      <p>
        <strong>
          {t.requirement}: {tkr(plan.amount)} {t.unit}.
        </strong>{' '}
        {plan.description}{' '}
        {user.role === 'controller' && editing === undefined && (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setEditing('requirement');
            }}
          >
            {t.editRequirement(plan.name)}
          </button>
        )}
      </p>
      {editing === 'requirement' && (
        <RequirementForm
          year={plan.year}
          plan={plan}
          onDone={() => {
            setEditing(undefined);
          }}
        />
      )}
      <KpiTable plan={plan} t={t} />
      <table>
        <caption>
          {plan.name}: {t.measure.toLowerCase()} ({t.unit})
        </caption>
        <thead>
          <tr>
            <th scope="col">{t.measure}</th>
            <th scope="col">{t.description}</th>
            <th scope="col">{t.start}</th>
            <th scope="col" className="num">
              {t.effektAr(plan.year)}
            </th>
            <th scope="col" className="num">
              {t.helarseffekt}
            </th>
            <th scope="col">{t.status}</th>
            <th scope="col">
              <span className="visually-hidden">{t.editTitle}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {plan.atgarder.map((a) => (
            <tr key={a.id} className={a.countsInTotals ? undefined : 'not-counted'}>
              <th scope="row">{a.title}</th>
              <td>
                {a.description}
                {a.ledger && (
                  <span className="comment">
                    {t.ledger(a.ledger.through)}:{' '}
                    {a.ledger.hasBudget
                      ? `${t.budget} ${formatOre(a.ledger.budget)}, ${t.utfall} ${formatOre(a.ledger.utfall)}, ${t.avvikelse} ${formatOre(a.ledger.avvikelse)}`
                      : `${t.utfall} ${formatOre(a.ledger.utfall)} (${t.noBudget})`}
                    ; {t.planned} {formatOre(a.ledger.plannedToDate)} {t.kr}
                  </span>
                )}
              </td>
              <td className="nowrap">{monthText(a.start)}</td>
              <td className="num">
                {tkr(a.effektAr)}
                {a.isOverride && (
                  <span className="comment" title={a.overrideReason ?? ''}>
                    {t.override}: {a.overrideReason}
                  </span>
                )}
              </td>
              <td className="num">{tkr(a.helarseffekt)}</td>
              <td>
                <strong>{statusLabel(a.status, language)}</strong>
                {!a.countsInTotals && ` (${t.notCounted})`}
                {a.statustext && <span className="comment">{a.statustext}</span>}
              </td>
              <td>
                {a.mayEdit && editing === undefined && (
                  <button
                    type="button"
                    className="link-button"
                    aria-label={t.edit(a.title)}
                    onClick={() => {
                      setEditing(a.id);
                    }}
                  >
                    {t.edit('').trim()}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              {t.total}
            </th>
            <td className="num">{tkr(plan.totals.effektAr)}</td>
            <td className="num">{tkr(plan.totals.helarseffekt)}</td>
            <td colSpan={2} />
          </tr>
          <tr>
            <th scope="row" colSpan={3}>
              {t.gap}
            </th>
            <td className="num">{tkr(plan.gap.effektAr)}</td>
            <td className="num">{tkr(plan.gap.helarseffekt)}</td>
            <td colSpan={2} />
          </tr>
        </tfoot>
      </table>
      {canAdd && editing === undefined && (
        <button
          type="button"
          onClick={() => {
            setEditing('new');
          }}
        >
          {t.add}
        </button>
      )}
      {editing !== undefined && editing !== 'requirement' && (
        <MeasureForm
          key={editing}
          plan={plan}
          {...(editingMeasure ? { measure: editingMeasure } : {})}
          units={units}
          onDone={() => {
            setEditing(undefined);
          }}
        />
      )}
    </section>
  );
}

interface Change {
  kind: 'added' | 'removed' | 'changed';
  id: number;
  title: string;
  plan: string;
  fields?: { field: string; before: unknown; after: unknown }[];
}

/** A changed value as the plan shows it: amounts (öre) in tkr, months as YYYY-MM. */
function changeValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if ((field === 'helarseffekt' || field === 'effektAr') && typeof value === 'number')
    return `${tkr(value)} tkr`;
  if (field === 'start' && typeof value === 'number') return monthText(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** What changed in the measures from a follow-up to the plans as they stand (the year's end). */
function Changes({ followup, year }: { followup: Followup; year: number }) {
  const { language } = useLanguage();
  const t = TEXT[language];
  const changes = useQuery({
    queryKey: ['action-plans', 'changes', followup.date, year],
    queryFn: async () =>
      (
        await get<{ changes: Change[] }>(
          `/api/action-plans/changes${query({ from: followup.date, to: `${year}-12-31` })}`,
        )
      ).changes,
  });
  return (
    <details>
      <summary>{t.changes(`${followup.name} (${followup.date})`)}</summary>
      {changes.isError && <ErrorMessage error={changes.error} />}
      {changes.data?.length === 0 && <p>{t.noChanges}</p>}
      {changes.data && changes.data.length > 0 && (
        <ul>
          {changes.data.map((c) => (
            <li key={`${c.kind}:${c.id}`}>
              <strong>
                {c.plan}: {c.title}
              </strong>{' '}
              {c.kind === 'added'
                ? `(${t.added})`
                : c.kind === 'removed'
                  ? `(${t.removed})`
                  : (c.fields ?? [])
                      .map(
                        (f) =>
                          `${t.fields[f.field] ?? f.field}: ${changeValue(f.field, f.before)} → ${changeValue(f.field, f.after)}`,
                      )
                      .join('; ')}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

function Followups({ year, admin }: { year: number; admin: boolean }) {
  const { language } = useLanguage();
  const t = TEXT[language];
  const client = useQueryClient();
  const ids = { date: useId(), name: useId(), report: useId() };
  const [date, setDate] = useState(`${year}-08-31`);
  const [name, setName] = useState('');
  const [reportDate, setReportDate] = useState(`${year}-03-31`);
  const list = useQuery({
    queryKey: ['action-plans', 'followups', year],
    queryFn: async () =>
      (await get<{ followups: Followup[] }>(`/api/action-plans/followups${query({ year })}`))
        .followups,
  });
  const take = useMutation({
    mutationFn: () =>
      request('POST', '/api/action-plans/followups', { date, ...(name ? { name } : {}) }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['action-plans'] }),
  });
  return (
    <section aria-labelledby="followups-title">
      <h2 id="followups-title">{t.followups}</h2>
      <p>{t.followupIntro}</p>
      {list.isPending && <Loading />}
      {list.isError && <ErrorMessage error={list.error} />}
      {list.data && (
        <ul>
          {list.data.map((f) => (
            <li key={f.id}>
              {f.date} {f.name} ({f.createdBy}) —{' '}
              <a
                href={`/api/action-plans/report${query({ date: f.date, format: 'xlsx' })}`}
                download
              >
                {t.download} XLSX
              </a>
              <Changes followup={f} year={year} />
            </li>
          ))}
        </ul>
      )}
      <div className="cards">
        <form
          className="stack card"
          aria-label={t.report}
          onSubmit={(e) => {
            e.preventDefault();
          }}
        >
          <h3>{t.report}</h3>
          <div className="field">
            <label htmlFor={ids.report}>{t.reportDate}</label>
            <input
              id={ids.report}
              type="date"
              value={reportDate}
              onChange={(e) => {
                setReportDate(e.target.value);
              }}
            />
          </div>
          <p>
            <a
              href={`/api/action-plans/report${query({ date: reportDate, format: 'xlsx' })}`}
              download
            >
              {t.download} XLSX
            </a>{' '}
            ·{' '}
            <a
              href={`/api/action-plans/report${query({ date: reportDate, format: 'csv' })}`}
              download
            >
              {t.download} CSV
            </a>
          </p>
        </form>
        {admin && (
          <form
            className="stack card"
            aria-label={t.takeFollowup}
            onSubmit={(e) => {
              e.preventDefault();
              take.mutate();
            }}
          >
            <h3>{t.takeFollowup}</h3>
            <div className="field">
              <label htmlFor={ids.date}>{t.followupDate}</label>
              <input
                id={ids.date}
                type="date"
                required
                value={date}
                onChange={(e) => {
                  setDate(e.target.value);
                }}
              />
            </div>
            <div className="field">
              <label htmlFor={ids.name}>{t.followupName}</label>
              <input
                id={ids.name}
                value={name}
                onChange={(e) => {
                  setName(e.target.value);
                }}
              />
            </div>
            <button type="submit" disabled={take.isPending}>
              {t.takeFollowup}
            </button>
            {take.isError && <ErrorMessage error={take.error} />}
            {take.isSuccess && <p role="status">{t.saved}</p>}
          </form>
        )}
      </div>
    </section>
  );
}

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
