import { formatDateTime } from '../../format.ts';
import { useLanguage } from '../../i18n.tsx';
import {
  FORECAST_PARTS,
  formatTkr,
  methodLabel,
  type ForecastForm,
  type StoredForecast,
} from './forecast-api.ts';

/** The forecast's status, the method it came from, and who wrote, submitted and reviewed it when. */
export function ForecastFacts({ forecast }: { forecast: StoredForecast | null }) {
  const { t } = useLanguage();
  const f = t.forecast;
  if (!forecast)
    return (
      <dl className="summary">
        <dt>{f.status}</dt>
        <dd>
          {f.statuses.saknas} — {f.notWritten}
        </dd>
      </dl>
    );
  return (
    <dl className="summary">
      <dt>{f.status}</dt>
      <dd>
        <strong>{f.statuses[forecast.status]}</strong>
      </dd>
      <dt>{f.method}</dt>
      <dd>{methodLabel(f.methods, forecast.method)}</dd>
      <dt>{f.changedBy}</dt>
      <dd>{f.byAt(forecast.updatedBy, formatDateTime(forecast.updatedAt))}</dd>
      {forecast.submittedBy !== null && forecast.submittedAt !== null && (
        <>
          <dt>{f.submittedBy}</dt>
          <dd>{f.byAt(forecast.submittedBy, formatDateTime(forecast.submittedAt))}</dd>
        </>
      )}
      {forecast.reviewedBy !== null && forecast.reviewedAt !== null && (
        <>
          <dt>{f.reviewedBy}</dt>
          <dd>{f.byAt(forecast.reviewedBy, formatDateTime(forecast.reviewedAt))}</dd>
        </>
      )}
      {forecast.reviewComment !== '' && (
        <>
          <dt>{f.reviewComment}</dt>
          <dd className="pre-line">{forecast.reviewComment}</dd>
        </>
      )}
    </dl>
  );
}

/** Last month's forecast beside this one, for comparison. */
export function PreviousForecast({
  previous,
  monthText,
  labels,
}: {
  previous: ForecastForm['previous'];
  monthText: string;
  labels: ForecastForm['parts'];
}) {
  const { t } = useLanguage();
  const f = t.forecast;
  if (!previous)
    return (
      <section>
        <h2>{f.previousNone}</h2>
        <p>{f.noPrevious}</p>
      </section>
    );
  return (
    <section>
      <h2>{f.previous(monthText)}</h2>
      <table>
        <caption className="visually-hidden">{f.previous(monthText)}</caption>
        <thead>
          <tr>
            <th scope="col">{f.part}</th>
            <th scope="col" className="num">
              {f.title} ({t.units.tkr})
            </th>
          </tr>
        </thead>
        <tbody>
          {FORECAST_PARTS.map((part) => (
            <tr key={part}>
              <th scope="row">{labels.find((l) => l.part === part)?.label ?? part}</th>
              <td className="num">{formatTkr(previous.parts[part])}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t.total}</th>
            <td className="num">{formatTkr(previous.total)}</td>
          </tr>
        </tfoot>
      </table>
      <p>
        {f.status}: {f.statuses[previous.status]}. {f.method}:{' '}
        {methodLabel(f.methods, previous.method)}.
        {previous.comment !== '' && ` ${f.comment}: ${previous.comment}`}
      </p>
    </section>
  );
}
