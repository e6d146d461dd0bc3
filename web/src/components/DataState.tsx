import { ApiError } from '../api.ts';
import { useLanguage } from '../i18n.tsx';

export function Loading() {
  const { t } = useLanguage();
  return (
    <p role="status" className="loading">
      {t.loading}
    </p>
  );
}

/** An error as the API said it: the message, and each problem with its line, row and column. */
export function ErrorMessage({ error, title }: { error: unknown; title?: string }) {
  const { t } = useLanguage();
  const message = error instanceof Error ? error.message : String(error);
  const problems = error instanceof ApiError ? error.problems : [];
  return (
    <div role="alert" className="error">
      <p>
        <strong>{title ?? t.error}:</strong>{' '}
        <span className="pre-line">{problems.length > 0 ? message.split('\n')[0] : message}</span>
      </p>
      {problems.length > 0 && (
        <table className="problems">
          <caption className="visually-hidden">{title ?? t.error}</caption>
          <thead>
            <tr>
              {problems.some((p) => p.sheet !== undefined) && (
                <th scope="col">{t.imports.sheet}</th>
              )}
              <th scope="col">
                {problems.some((p) => p.line !== undefined) ? t.imports.line : t.imports.row}
              </th>
              {problems.some((p) => p.column !== undefined) && (
                <th scope="col">{t.imports.column}</th>
              )}
              <th scope="col">{t.imports.message}</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p, i) => (
              <tr key={i}>
                {problems.some((q) => q.sheet !== undefined) && <td>{p.sheet ?? ''}</td>}
                <td className="num">{p.line ?? p.row ?? ''}</td>
                {problems.some((q) => q.column !== undefined) && <td>{p.column ?? ''}</td>}
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
