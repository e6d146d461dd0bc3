import { useEffect, useRef, type ReactNode } from 'react';
import { NavLink, useLocation } from 'react-router';
import { useLanguage } from '../i18n.tsx';
import { administers, useSession } from '../session.tsx';

export function Layout({ children }: { children: ReactNode }) {
  const { t, language, setLanguage } = useLanguage();
  const { user, signOut } = useSession();
  const main = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const first = useRef(true);
  // A new page: move focus to its content, as a page load would (screen readers announce it).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [pathname]);
  const admin = administers(user);
  const links: [string, string, boolean][] = [
    ['/', t.nav.overview, user.role !== 'namnd'],
    ['/utfall', t.nav.drilldown, user.role !== 'namnd'],
    ['/rapporter', t.nav.reports, true],
    ['/atgardsplaner', t.nav.actionPlans, user.role !== 'namnd'],
    ['/mal', t.nav.goals, user.role !== 'namnd'],
    ['/statistik', t.nav.statistics, user.role !== 'namnd'],
    ['/prognos', t.nav.forecast, user.role !== 'namnd'],
    ['/dokument', t.nav.documents, true],
    ['/import', t.nav.imports, admin],
    ['/organisation', t.nav.organisation, admin],
    ['/anvandare', t.nav.users, admin],
    ['/logg', t.nav.audit, admin],
  ];
  return (
    <>
      <a className="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header className="site-header">
        <div className="brand">
          <span className="brand-name">{t.appName}</span>
          <span className="brand-tagline">{t.tagline}</span>
        </div>
        <div className="header-tools">
          <span className="who">{t.signedInAs(user.displayName, t.roles[user.role])}</span>
          <button
            type="button"
            className="link-button"
            lang={language === 'sv' ? 'en' : 'sv'}
            onClick={() => {
              setLanguage(language === 'sv' ? 'en' : 'sv');
            }}
          >
            {t.otherLanguage}
          </button>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              void signOut();
            }}
          >
            {t.signOut}
          </button>
        </div>
        <nav aria-label={t.mainNav}>
          <ul>
            {links
              .filter(([, , shown]) => shown)
              .map(([to, label]) => (
                <li key={to}>
                  <NavLink to={to} end={to === '/'}>
                    {label}
                  </NavLink>
                </li>
              ))}
          </ul>
        </nav>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
