import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { get, type User } from '../../api.ts';
import { ErrorMessage, Loading } from '../../components/DataState.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useSession } from '../../session.tsx';
import {
  documentKey,
  documentsKey,
  faststall,
  getDocument,
  newVersion,
  renderUrl,
  sectionAnchor,
  type DocumentSection,
  type DocumentSummary,
} from './documents-api.ts';
import {
  DownloadLinks,
  documentName,
  documentVersionName,
  StatusText,
  useDocumentList,
  useDocumentText,
} from './document-parts.tsx';
import { SectionView } from './SectionView.tsx';

const MANAGERS = new Set(['forvaltningschef', 'verksamhetschef', 'enhetschef']);

/** The managers a section can be given to (the users API is the controller's). */
function useManagers(enabled: boolean) {
  return useQuery({
    queryKey: ['users'],
    queryFn: async () => (await get<{ users: User[] }>('/api/users')).users,
    enabled,
    select: (users) => users.filter((u) => MANAGERS.has(u.role)),
  });
}

/** Fastställa, after a confirmation that says what it means. */
function Faststall({ document, onDone }: { document: DocumentSummary; onDone: () => void }) {
  const t = useDocumentText();
  const client = useQueryClient();
  const id = useId();
  const [asking, setAsking] = useState(false);
  const question = useRef<HTMLHeadingElement>(null);
  const done = useMutation({
    mutationFn: () => faststall(document.id),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: documentsKey });
      onDone();
    },
  });
  useEffect(() => {
    if (asking) question.current?.focus();
  }, [asking]);
  const title = documentVersionName(t, document);
  if (!asking)
    return (
      <p>
        <button
          type="button"
          onClick={() => {
            setAsking(true);
          }}
        >
          {t.faststall}
        </button>
      </p>
    );
  return (
    <div className="card stack" role="group" aria-labelledby={id}>
      <h2 id={id} ref={question} tabIndex={-1} className="form-title">
        {t.faststallTitle(title)}
      </h2>
      <p>{t.faststallText}</p>
      <div className="buttons">
        <button
          type="button"
          disabled={done.isPending}
          onClick={() => {
            done.mutate();
          }}
        >
          {t.faststallConfirm}
        </button>
        <button
          type="button"
          onClick={() => {
            setAsking(false);
          }}
        >
          {t.cancel}
        </button>
      </div>
      {done.isError && <ErrorMessage error={done.error} />}
    </div>
  );
}

/** A new draft from a fastställd version, opened at once. */
function NewVersion({ document }: { document: DocumentSummary }) {
  const t = useDocumentText();
  const client = useQueryClient();
  const navigate = useNavigate();
  const id = useId();
  const start = useMutation({
    mutationFn: () => newVersion(document.id),
    onSuccess: async (created) => {
      await client.invalidateQueries({ queryKey: documentsKey });
      await navigate(`/dokument/${created.id}`);
    },
  });
  return (
    <>
      <p>
        <button
          type="button"
          aria-describedby={id}
          disabled={start.isPending}
          onClick={() => {
            start.mutate();
          }}
        >
          {t.newVersion}
        </button>{' '}
        <span id={id} className="hint">
          {t.newVersionHint}
        </span>
      </p>
      {start.isError && <ErrorMessage error={start.error} />}
    </>
  );
}

/** The sections as links, indented by depth; the viewer's own sections said so (a manager's find). */
function Contents({ sections, username }: { sections: DocumentSection[]; username: string }) {
  const t = useDocumentText();
  return (
    <nav aria-label={t.contents}>
      <h2>{t.contents}</h2>
      <ol style={{ listStyle: 'none', paddingInlineStart: 0 }}>
        {sections.map((s) => (
          <li key={s.key} style={{ marginInlineStart: `${Math.max(0, s.depth) * 1.5}rem` }}>
            <a href={`#${sectionAnchor(s.key)}`}>{s.title}</a>
            {s.assignee === username && s.editable && <em> ({t.yours})</em>}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** One document: what it is, its files and preview, the controller's actions, and its sections. */
export function DocumentView({ id }: { id: number }) {
  const t = useDocumentText();
  const { user } = useSession();
  const admin = user.role === 'controller';
  const answer = useQuery({ queryKey: documentKey(id), queryFn: () => getDocument(id) });
  const list = useDocumentList();
  const managers = useManagers(admin);
  // Said, and focused, once the confirmation (which goes with the draft) has done its work.
  const [justFaststalld, setJustFaststalld] = useState<number | null>(null);
  const done = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (justFaststalld !== null) done.current?.focus();
  }, [justFaststalld]);
  const document = answer.data?.document;
  const latest = document
    ? (list.data ?? [])
        .filter((d) => d.type === document.type && d.asOf === document.asOf)
        .reduce<DocumentSummary>((a, b) => (b.version > a.version ? b : a), document)
    : undefined;
  const back = (
    <p>
      <Link to={document ? `/dokument?year=${document.year}` : '/dokument'}>{t.allDocuments}</Link>
    </p>
  );
  if (answer.isPending)
    return (
      <>
        <PageTitle title={t.title} />
        {back}
        <Loading />
      </>
    );
  if (answer.isError || !document)
    return (
      <>
        <PageTitle title={t.title} />
        {back}
        <h1>{t.title}</h1>
        <ErrorMessage error={answer.error} />
      </>
    );
  const draft = document.status === 'utkast';
  const name = documentVersionName(t, document);
  const isJustFaststalld = justFaststalld === document.id && !draft;
  return (
    <>
      <PageTitle title={`${documentName(t, document)} – ${t.title}`} />
      {back}
      <h1>{document.title}</h1>
      <dl className="texts">
        <div>
          <dt>{t.document}</dt>
          <dd>{documentName(t, document)}</dd>
        </div>
        <div>
          <dt>{t.date}</dt>
          <dd>{document.asOf}</dd>
        </div>
        <div>
          <dt>{t.version}</dt>
          <dd>{document.version}</dd>
        </div>
        <div>
          <dt>{t.status}</dt>
          <dd>
            <StatusText document={document} />
          </dd>
        </div>
      </dl>
      {latest && latest.id !== document.id && (
        <p className="notice">
          {t.newerVersionExists(latest.version)}{' '}
          <Link to={`/dokument/${latest.id}`}>{t.openVersion(latest.version)}</Link>
        </p>
      )}
      <p
        role="status"
        ref={done}
        tabIndex={-1}
        className={isJustFaststalld ? 'success' : undefined}
      >
        {isJustFaststalld ? t.faststalldDone : ''}
      </p>
      {admin && draft && (
        <Faststall
          document={document}
          onDone={() => {
            setJustFaststalld(document.id);
          }}
        />
      )}
      {admin && !draft && latest?.id === document.id && <NewVersion document={document} />}
      {!draft && !admin && <p>{t.readOnly}</p>}
      <h2>{t.download}</h2>
      <DownloadLinks document={document} />
      <p>
        <a href={renderUrl(document.id, 'html')} target="_blank" rel="noopener">
          {t.previewLink(name)}
        </a>
      </p>
      <Contents sections={answer.data.sections} username={user.username} />
      {answer.data.sections.map((section) => (
        <SectionView
          key={section.key}
          document={document}
          section={section}
          managers={managers.data}
        />
      ))}
    </>
  );
}
