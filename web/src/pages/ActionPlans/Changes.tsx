import { useQuery } from '@tanstack/react-query';
import { get, query } from '../../api.ts';
import { ErrorMessage } from '../../components/DataState.tsx';
import { useLanguage } from '../../i18n.tsx';
import { tkr, type Followup, monthText } from './action-plan-data.ts';
import { TEXT } from './action-plan-text.ts';

interface Change {
  kind: 'added' | 'removed' | 'changed';
  id: number;
  title: string;
  plan: string;
  fields?: { field: string; before: unknown; after: unknown }[];
}

/** A changed value as the plan shows it: amounts (öre) in tkr, months as YYYY-MM. */
function changeValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if ((field === 'helarseffekt' || field === 'effektAr') && typeof value === 'number')
    return `${tkr(value)} tkr`;
  if (field === 'start' && typeof value === 'number') return monthText(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** What changed in the measures from a follow-up to the plans as they stand (the year's end). */
export function Changes({ followup, year }: { followup: Followup; year: number }) {
  const { language } = useLanguage();
  const t = TEXT[language];
  const changes = useQuery({
    queryKey: ['action-plans', 'changes', followup.date, year],
    queryFn: async () =>
      (
        await get<{ changes: Change[] }>(
          `/api/action-plans/changes${query({ from: followup.date, to: `${year}-12-31` })}`,
        )
      ).changes,
  });
  return (
    <details>
      <summary>{t.changes(`${followup.name} (${followup.date})`)}</summary>
      {changes.isError && <ErrorMessage error={changes.error} />}
      {changes.data?.length === 0 && <p>{t.noChanges}</p>}
      {changes.data && changes.data.length > 0 && (
        <ul>
          {changes.data.map((c) => (
            <li key={`${c.kind}:${c.id}`}>
              <strong>
                {c.plan}: {c.title}
              </strong>{' '}
              {c.kind === 'added'
                ? `(${t.added})`
                : c.kind === 'removed'
                  ? `(${t.removed})`
                  : (c.fields ?? [])
                      .map(
                        (f) =>
                          `${t.fields[f.field] ?? f.field}: ${changeValue(f.field, f.before)} → ${changeValue(f.field, f.after)}`,
                      )
                      .join('; ')}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
