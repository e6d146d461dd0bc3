import { useQuery } from '@tanstack/react-query';
import { formatDateTime } from '../../format.ts';
import { useLanguage } from '../../i18n.tsx';
import {
  DOCUMENT_FORMATS,
  documentsKey,
  listDocuments,
  renderUrl,
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

/**
 * One link per format. The visible text is the format; the accessible name says the document and
 * the format too ("Ladda ned Årsbokslut 2024, version 1 som PDF"), so a list of links reads alone.
 */
export function DownloadLinks({ document }: { document: DocumentSummary }) {
  const t = useDocumentText();
  const name = documentVersionName(t, document);
  return (
    <ul className="actions" style={{ listStyle: 'none', padding: 0, margin: 0, flexWrap: 'wrap' }}>
      {DOCUMENT_FORMATS.map((format) => (
        <li key={format}>
          <a
            href={renderUrl(document.id, format)}
            download
            aria-label={t.downloadName(name, t.formats[format])}
          >
            {t.formats[format]}
          </a>
        </li>
      ))}
    </ul>
  );
}
