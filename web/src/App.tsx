import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { ErrorMessage, Loading } from './components/DataState.tsx';
import { useLanguage } from './i18n.tsx';
import { Overview } from './pages/Overview.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { administers, SessionProvider, useMe } from './session.tsx';
import { PageTitle } from './components/PageTitle.tsx';

// Pages beyond the first are loaded when visited, so the first page stays small.
const Drilldown = lazy(() =>
  import('./pages/Drilldown.tsx').then((m) => ({ default: m.Drilldown })),
);
const Vouchers = lazy(() => import('./pages/Vouchers.tsx').then((m) => ({ default: m.Vouchers })));
const Reports = lazy(() => import('./pages/Reports.tsx').then((m) => ({ default: m.Reports })));
const Imports = lazy(() => import('./pages/Imports.tsx').then((m) => ({ default: m.Imports })));
const Organisation = lazy(() =>
  import('./pages/Organisation.tsx').then((m) => ({ default: m.Organisation })),
);
const Users = lazy(() => import('./pages/Users.tsx').then((m) => ({ default: m.Users })));
const ActionPlans = lazy(() =>
  import('./pages/ActionPlans/ActionPlans.tsx').then((m) => ({ default: m.ActionPlans })),
);
const Goals = lazy(() => import('./pages/Goals/Goals.tsx').then((m) => ({ default: m.Goals })));
const Statistics = lazy(() =>
  import('./pages/Statistics/Statistics.tsx').then((m) => ({ default: m.Statistics })),
);
const Documents = lazy(() =>
  import('./pages/Documents/Documents.tsx').then((m) => ({ default: m.Documents })),
);
const Forecast = lazy(() =>
  import('./pages/Forecast/ForecastRoutes.tsx').then((m) => ({ default: m.ForecastRoutes })),
);
const Audit = lazy(() => import('./pages/Audit.tsx').then((m) => ({ default: m.Audit })));

function Message({ title, text }: { title: string; text: string }) {
  return (
    <>
      <PageTitle title={title} />
      <h1>{title}</h1>
      <p>{text}</p>
    </>
  );
}

export function App() {
  const me = useMe();
  const { t } = useLanguage();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorMessage error={me.error} />;
  if (!me.data) return <SignIn />;
  const user = me.data;
  const admin = administers(user);
  const forbidden = <Message title={t.forbidden} text={t.forbidden} />;
  return (
    <SessionProvider user={user}>
      <Layout>
        <Suspense fallback={<Loading />}>
          {user.role === 'namnd' ? (
            <Routes>
              <Route path="/dokument" element={<Documents />} />
              <Route path="/dokument/:id" element={<Documents />} />
              <Route path="*" element={<Message title={t.nav.reports} text={t.namndInfo} />} />
            </Routes>
          ) : (
            <Routes>
              <Route path="/" element={<Overview />} />
              <Route path="/utfall" element={<Drilldown />} />
              <Route path="/utfall/verifikationer" element={<Vouchers />} />
              <Route path="/rapporter" element={<Reports />} />
              <Route path="/atgardsplaner" element={<ActionPlans />} />
              <Route path="/mal" element={<Goals />} />
              <Route path="/statistik" element={<Statistics />} />
              <Route path="/dokument" element={<Documents />} />
              <Route path="/dokument/:id" element={<Documents />} />
              <Route path="/prognos/*" element={<Forecast />} />
              <Route path="/import" element={admin ? <Imports /> : forbidden} />
              <Route path="/organisation" element={admin ? <Organisation /> : forbidden} />
              <Route path="/anvandare" element={admin ? <Users /> : forbidden} />
              <Route path="/logg" element={admin ? <Audit /> : forbidden} />
              <Route path="*" element={<Message title={t.notFound} text={t.notFound} />} />
            </Routes>
          )}
        </Suspense>
      </Layout>
    </SessionProvider>
  );
}
