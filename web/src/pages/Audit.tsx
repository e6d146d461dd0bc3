import { useInfiniteQuery } from '@tanstack/react-query';
import { get, query, type AuditEntry } from '../api.ts';
import { ErrorMessage, Loading } from '../components/DataState.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { formatDateTime } from '../format.ts';
import { useLanguage } from '../i18n.tsx';

const PAGE = 100;

function Json({ value }: { value: unknown }) {
  return (
    <pre className="json">
      {value === null || value === undefined ? '—' : JSON.stringify(value, null, 2)}
    </pre>
  );
}

export function Audit() {
  const { t } = useLanguage();
  const log = useInfiniteQuery({
    queryKey: ['audit'],
    initialPageParam: undefined as number | undefined,
    queryFn: async ({ pageParam }) =>
      (
        await get<{ entries: AuditEntry[] }>(
          `/api/audit${query({ limit: PAGE, before: pageParam })}`,
        )
      ).entries,
    getNextPageParam: (last) => (last.length < PAGE ? undefined : last[last.length - 1]?.id),
  });
  const entries = log.data?.pages.flat() ?? [];
  return (
    <>
      <PageTitle title={t.audit.title} />
      <h1>{t.audit.title}</h1>
      <p>{t.audit.intro}</p>
      {log.isPending && <Loading />}
      {log.isError && <ErrorMessage error={log.error} />}
      {log.data && (
        <table>
          <caption className="visually-hidden">{t.audit.title}</caption>
          <thead>
            <tr>
              <th scope="col">{t.audit.at}</th>
              <th scope="col">{t.audit.actor}</th>
              <th scope="col">{t.audit.action}</th>
              <th scope="col">{t.audit.target}</th>
              <th scope="col">{t.audit.details}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{formatDateTime(e.at)}</td>
                <td>{e.actor}</td>
                <td>{e.action}</td>
                <td>{e.target}</td>
                <td>
                  {(e.before !== null || e.after !== null) && (
                    <details>
                      <summary>{t.audit.details}</summary>
                      <h3>{t.audit.before}</h3>
                      <Json value={e.before} />
                      <h3>{t.audit.after}</h3>
                      <Json value={e.after} />
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {log.hasNextPage && (
        <button
          type="button"
          onClick={() => {
            void log.fetchNextPage();
          }}
          disabled={log.isFetchingNextPage}
        >
          {t.audit.more}
        </button>
      )}
    </>
  );
}
