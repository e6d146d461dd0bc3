import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatOre, formatUnit } from '../format.ts';

/** A figure in a table cell: right-aligned, deficits marked (not by colour alone: the minus sign stays). */
export function Amount({
  value,
  to,
  label,
  ore,
}: {
  value: number;
  /** The drill-down that shows what the figure is made of. */
  to?: string;
  /** What the link leads to, for screen readers (the figure alone says too little). */
  label?: string;
  /** The value is in öre (shown as kronor); otherwise it is in the report's unit. */
  ore?: boolean | 'exact';
}) {
  const text = ore === 'exact' ? formatOre(value, 2) : ore ? formatOre(value) : formatUnit(value);
  const content: ReactNode = to ? (
    <Link to={to} aria-label={label ? `${text}: ${label}` : undefined}>
      {text}
    </Link>
  ) : (
    text
  );
  return <td className={value < 0 ? 'num negative' : 'num'}>{content}</td>;
}

/** A key figure with its label, e.g. "Utfall hittills 251 612 tkr". */
export function KeyFigure({
  label,
  value,
  unit,
  to,
}: {
  label: string;
  value: number;
  unit: string;
  to?: string;
}) {
  const text = `${formatUnit(value)} ${unit}`;
  return (
    <div className="key-figure">
      <dt>{label}</dt>
      <dd className={value < 0 ? 'negative' : undefined}>
        {to ? <Link to={to}>{text}</Link> : text}
      </dd>
    </div>
  );
}
