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
import { formatUnit } from '../../format.ts';

/**
 * The forecast's and the linjar baseline's difference from the bokslut per month, in tkr. A
 * picture for sighted readers: the page has the same figures as a table (WCAG 1.1.1).
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
            dataKey="linjar"
            name={linjarLabel}
            stroke="#1f4e79"
            strokeWidth={2}
            strokeDasharray="6 4"
            dot
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="forecast"
            name={forecastLabel}
            stroke="#b3541e"
            strokeWidth={3}
            dot
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
