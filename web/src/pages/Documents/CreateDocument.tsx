import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type SyntheticEvent } from 'react';
import { useNavigate } from 'react-router';
import { ErrorMessage } from '../../components/DataState.tsx';
import { SaveCancel } from '../../components/Forms.tsx';
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
 * The types the server has a template for (docs/documents.md: the månadsrapport and delårsrapport
 * answer 400 until theirs exist), so the form offers nothing it will refuse. Add a type here with
 * its template.
 */
const CREATABLE: readonly DocumentType[] = ['arsbokslut', 'atgardsplan'];

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

/** The controller creates a draft (or is shown the one that exists) and opens it. */
export function CreateDocument({
  years,
  year: initialYear,
  onCancel,
}: {
  years: number[];
  year: number;
  onCancel: () => void;
}) {
  const t = useDocumentText();
  const { t: common, language } = useLanguage();
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
        <div className="field">
          <label htmlFor={`${id}-month`}>{t.month}</label>
          <select
            id={`${id}-month`}
            value={month}
            onChange={(e) => {
              setMonth(Number(e.target.value));
            }}
          >
            {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
              <option key={m} value={m}>
                {monthName(m, language, 'long')}
              </option>
            ))}
          </select>
        </div>
      )}
      <SaveCancel saving={create.isPending} onCancel={onCancel} saveLabel={t.create} />
      {create.isError && <ErrorMessage error={create.error} />}
    </form>
  );
}
