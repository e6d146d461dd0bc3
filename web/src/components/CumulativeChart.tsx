import { TwoLineChart } from './TwoLineChart.tsx';

/** Budget against outcome, cumulative, per month: the budget dashed, the outcome solid. */
export function CumulativeChart({
  series,
  description,
  budgetLabel,
  utfallLabel,
}: {
  series: { label: string; budget: number; utfall: number | null }[];
  description: string;
  budgetLabel: string;
  utfallLabel: string;
}) {
  return (
    <TwoLineChart
      series={series}
      description={description}
      dashed={{ key: 'budget', name: budgetLabel }}
      solid={{ key: 'utfall', name: utfallLabel }}
      hasDashedDots={false}
    />
  );
}
