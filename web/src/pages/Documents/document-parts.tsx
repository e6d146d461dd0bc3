import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../api.ts';
import { ErrorMessage } from '../../components/DataState.tsx';
import { formatDateTime } from '../../format.ts';
import { useLanguage } from '../../i18n.tsx';
import {
  DOCUMENT_FORMATS,
  documentsKey,
  listDocuments,
  renderUrl,
  type DocumentFormat,
  type DocumentSummary,
} from './documents-api.ts';
import { TEXT, type Text } from './documents-text.ts';

/** The page's texts in the interface language. */
export function useDocumentText(): Text {
  const { language } = useLanguage();
  return TEXT[language];
}

/** The documents of every year (namnd: the fastställda only; the server filters). */
export function useDocumentList() {
  return useQuery({ queryKey: documentsKey, queryFn: () => listDocuments() });
}

/** A document as people name it: "Årsbokslut 2024", "Åtgärdsplan 2023-03-31". */
export function documentName(t: Text, document: DocumentSummary): string {
  const when = document.type === 'arsbokslut' ? String(document.year) : document.asOf;
  return `${t.types[document.type]} ${when}`;
}

/** The name with its version, for links that must tell versions apart. */
export function documentVersionName(t: Text, document: DocumentSummary): string {
  return `${documentName(t, document)}, ${t.versionN(document.version)}`;
}

/** "Utkast", or "Fastställd" with when and by whom. */
export function StatusText({ document }: { document: DocumentSummary }) {
  const t = useDocumentText();
  if (document.status === 'utkast') return <>{t.statuses.utkast}</>;
  return (
    <>
      {t.statuses.faststalld}
      {document.faststalldAt !== null && (
        <span className="comment">
          {t.faststalldBy(formatDateTime(document.faststalldAt), document.faststalldBy ?? '')}
        </span>
      )}
    </>
  );
}

/** "arsbokslut-2024-v1.pdf" from Content-Disposition (filename*=UTF-8'' first), else a fallback. */
function fileNameOf(response: Response, fallback: string): string {
  const header = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // a malformed name: the plain one below
    }
  }
  return /filename="([^"]+)"/i.exec(header)?.[1] ?? fallback;
}

/** Fetches a rendered file and saves it; a refusal comes back as the API's error, to be shown. */
async function saveFile(href: string, fallback: string): Promise<void> {
  const response = await fetch(href, { credentials: 'same-origin' });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
    throw new ApiError(response.status, body);
  }
  const url = URL.createObjectURL(await response.blob());
  try {
    const link = window.document.createElement('a');
    link.href = url;
    link.download = fileNameOf(response, fallback);
    link.click();
  } finally {
    // Later, so the browser has started the download before the URL goes.
    setTimeout(() => {
      URL.revokeObjectURL(url);
    }, 60_000);
  }
}

/**
 * One link per format. The visible text is the format; the accessible name says the document and
 * the format too ("Ladda ned Årsbokslut 2024, version 1 som PDF"), so a list of links reads alone.
 * A plain click fetches the file first, so that a file the server could not make is said in an
 * alert instead of a failed download; other clicks (new tab, save as) follow the link as it is.
 */
export function DownloadLinks({ document }: { document: DocumentSummary }) {
  const t = useDocumentText();
  const name = documentVersionName(t, document);
  const [pending, setPending] = useState<DocumentFormat | null>(null);
  const [failed, setFailed] = useState<{ format: DocumentFormat; error: unknown } | null>(null);
  const download = async (format: DocumentFormat) => {
    setPending(format);
    setFailed(null);
    try {
      await saveFile(renderUrl(document.id, format), `${name}.${format}`);
    } catch (error) {
      setFailed({ format, error });
    } finally {
      setPending(null);
    }
  };
  return (
    <>
      <ul
        className="actions"
        style={{ listStyle: 'none', padding: 0, margin: 0, flexWrap: 'wrap' }}
      >
        {DOCUMENT_FORMATS.map((format) => (
          <li key={format}>
            <a
              href={renderUrl(document.id, format)}
              download
              aria-label={t.downloadName(name, t.formats[format])}
              onClick={(event) => {
                if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
                event.preventDefault();
                if (pending === null) void download(format);
              }}
            >
              {t.formats[format]}
            </a>
          </li>
        ))}
      </ul>
      <span role="status" className={pending === null ? 'visually-hidden' : 'hint'}>
        {pending === null ? '' : t.making(name, t.formats[pending])}
      </span>
      {failed && (
        <ErrorMessage
          error={failed.error}
          title={t.downloadFailed(name, t.formats[failed.format])}
        />
      )}
    </>
  );
}
