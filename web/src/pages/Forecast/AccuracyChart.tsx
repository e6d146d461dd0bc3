import { TwoLineChart } from '../../components/TwoLineChart.tsx';

/**
 * The forecast's and the linjar baseline's difference from the bokslut per month, in tkr: linjar
 * dashed, the forecast solid.
 */
export function AccuracyChart({
  series,
  description,
  forecastLabel,
  linjarLabel,
}: {
  series: { label: string; forecast: number | null; linjar: number | null }[];
  description: string;
  forecastLabel: string;
  linjarLabel: string;
}) {
  return (
    <TwoLineChart
      series={series}
      description={description}
      dashed={{ key: 'linjar', name: linjarLabel }}
      solid={{ key: 'forecast', name: forecastLabel }}
      hasDashedDots
    />
  );
}
