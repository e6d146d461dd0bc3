import { useState } from 'react';
import { Link } from 'react-router';
import { query } from '../../api.ts';
import { ErrorMessage, Loading } from '../../components/DataState.tsx';
import { formatDateTime } from '../../format.ts';
import { useLanguage } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';
import { formatTkr, monthLabel, useForecastMonth, type ForecastOverview } from './forecast-api.ts';
import { ForecastHeading, MonthToolbar, WithoutYear } from './ForecastLayout.tsx';
import { useForecastOverview } from './ForecastPage.tsx';
import { MonthControls } from './MonthControls.tsx';
import { ReviewActions } from './ReviewActions.tsx';

function Tkr({ ore }: { ore: number | null }) {
  const { t } = useLanguage();
  if (ore === null) return <td className="num">{t.none}</td>;
  return <td className={ore < 0 ? 'num negative' : 'num'}>{formatTkr(ore)}</td>;
}

/** The headings of Figures. */
function FigureHeads() {
  const { t } = useLanguage();
  return (
    <>
      <th scope="col" className="num">
        {t.budgetYear}
      </th>
      <th scope="col" className="num">
        {t.forecast.title}
      </th>
      <th scope="col" className="num">
        {t.avvikelse}
      </th>
    </>
  );
}

/** A unit's, an area's or the total's budget, forecast and deviation. */
function Figures({
  of,
}: {
  of: { budget: number | null; forecast: number | null; deviation: number | null };
}) {
  return (
    <>
      <Tkr ore={of.budget} />
      <Tkr ore={of.forecast} />
      <Tkr ore={of.deviation} />
    </>
  );
}

/** Prognosöversikt: the month's forecasts per ansvar, the totals, the reviews and the close. */
export function ForecastOverviewPage() {
  const { t, language } = useLanguage();
  const f = t.forecast;
  const { user } = useSession();
  const choice = useForecastMonth();
  const year = choice.year;
  const overview = useForecastOverview(year?.year, choice.month);
  const [message, setMessage] = useState<{ text?: string; error?: unknown }>({});

  if (choice.isPending || choice.error || !year)
    return <WithoutYear choice={choice} title={f.overviewTitle} />;
  const monthText = monthLabel(year, choice.month, language);
  const data = overview.data;
  return (
    <>
      <ForecastHeading
        title={f.overviewTitle}
        search={query({ year: year.year, month: choice.month })}
        intro={f.overviewIntro}
      />
      <MonthToolbar choice={choice} year={year} />
      {overview.isPending && <Loading />}
      {overview.isError && <ErrorMessage error={overview.error} />}
      {data && (
        <>
          <p className={data.period.status === 'closed' ? 'notice' : undefined}>
            {data.period.status === 'closed'
              ? f.monthClosed(
                  monthText,
                  data.period.closedBy ?? t.none,
                  data.period.closedAt ? formatDateTime(data.period.closedAt) : t.none,
                )
              : f.monthOpen(monthText)}{' '}
            {f.counts(data.total.submitted, data.total.approved, data.total.units)}
          </p>
          {user.role === 'controller' && (
            <MonthControls
              overview={data}
              monthText={monthText}
              onReload={() => {
                void overview.refetch();
              }}
            />
          )}
          {message.text !== undefined && (
            <p role="status" className="success">
              {message.text}
            </p>
          )}
          {message.error !== undefined && <ErrorMessage error={message.error} />}
          <UnitsTable
            data={data}
            monthText={monthText}
            reviews={
              data.period.status === 'open' &&
              (user.role === 'controller' ||
                user.role === 'forvaltningschef' ||
                user.role === 'verksamhetschef')
            }
            onReviewed={(text, error) => {
              setMessage({ text, error });
            }}
          />
          <AreasTable data={data} monthText={monthText} />
          <Events data={data} monthText={monthText} />
        </>
      )}
    </>
  );
}

function UnitsTable({
  data,
  monthText,
  reviews,
  onReviewed,
}: {
  data: ForecastOverview;
  monthText: string;
  reviews: boolean;
  onReviewed: (text: string | undefined, error: unknown) => void;
}) {
  const { t } = useLanguage();
  const f = t.forecast;
  const changed = data.units.some((u) => u.changedSinceClose !== null);
  return (
    <table>
      <caption>{f.unitsCaption(monthText)}</caption>
      <thead>
        <tr>
          <th scope="col">{f.ansvar}</th>
          <th scope="col">{f.status}</th>
          <FigureHeads />
          <th scope="col">{f.explanationRequired}</th>
          <th scope="col">{f.reason}</th>
          <th scope="col">{f.submittedByColumn}</th>
          {changed && (
            <th scope="col" className="num">
              {f.changedSinceClose}
            </th>
          )}
          {reviews && <th scope="col">{f.actions}</th>}
        </tr>
      </thead>
      <tbody>
        {data.units.map((row) => (
          <tr key={row.code}>
            <th scope="row">
              <Link
                to={`/prognos${query({ year: data.year, month: data.month, ansvar: row.code })}`}
              >
                {row.code === '' ? row.name : `${row.code} ${row.name}`}
              </Link>
            </th>
            <td>{f.statuses[row.status ?? 'saknas']}</td>
            <Figures of={row} />
            <td>{row.explanationRequired ? f.explanationRequired : ''}</td>
            <td>
              {row.reason ?? ''}
              {row.comment !== '' && <span className="comment">{row.comment}</span>}
            </td>
            <td>{row.submittedBy ?? ''}</td>
            {changed && <Tkr ore={row.changedSinceClose} />}
            {reviews && (
              <td>
                {row.status === 'inlamnad' && (
                  <ReviewActions
                    year={data.year}
                    month={data.month}
                    row={row}
                    onDone={onReviewed}
                  />
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AreasTable({ data, monthText }: { data: ForecastOverview; monthText: string }) {
  const { t } = useLanguage();
  const f = t.forecast;
  return (
    <table>
      <caption>{f.areasCaption(monthText)}</caption>
      <thead>
        <tr>
          <th scope="col">{f.area}</th>
          <FigureHeads />
          <th scope="col" className="num">
            {f.notSubmitted}
          </th>
          <th scope="col">{f.explanationRequired}</th>
        </tr>
      </thead>
      <tbody>
        {data.areas.map((area) => (
          <tr key={area.code}>
            <th scope="row">{area.name}</th>
            <Figures of={area} />
            <td className="num">{area.missing}</td>
            <td>{area.explanationRequired ? f.explanationRequired : ''}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{f.namndTotal}</th>
          <Figures of={data.total} />
          <td className="num">{data.total.units - data.total.submitted}</td>
          <td />
        </tr>
      </tfoot>
    </table>
  );
}

function Events({ data, monthText }: { data: ForecastOverview; monthText: string }) {
  const { t } = useLanguage();
  const f = t.forecast;
  const events = data.events.filter((e) => e.month === data.month);
  if (events.length === 0) return <p>{f.noEvents}</p>;
  return (
    <table>
      <caption>{f.eventsCaption(monthText)}</caption>
      <thead>
        <tr>
          <th scope="col">{f.when}</th>
          <th scope="col">{f.what}</th>
          <th scope="col">{f.who}</th>
          <th scope="col">{f.reason}</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e, i) => (
          <tr key={`${e.at}-${String(i)}`}>
            <td>{formatDateTime(e.at)}</td>
            <td>{f.eventActions[e.action]}</td>
            <td>{e.by}</td>
            <td>{e.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
