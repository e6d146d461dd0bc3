import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { get, query, request } from '../../api.ts';
import { ErrorMessage, Loading } from '../../components/DataState.tsx';
import { useLanguage } from '../../i18n.tsx';
import type { Followup } from './action-plan-data.ts';
import { TEXT } from './action-plan-text.ts';
import { Changes } from './Changes.tsx';

export function Followups({ year, admin }: { year: number; admin: boolean }) {
  const { language } = useLanguage();
  const t = TEXT[language];
  const client = useQueryClient();
  const ids = { date: useId(), name: useId(), report: useId() };
  const [date, setDate] = useState(`${year}-08-31`);
  const [name, setName] = useState('');
  const [reportDate, setReportDate] = useState(`${year}-03-31`);
  const list = useQuery({
    queryKey: ['action-plans', 'followups', year],
    queryFn: async () =>
      (await get<{ followups: Followup[] }>(`/api/action-plans/followups${query({ year })}`))
        .followups,
  });
  const take = useMutation({
    mutationFn: () =>
      request('POST', '/api/action-plans/followups', { date, ...(name ? { name } : {}) }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['action-plans'] }),
  });
  return (
    <section aria-labelledby="followups-title">
      <h2 id="followups-title">{t.followups}</h2>
      <p>{t.followupIntro}</p>
      {list.isPending && <Loading />}
      {list.isError && <ErrorMessage error={list.error} />}
      {list.data && (
        <ul>
          {list.data.map((f) => (
            <li key={f.id}>
              {f.date} {f.name} ({f.createdBy}) —{' '}
              <a
                href={`/api/action-plans/report${query({ date: f.date, format: 'xlsx' })}`}
                download
              >
                {t.download} XLSX
              </a>
              <Changes followup={f} year={year} />
            </li>
          ))}
        </ul>
      )}
      <div className="cards">
        <form
          className="stack card"
          aria-label={t.report}
          onSubmit={(e) => {
            e.preventDefault();
          }}
        >
          <h3>{t.report}</h3>
          <div className="field">
            <label htmlFor={ids.report}>{t.reportDate}</label>
            <input
              id={ids.report}
              type="date"
              value={reportDate}
              onChange={(e) => {
                setReportDate(e.target.value);
              }}
            />
          </div>
          <p>
            <a
              href={`/api/action-plans/report${query({ date: reportDate, format: 'xlsx' })}`}
              download
            >
              {t.download} XLSX
            </a>{' '}
            ·{' '}
            <a
              href={`/api/action-plans/report${query({ date: reportDate, format: 'csv' })}`}
              download
            >
              {t.download} CSV
            </a>
          </p>
        </form>
        {admin && (
          <form
            className="stack card"
            aria-label={t.takeFollowup}
            onSubmit={(e) => {
              e.preventDefault();
              take.mutate();
            }}
          >
            <h3>{t.takeFollowup}</h3>
            <div className="field">
              <label htmlFor={ids.date}>{t.followupDate}</label>
              <input
                id={ids.date}
                type="date"
                required
                value={date}
                onChange={(e) => {
                  setDate(e.target.value);
                }}
              />
            </div>
            <div className="field">
              <label htmlFor={ids.name}>{t.followupName}</label>
              <input
                id={ids.name}
                value={name}
                onChange={(e) => {
                  setName(e.target.value);
                }}
              />
            </div>
            <button type="submit" disabled={take.isPending}>
              {t.takeFollowup}
            </button>
            {take.isError && <ErrorMessage error={take.error} />}
            {take.isSuccess && <p role="status">{t.saved}</p>}
          </form>
        )}
      </div>
    </section>
  );
}
