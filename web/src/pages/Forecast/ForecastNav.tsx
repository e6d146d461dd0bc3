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
      <ul className="toolbar">
        {links.map(([to, label]) => (
          <li key={to}>
            <NavLink to={`${to}${search}`} end>
              {label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
