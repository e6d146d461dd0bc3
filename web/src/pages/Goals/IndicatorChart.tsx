import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  XAxis,
  YAxis,
} from 'recharts';

/**
 * An indicator's outcome (and target) per year, small. A picture for sighted readers: the same
 * figures are in the table beside it, so the picture is described, not navigated. The exact
 * decimals become numbers only to be drawn.
 */
export function IndicatorChart({
  values,
  description,
  outcomeLabel,
  targetLabel,
}: {
  values: { year: number; value: string | null; target: string | null }[];
  description: string;
  outcomeLabel: string;
  targetLabel: string;
}) {
  const data = values.map((v) => ({
    year: String(v.year),
    value: v.value === null ? null : Number(v.value),
    target: v.target === null ? null : Number(v.target),
  }));
  const hasTarget = data.some((d) => d.target !== null);
  return (
    <figure className="chart small-chart" role="img" aria-label={description}>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart
          data={data}
          margin={{ top: 8, right: 16, bottom: 4, left: 8 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="#d0d4d9" strokeDasharray="3 3" />
          <XAxis dataKey="year" stroke="#333" />
          <YAxis
            stroke="#333"
            width={48}
            tickFormatter={(v: number) => String(v).replace('.', ',')}
          />
          <Legend />
          <Line
            type="monotone"
            dataKey="value"
            name={outcomeLabel}
            stroke="#b3541e"
            strokeWidth={3}
            dot
            connectNulls={false}
            isAnimationActive={false}
          />
          {hasTarget && (
            <Line
              type="stepAfter"
              dataKey="target"
              name={targetLabel}
              stroke="#1f4e79"
              strokeWidth={2}
              strokeDasharray="6 4"
              dot={false}
              isAnimationActive={false}
            />
          )}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
