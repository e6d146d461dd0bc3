import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorMessage, Loading } from '../../components/DataState.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { YearSelect } from '../../components/Selectors.tsx';
import { useSession } from '../../session.tsx';
import { get, type FiscalYear } from '../../api.ts';
import { CreateDocument } from './CreateDocument.tsx';
import {
  DownloadLinks,
  documentName,
  StatusText,
  useDocumentList,
  useDocumentText,
} from './document-parts.tsx';
import { DocumentView } from './DocumentView.tsx';
import type { DocumentSummary } from './documents-api.ts';

/** /dokument lists a year's documents; /dokument/:id opens one. */
export function Documents() {
  const { id } = useParams();
  const number = Number(id);
  if (id !== undefined && Number.isInteger(number) && number > 0)
    return <DocumentView id={number} />;
  return <DocumentList />;
}

function DocumentTable({ year, documents }: { year: number; documents: DocumentSummary[] }) {
  const t = useDocumentText();
  return (
    <table>
      <caption>{t.listCaption(year)}</caption>
      <thead>
        <tr>
          <th scope="col">{t.document}</th>
          <th scope="col">{t.date}</th>
          <th scope="col" className="num">
            {t.version}
          </th>
          <th scope="col">{t.status}</th>
          <th scope="col">{t.download}</th>
        </tr>
      </thead>
      <tbody>
        {documents.map((d) => (
          <tr key={d.id}>
            <th scope="row">
              <Link to={`/dokument/${d.id}`}>{documentName(t, d)}</Link>
              <span className="comment">{d.title}</span>
            </th>
            <td className="nowrap">{d.asOf}</td>
            <td className="num">{d.version}</td>
            <td>
              <StatusText document={d} />
            </td>
            <td>
              <DownloadLinks document={d} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DocumentList() {
  const t = useDocumentText();
  const { user } = useSession();
  const board = user.role === 'namnd';
  const admin = user.role === 'controller';
  const documents = useDocumentList();
  // The board may not read the fiscal years (403); its years are those of its documents.
  const fiscalYears = useQuery({
    queryKey: ['years'],
    queryFn: async () => (await get<{ years: FiscalYear[] }>('/api/years')).years,
    enabled: !board,
  });
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const list = documents.data ?? [];
  const withDocuments = [...new Set(list.map((d) => d.year))];
  const choices = [
    ...new Set([...withDocuments, ...(board ? [] : (fiscalYears.data ?? []).map((y) => y.year))]),
  ].sort((a, b) => b - a);
  const asked = Number(params.get('year'));
  const year = choices.includes(asked)
    ? asked
    : withDocuments.length > 0
      ? Math.max(...withDocuments)
      : (choices[0] ?? new Date().getFullYear());
  const shown = list
    .filter((d) => d.year === year)
    .sort(
      (a, b) =>
        a.asOf.localeCompare(b.asOf) || a.type.localeCompare(b.type) || b.version - a.version,
    );
  return (
    <>
      <PageTitle title={t.title} />
      <h1>{t.title}</h1>
      <p>{board ? t.introBoard : admin ? t.intro : `${t.intro} ${t.introManager}`}</p>
      {documents.isPending && <Loading />}
      {documents.isError && <ErrorMessage error={documents.error} />}
      {documents.isSuccess && (
        <>
          <form
            className="toolbar"
            onSubmit={(e) => {
              e.preventDefault();
            }}
          >
            <YearSelect
              years={choices.includes(year) ? choices : [year, ...choices]}
              value={year}
              onChange={(y) => {
                setParams({ year: String(y) });
              }}
            />
          </form>
          {shown.length === 0 ? (
            <p>{board ? t.noDocumentsBoard(year) : t.noDocuments(year)}</p>
          ) : (
            <DocumentTable year={year} documents={shown} />
          )}
          {admin && !creating && (
            <p>
              <button
                type="button"
                onClick={() => {
                  setCreating(true);
                }}
              >
                {t.newDraft}
              </button>
            </p>
          )}
          {admin && creating && (
            <CreateDocument
              years={choices.length > 0 ? choices : [year]}
              fiscalYears={fiscalYears.data ?? []}
              year={year}
              onCancel={() => {
                setCreating(false);
              }}
            />
          )}
        </>
      )}
    </>
  );
}
