import type { ChartBlock } from '../document-model.ts';
import { decimalValue, formatNumberCell } from './number-format.ts';

/**
 * A chart's geometry, worked out once in a plot box of width 1 and height 1 (y down) so the HTML
 * (SVG) and the PDF (Typst primitives) draw the same picture from the same numbers.
 */
export interface ChartLayout {
  kind: 'bar' | 'line';
  /** Gridlines and their labels, bottom up. */
  ticks: { y: number; label: string }[];
  /** The zero line's y (the bars' base). */
  zeroY: number;
  categories: { x: number; label: string }[];
  series: ChartSeriesLayout[];
}

export interface ChartSeriesLayout {
  name: string;
  color: string;
  /** Bars of a bar chart, one per category with a value. */
  bars: { x: number; y: number; width: number; height: number }[];
  /** Points of a line chart; null where there is no value (the line breaks). */
  points: ({ x: number; y: number } | null)[];
}

/**
 * Colours at least 3:1 against white (WCAG 1.4.11) and apart from one another in lightness, so
 * the series stay distinct in greyscale print.
 */
export const SERIES_COLORS = ['#1f4e79', '#c0504d', '#4f7a28', '#7a4f9a', '#8a6d1f', '#2f7f86'];

/** 1, 2, 2.5 or 5 times a power of ten: gridlines a reader can add up. */
function niceStep(span: number, count: number): number {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  const nice = unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 2.5 ? 2.5 : unit <= 5 ? 5 : 10;
  return nice * power;
}

function decimalsOf(step: number): number {
  const text = String(step);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

export function chartLayout(chart: ChartBlock): ChartLayout {
  const values = chart.series.flatMap((s) =>
    s.values.map(decimalValue).filter((v): v is number => v !== undefined),
  );
  // Bars grow from zero, so zero is always on the axis; a line may float.
  const withZero = chart.chart === 'bar' || values.length === 0 ? [...values, 0] : values;
  let low = Math.min(...withZero);
  let high = Math.max(...withZero);
  if (low === high) {
    low -= 1;
    high += 1;
  }
  const step = niceStep(high - low, 5);
  const min = Math.floor(low / step) * step;
  const max = Math.ceil(high / step) * step;
  const yOf = (v: number): number => 1 - (v - min) / (max - min);
  const decimals = decimalsOf(step);
  const ticks: ChartLayout['ticks'] = [];
  for (let i = 0; min + i * step <= max + step / 1e6; i += 1) {
    const value = min + i * step;
    ticks.push({ y: yOf(value), label: formatNumberCell({ n: value.toFixed(decimals) }) });
  }
  const zeroY = yOf(Math.min(Math.max(0, min), max));
  const slot = 1 / Math.max(chart.categories.length, 1);
  const seriesCount = Math.max(chart.series.length, 1);
  const barWidth = (slot * 0.8) / seriesCount;
  return {
    kind: chart.chart,
    ticks,
    zeroY,
    categories: chart.categories.map((label, i) => ({ x: (i + 0.5) * slot, label })),
    series: chart.series.map((series, s) => {
      const numbers = chart.categories.map((_, i) => decimalValue(series.values[i] ?? null));
      return {
        name: series.name,
        color: SERIES_COLORS[s % SERIES_COLORS.length] ?? '#000000',
        bars: numbers.flatMap((v, i) => {
          if (v === undefined) return [];
          const y = yOf(v);
          return [
            {
              x: i * slot + slot * 0.1 + s * barWidth,
              y: Math.min(y, zeroY),
              width: barWidth,
              height: Math.abs(zeroY - y),
            },
          ];
        }),
        points: numbers.map((v, i) =>
          v === undefined ? null : { x: (i + 0.5) * slot, y: yOf(v) },
        ),
      };
    }),
  };
}
