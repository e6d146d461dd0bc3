import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type SyntheticEvent } from 'react';
import { ApiError } from '../../api.ts';
import { ErrorMessage } from '../../components/DataState.tsx';
import { SaveCancel } from '../../components/Forms.tsx';
import { RichText, richTextToText, textToRichText } from '../../components/RichText.tsx';
import {
  documentKey,
  documentsKey,
  getDocument,
  saveSectionText,
  type DocumentSection,
  type DocumentSummary,
} from './documents-api.ts';
import { useDocumentText } from './document-parts.tsx';

/** Why a save was refused with 409: the text changed meanwhile, or the document was fastställd. */
type Conflict = 'text' | 'faststalld' | null;

/**
 * A section's text in a text area (blank lines part paragraphs, "- " makes a list), saved with the
 * rowVersion it was read at. The rowVersion is kept from when the form opened, never taken from a
 * later read: when someone else saved meanwhile the server answers 409 and the writer is told and
 * chooses to load their text — nothing is overwritten silently.
 */
export function SectionTextForm({
  document,
  section,
  onDone,
}: {
  document: DocumentSummary;
  section: DocumentSection;
  onDone: (saved: boolean) => void;
}) {
  const t = useDocumentText();
  const id = useId();
  const client = useQueryClient();
  const area = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState(() => richTextToText(section.text?.html ?? ''));
  const [rowVersion, setRowVersion] = useState(section.text?.rowVersion ?? null);
  const [conflict, setConflict] = useState<Conflict>(null);
  useEffect(() => {
    area.current?.focus();
  }, []);
  const save = useMutation({
    mutationFn: () =>
      saveSectionText(document.id, section.key, { html: textToRichText(text), rowVersion }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: documentsKey });
      onDone(true);
    },
    onError: async (error) => {
      if (!(error instanceof ApiError && error.status === 409)) return;
      // Read the document again to say which refusal it was; the form keeps the writer's text.
      const fresh = await client
        .query({
          queryKey: documentKey(document.id),
          queryFn: () => getDocument(document.id),
          staleTime: 0,
        })
        .catch(() => undefined);
      setConflict(fresh?.document.status === 'faststalld' ? 'faststalld' : 'text');
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setConflict(null);
    save.mutate();
  };
  const heading = t.editTitle(section.title);
  return (
    <form onSubmit={submit} className="stack card measure-form" aria-label={heading}>
      <div className="field">
        <label htmlFor={`${id}-text`}>{heading}</label>
        <textarea
          id={`${id}-text`}
          ref={area}
          rows={10}
          aria-describedby={`${id}-hint`}
          value={text}
          readOnly={conflict === 'faststalld'}
          onChange={(e) => {
            setText(e.target.value);
          }}
        />
        <p id={`${id}-hint`} className="hint">
          {t.textHint}
        </p>
      </div>
      {section.suggestion !== null && section.suggestion !== '' && (
        <>
          <p>
            <button
              type="button"
              disabled={conflict === 'faststalld'}
              onClick={() => {
                setText(richTextToText(section.suggestion ?? ''));
                area.current?.focus();
              }}
            >
              {t.useSuggestion}
            </button>
          </p>
          <details>
            <summary>{t.suggestion}</summary>
            <RichText html={section.suggestion} />
          </details>
        </>
      )}
      {conflict === 'faststalld' ? (
        <div role="alert" className="error">
          <p>{t.faststalldMeanwhile}</p>
          <button
            type="button"
            onClick={() => {
              onDone(false);
            }}
          >
            {t.cancel}
          </button>
        </div>
      ) : (
        <SaveCancel
          saving={save.isPending}
          onCancel={() => {
            onDone(false);
          }}
        />
      )}
      {conflict === 'text' && (
        <div role="alert" className="error">
          <p>{t.conflict}</p>
          <button
            type="button"
            onClick={() => {
              // The section as read again after the 409 (the page holds it now).
              setText(richTextToText(section.text?.html ?? ''));
              setRowVersion(section.text?.rowVersion ?? null);
              setConflict(null);
              save.reset();
              area.current?.focus();
            }}
          >
            {t.reload}
          </button>
        </div>
      )}
      {save.isError &&
        conflict === null &&
        !(save.error instanceof ApiError && save.error.status === 409) && (
          <ErrorMessage error={save.error} />
        )}
    </form>
  );
}
