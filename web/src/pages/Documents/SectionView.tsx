import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createElement, useEffect, useId, useRef, useState, type SyntheticEvent } from 'react';
import type { User } from '../../api.ts';
import { ErrorMessage } from '../../components/DataState.tsx';
import { RichText } from '../../components/RichText.tsx';
import { formatDateTime } from '../../format.ts';
import { useSession } from '../../session.tsx';
import {
  documentKey,
  sectionAnchor,
  setAssignee,
  type DocumentSection,
  type DocumentSummary,
} from './documents-api.ts';
import { useDocumentText } from './document-parts.tsx';
import { SectionTextForm } from './SectionTextForm.tsx';

/** The controller gives a section's text to a manager (or to nobody). */
function AssigneeForm({
  document,
  section,
  managers,
}: {
  document: DocumentSummary;
  section: DocumentSection;
  managers: User[];
}) {
  const t = useDocumentText();
  const id = useId();
  const client = useQueryClient();
  const [assignee, setValue] = useState(section.assignee ?? '');
  const save = useMutation({
    mutationFn: () => setAssignee(document.id, section.key, assignee === '' ? null : assignee),
    onSuccess: () => client.invalidateQueries({ queryKey: documentKey(document.id) }),
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    save.mutate();
  };
  // A username the list does not hold (a removed user) stays choosable, as it is.
  const known = managers.some((m) => m.username === section.assignee);
  return (
    <form onSubmit={submit} className="toolbar">
      <div className="field inline">
        <label htmlFor={id}>{t.assigneeLabel(section.title)}</label>
        <select
          id={id}
          value={assignee}
          onChange={(e) => {
            setValue(e.target.value);
          }}
        >
          <option value="">{t.noAssignee}</option>
          {section.assignee !== null && !known && (
            <option value={section.assignee}>{section.assignee}</option>
          )}
          {managers.map((m) => (
            <option key={m.username} value={m.username}>
              {m.displayName} ({m.username})
            </option>
          ))}
        </select>
      </div>
      <button
        type="submit"
        disabled={save.isPending}
        aria-label={t.saveAssigneeName(section.title)}
      >
        {t.saveAssignee}
      </button>
      <span role="status">{save.isSuccess ? t.assigneeSaved : ''}</span>
      {save.isError && <ErrorMessage error={save.error} />}
    </form>
  );
}

/**
 * One section: its heading at its depth (h2 at the top), and either data read from Balans or its
 * text, who wrote it, who writes it, and — to those who may — the form that writes it.
 */
export function SectionView({
  document,
  section,
  managers,
}: {
  document: DocumentSummary;
  section: DocumentSection;
  managers: User[] | undefined;
}) {
  const t = useDocumentText();
  const { user } = useSession();
  const headingId = useId();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  // Focus goes back to the button that opened the form once it closes (not on the first render).
  const opener = useRef<HTMLButtonElement>(null);
  const [closed, setClosed] = useState(false);
  useEffect(() => {
    if (closed && !editing) opener.current?.focus();
  }, [closed, editing]);
  const admin = user.role === 'controller';
  const draft = document.status === 'utkast';
  // The server refuses the rest; the page offers only what it will accept.
  const mayWrite = section.editable && draft && (admin || section.assignee === user.username);
  const level = Math.min(2 + Math.max(0, section.depth), 6);
  const assigneeName =
    managers?.find((m) => m.username === section.assignee)?.displayName ?? section.assignee;
  return (
    <section
      id={sectionAnchor(section.key)}
      tabIndex={-1}
      aria-labelledby={headingId}
      className="document-section"
      style={{ marginInlineStart: `${Math.max(0, section.depth) * 1.5}rem` }}
    >
      {createElement(`h${level}`, { id: headingId }, section.title)}
      {section.text && section.text.html !== '' ? (
        <>
          <RichText html={section.text.html} />
          <p className="hint">
            {t.writtenBy(section.text.updatedBy, formatDateTime(section.text.updatedAt))}
          </p>
        </>
      ) : (
        section.editable && <p>{t.noText}</p>
      )}
      {/* A fastställd document's sections all come as not editable: only a draft's data is said so. */}
      {!section.editable && draft && <p className="hint">{t.dataSection}</p>}
      {section.editable && (
        <>
          {admin && draft && managers ? (
            <AssigneeForm document={document} section={section} managers={managers} />
          ) : (
            <p>
              {t.assignee}: {assigneeName ?? t.noAssignee}
            </p>
          )}
          <p role="status">{saved && !editing ? t.saved : ''}</p>
          {editing ? (
            <SectionTextForm
              document={document}
              section={section}
              onDone={(isSaved) => {
                setEditing(false);
                setSaved(isSaved);
                setClosed(true);
              }}
            />
          ) : (
            mayWrite && (
              <p>
                <button
                  type="button"
                  ref={opener}
                  onClick={() => {
                    setSaved(false);
                    setClosed(false);
                    setEditing(true);
                  }}
                >
                  {t.editText(section.title)}
                </button>
              </p>
            )
          )}
        </>
      )}
    </section>
  );
}
