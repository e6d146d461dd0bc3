import { NavLink } from 'react-router';
import { useLanguage } from '../../i18n.tsx';

/** The links between the forecast pages, keeping the year and month chosen. */
export function ForecastNav({ search }: { search: string }) {
  const { t } = useLanguage();
  const f = t.forecast;
  const links: [string, string][] = [
    ['/prognos', f.title],
    ['/prognos/oversikt', f.overviewTitle],
    ['/prognos/sakerhet', f.accuracyTitle],
  ];
  return (
    <nav aria-label={f.pages}>
      <div className="buttons">
        {links.map(([to, label]) => (
          <NavLink key={to} to={`${to}${search}`} end>
            {label}
          </NavLink>
        ))}
      </div>
    </nav>
  );
}
