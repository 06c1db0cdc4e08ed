// A small hand-written SVG line chart for rates (0–100%) over day or week buckets: one line per
// series, gaps where a bucket has nothing to divide by, a crosshair with every series' value on
// hover (or arrow keys when focused), and click / Enter to open the calls behind a bucket.
import { useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { addDays } from '../../../../shared/domain/dates';
import { formatRate, longDay, shortDay } from './analytics-format';
import type { Bucket, BucketUnit, RatePoint } from './series';

export interface ChartSeries {
  key: string;
  label: string;
  color: string;
  points: (RatePoint | null)[];
}

interface LineChartProps {
  label: string;
  unit: BucketUnit;
  buckets: Bucket[];
  series: ChartSeries[];
  /** What a point's fraction counts, e.g. "held of resolved". */
  fractionLabel: string;
  testId: string;
  height?: number;
  onPick?: (bucket: Bucket) => void;
}

const M = { top: 10, right: 14, bottom: 36, left: 42 };
/** Top of the y axis and its tick step: the first that fits the data (a 9% close rate on a 0–100% axis is a flat line). */
const Y_SCALES: [number, number][] = [[0.1, 0.02], [0.2, 0.05], [0.3, 0.1], [0.4, 0.1], [0.5, 0.1], [0.6, 0.2], [0.8, 0.2], [1, 0.25]];

function yScale(series: ChartSeries[]): { max: number; ticks: number[] } {
  let top = 0;
  for (const s of series) for (const p of s.points) if (p) top = Math.max(top, p.num / p.den);
  const [max, step] = Y_SCALES.find(([m]) => top <= m + 1e-9) ?? [1, 0.25];
  const ticks: number[] = [];
  for (let t = 0; t <= max + 1e-9; t += step) ticks.push(Math.round(t * 1000) / 1000);
  return { max, ticks };
}

function useWidth(): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(640);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth || 640);
    let frame = 0;
    const ro = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      // Re-rendering inside the observer's callback can resize again in the same frame, which the
      // browser reports as "ResizeObserver loop completed with undelivered notifications".
      cancelAnimationFrame(frame);
      if (w) frame = requestAnimationFrame(() => setWidth(Math.round(w)));
    });
    ro.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      ro.disconnect();
    };
  }, []);
  return [ref, width];
}

const monthFmt = new Intl.DateTimeFormat(undefined, { month: 'short', timeZone: 'UTC' });
const monthYearFmt = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthDate = (day: string) => new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, 1));

/** "Mar 4, 2026", "Week of Mar 2 – Mar 8, 2026", "March 2026" (or the clipped days of a partial month). */
export function bucketTitle(bucket: Bucket, unit: BucketUnit): string {
  if (unit === 'day' || bucket.from === bucket.to) return longDay(bucket.from);
  if (unit === 'week') return `Week of ${shortDay(bucket.from)} – ${longDay(bucket.to)}`;
  const whole = bucket.from.endsWith('-01') && bucket.to.slice(0, 7) !== addDays(bucket.to, 1).slice(0, 7);
  return whole ? monthYearFmt.format(monthDate(bucket.from)) : `${shortDay(bucket.from)} – ${longDay(bucket.to)}`;
}

function tickLabel(bucket: Bucket, unit: BucketUnit): string {
  return unit === 'month' ? monthFmt.format(monthDate(bucket.from)) : shortDay(bucket.from);
}

function linePath(points: (RatePoint | null)[], x: (i: number) => number, y: (r: number) => number): string {
  let d = '';
  let penDown = false;
  points.forEach((p, i) => {
    if (!p) {
      penDown = false;
      return;
    }
    d += `${penDown ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.num / p.den).toFixed(1)}`;
    penDown = true;
  });
  return d;
}

