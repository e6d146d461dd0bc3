import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatUnit } from '../format.ts';

/** One line of the chart: the series' field it draws and its name in the legend. */
export interface ChartLine<Key extends string> {
  key: Key;
  name: string;
}

/**
 * Two lines per month, a dashed one to compare with and a solid one, in tkr. The chart is a
 * picture for sighted readers; the page has the same figures as a table (WCAG 1.1.1), so the
 * picture is described, not navigated.
 */
export function TwoLineChart<Dashed extends string, Solid extends string>({
  series,
  description,
  dashed,
  solid,
  hasDashedDots,
}: {
  series: ({ label: string } & Record<Dashed | Solid, number | null>)[];
  description: string;
  dashed: ChartLine<Dashed>;
  solid: ChartLine<Solid>;
  /** Dots on the dashed line too (the solid line always has them). */
  hasDashedDots: boolean;
}) {
  return (
    <figure className="chart" role="img" aria-label={description}>
      <ResponsiveContainer width="100%" height={300}>
        <LineChart
          data={series}
          margin={{ top: 8, right: 24, bottom: 8, left: 24 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="#d0d4d9" strokeDasharray="3 3" />
          <XAxis dataKey="label" stroke="#333" />
          <YAxis stroke="#333" tickFormatter={(v: number) => formatUnit(v)} width={80} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? formatUnit(v) : String(v))} />
          <Legend />
          <Line
            type="monotone"
            dataKey={dashed.key}
            name={dashed.name}
            stroke="#1f4e79"
            strokeWidth={2}
            strokeDasharray="6 4"
            dot={hasDashedDots}
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey={solid.key}
            name={solid.name}
            stroke="#b3541e"
            strokeWidth={3}
            dot
            connectNulls={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
