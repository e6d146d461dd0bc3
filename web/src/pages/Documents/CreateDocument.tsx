import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type SyntheticEvent } from 'react';
import { useNavigate } from 'react-router';
import { ErrorMessage } from '../../components/DataState.tsx';
import { SaveCancel } from '../../components/Forms.tsx';
import { MonthSelect } from '../../components/Selectors.tsx';
import type { FiscalYear } from '../../api.ts';
import { monthName } from '../../format.ts';
import { useLanguage } from '../../i18n.tsx';
import {
  createDocument,
  DOCUMENT_TYPES,
  documentsKey,
  type DocumentType,
  type NewDocument,
} from './documents-api.ts';
import { useDocumentText } from './document-parts.tsx';

/**
 * The types the server has a template for (docs/documents.md: the delårsrapport answers 400 until
 * its template exists), so the form offers nothing it will refuse. Add a type here with
 * its template.
 */
const CREATABLE: readonly DocumentType[] = ['arsbokslut', 'atgardsplan', 'manadsrapport'];

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** What the form sends for its type: the year; the date of an åtgärdsplan; the month of a report. */
function newDocument(
  type: DocumentType,
  year: number,
  month: number,
  asOf: string,
): NewDocument | undefined {
  switch (type) {
    case 'arsbokslut':
      return { type, year };
    case 'atgardsplan':
      return ISO_DATE.test(asOf) ? { type, year: Number(asOf.slice(0, 4)), asOf } : undefined;
    case 'manadsrapport':
    case 'delarsrapport':
      return { type, year, month };
  }
}

/** The month of a report: the fiscal year's month (1 = its first), shown by its calendar name. */
function MonthChoice({
  fiscalYear,
  value,
  onChange,
}: {
  fiscalYear: FiscalYear | undefined;
  value: number;
  onChange: (month: number) => void;
}) {
  const t = useDocumentText();
  const { language } = useLanguage();
  const id = useId();
  if (fiscalYear)
    return (
      <MonthSelect
        label={t.month}
        year={fiscalYear}
        value={value}
        onChange={(m) => {
          onChange(m ?? 1);
        }}
      />
    );
  return (
    <div className="field">
      <label htmlFor={id}>{t.month}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => {
          onChange(Number(e.target.value));
        }}
      >
        {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
          <option key={m} value={m}>
            {monthName(m, language, 'long')}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The controller creates a draft (or is shown the one that exists) and opens it. */
export function CreateDocument({
  years,
  fiscalYears,
  year: initialYear,
  onCancel,
}: {
  years: number[];
  /** For a report's month: the fiscal year's months by their calendar names. */
  fiscalYears: FiscalYear[];
  year: number;
  onCancel: () => void;
}) {
  const t = useDocumentText();
  const { t: common } = useLanguage();
  const id = useId();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [type, setType] = useState<DocumentType>('arsbokslut');
  const [year, setYear] = useState(initialYear);
  const [month, setMonth] = useState(1);
  const [asOf, setAsOf] = useState('');
  const [dateProblem, setDateProblem] = useState(false);
  const create = useMutation({
    mutationFn: createDocument,
    onSuccess: async (document) => {
      await client.invalidateQueries({ queryKey: documentsKey });
      await navigate(`/dokument/${document.id}`);
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const draft = newDocument(type, year, month, asOf);
    setDateProblem(draft === undefined);
    if (draft) create.mutate(draft);
  };
  return (
    <form
      onSubmit={submit}
      className="stack card measure-form"
      aria-labelledby={`${id}-title`}
      noValidate
    >
      <h2 id={`${id}-title`} className="form-title">
        {t.newDraftTitle}
      </h2>
      <div className="field">
        <label htmlFor={`${id}-type`}>{t.type}</label>
        <select
          id={`${id}-type`}
          value={type}
          onChange={(e) => {
            setType(e.target.value as DocumentType);
          }}
        >
          {DOCUMENT_TYPES.filter((d) => CREATABLE.includes(d)).map((d) => (
            <option key={d} value={d}>
              {t.types[d]}
            </option>
          ))}
        </select>
      </div>
      {type === 'atgardsplan' ? (
        <div className="field">
          <label htmlFor={`${id}-date`}>{t.asOf}</label>
          <input
            id={`${id}-date`}
            type="date"
            value={asOf}
            aria-describedby={`${id}-date-hint${dateProblem ? ` ${id}-date-problem` : ''}`}
            aria-invalid={dateProblem}
            required
            onChange={(e) => {
              setAsOf(e.target.value);
            }}
          />
          <p id={`${id}-date-hint`} className="hint">
            {t.asOfHint}
          </p>
          {dateProblem && (
            <p id={`${id}-date-problem`} className="field-problem" role="alert">
              {t.asOfProblem}
            </p>
          )}
        </div>
      ) : (
        <div className="field">
          <label htmlFor={`${id}-year`}>{common.year}</label>
          <select
            id={`${id}-year`}
            value={year}
            onChange={(e) => {
              setYear(Number(e.target.value));
            }}
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      )}
      {(type === 'manadsrapport' || type === 'delarsrapport') && (
        <MonthChoice
          fiscalYear={fiscalYears.find((y) => y.year === year)}
          value={month}
          onChange={setMonth}
        />
      )}
      <SaveCancel saving={create.isPending} onCancel={onCancel} saveLabel={t.create} />
      {create.isError && <ErrorMessage error={create.error} />}
    </form>
  );
}