export function LineChart({ label, unit, buckets, series, fractionLabel, testId, height = 220, onPick }: LineChartProps) {
  const [wrapRef, width] = useWidth();
  const [hover, setHover] = useState<number | null>(null);
  const n = buckets.length;
  const plotW = Math.max(10, width - M.left - M.right);
  const plotH = Math.max(10, height - M.top - M.bottom);
  const x = (i: number) => M.left + (plotW * (i + 0.5)) / Math.max(1, n);
  const scale = yScale(series);
  const y = (r: number) => M.top + plotH * (1 - r / scale.max);

  // About one date label per 72px, on a regular step so they never collide.
  const step = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(plotW / 72))));
  const ticks: number[] = [];
  for (let i = 0; i < n; i += step) ticks.push(i);
  const spansYears = n > 0 && buckets[0]!.from.slice(0, 4) !== buckets[n - 1]!.to.slice(0, 4);
  const showAllDots = n <= 31;

  const indexAt = (clientX: number, rect: DOMRect) => {
    const rel = (clientX - rect.left - M.left) / plotW;
    return Math.min(n - 1, Math.max(0, Math.floor(rel * n)));
  };
  const onMove = (e: MouseEvent<SVGSVGElement>) => {
    if (n === 0) return;
    setHover(indexAt(e.clientX, e.currentTarget.getBoundingClientRect()));
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (n === 0) return;
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      const delta = e.key === 'ArrowRight' ? 1 : -1;
      setHover((h) => Math.min(n - 1, Math.max(0, (h ?? (delta > 0 ? -1 : n)) + delta)));
    } else if (e.key === 'Enter' && hover !== null && onPick) {
      e.preventDefault();
      onPick(buckets[hover]!);
    } else if (e.key === 'Escape') {
      setHover(null);
    }
  };

  const hoverX = hover === null ? 0 : x(hover);
  const tipLeft = hoverX > width * 0.6;
  return (
    <div
      className="an-chart"
      ref={wrapRef}
      data-testid={testId}
      tabIndex={0}
      role="group"
      aria-label={`${label}. Arrow keys read each ${unit}${onPick ? ', Enter opens its calls' : ''}.`}
      onKeyDown={onKey}
      onBlur={() => setHover(null)}
    >
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={label}
        onMouseMove={onMove}
        onMouseLeave={() => setHover(null)}
        onClick={() => hover !== null && onPick?.(buckets[hover]!)}
        className={onPick ? 'an-chart-pickable' : undefined}
      >
        <g className="an-chart-grid">
          {scale.ticks.map((t) => (
            <g key={t}>
              <line x1={M.left} x2={M.left + plotW} y1={y(t)} y2={y(t)} className={t === 0 ? 'an-chart-baseline' : undefined} />
              <text x={M.left - 8} y={y(t)} dy="0.32em" textAnchor="end">
                {Math.round(t * 100)}%
              </text>
            </g>
          ))}
        </g>
        <g className="an-chart-x">
          {ticks.map((i, k) => {
            const b = buckets[i]!;
            const prev = k > 0 ? buckets[ticks[k - 1]!]! : null;
            const year = spansYears && (!prev || prev.from.slice(0, 4) !== b.from.slice(0, 4)) ? b.from.slice(0, 4) : null;
            return (
              <g key={i} transform={`translate(${x(i).toFixed(1)},${M.top + plotH})`}>
                <line y2={4} />
                <text y={16} textAnchor="middle">{tickLabel(b, unit)}</text>
                {year ? <text y={29} textAnchor="middle" className="an-chart-year">{year}</text> : null}
              </g>
            );
          })}
        </g>
        {hover !== null ? <line className="an-chart-crosshair" x1={hoverX} x2={hoverX} y1={M.top} y2={M.top + plotH} /> : null}
        {series.map((s) => (
          <g key={s.key} data-source={s.key}>
            <path className="an-chart-line" d={linePath(s.points, x, y)} stroke={s.color} data-source={s.key} />
            {s.points.map((p, i) => {
              if (!p) return null;
              const isolated = !s.points[i - 1] && !s.points[i + 1];
              if (!isolated && !showAllDots) return null;
              return <circle key={i} cx={x(i)} cy={y(p.num / p.den)} r={isolated ? 2.5 : 2} fill={s.color} className="an-chart-dot" />;
            })}
            {hover !== null && s.points[hover] ? (
              <circle cx={hoverX} cy={y(s.points[hover]!.num / s.points[hover]!.den)} r={4} fill={s.color} className="an-chart-focus" />
            ) : null}
          </g>
        ))}
      </svg>
      {hover !== null ? (
        <div className={`an-chart-tip ${tipLeft ? 'an-chart-tip-left' : ''}`} style={{ left: tipLeft ? hoverX - 12 : hoverX + 12, top: M.top }} role="status" data-testid={`${testId}-tip`}>
          <div className="an-chart-tip-title">{bucketTitle(buckets[hover]!, unit)}</div>
          {series.map((s) => {
            const p = s.points[hover];
            return (
              <div key={s.key} className="an-chart-tip-row">
                <span className="source-dot" style={{ background: s.color }} aria-hidden="true" />
                <span className="an-chart-tip-label">{s.label}</span>
                <span className="an-chart-tip-value">{p ? formatRate(p.num / p.den) : '—'}</span>
                <span className="an-chart-tip-frac">{p ? `${p.num.toLocaleString()} / ${p.den.toLocaleString()}` : 'none'}</span>
              </div>
            );
          })}
          <div className="an-chart-tip-foot">
            {fractionLabel}
            {onPick ? ' · click to see the calls' : ''}
          </div>
        </div>
      ) : null}
    </div>
  );
}

export function ChartLegend({ series, testId }: { series: { key: string; label: string; color: string }[]; testId?: string }) {
  return (
    <ul className="an-legend" data-testid={testId}>
      {series.map((s) => (
        <li key={s.key} data-source={s.key}>
          <span className="an-legend-swatch" style={{ background: s.color }} aria-hidden="true" />
          {s.label}
        </li>
      ))}
    </ul>
  );
}
