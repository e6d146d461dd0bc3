import { Route, Routes } from 'react-router';
import { useLanguage } from '../../i18n.tsx';
import { ForecastAccuracyPage } from './ForecastAccuracyPage.tsx';
import { ForecastOverviewPage } from './ForecastOverviewPage.tsx';
import { ForecastPage } from './ForecastPage.tsx';

/** Prognos and its two companions: the month's overview and the year's accuracy. */
export function ForecastRoutes() {
  const { t } = useLanguage();
  return (
    <Routes>
      <Route index element={<ForecastPage />} />
      <Route path="oversikt" element={<ForecastOverviewPage />} />
      <Route path="sakerhet" element={<ForecastAccuracyPage />} />
      <Route path="*" element={<p>{t.notFound}</p>} />
    </Routes>
  );
}
