import { useId, useMemo, useState, type PointerEvent } from 'react';
import { useElementWidth } from './use-element-width.ts';

export type ChartPoint = { at: string; value: number };

type LineChartProps = {
  points: readonly ChartPoint[];
  /** Spoken summary for screen readers; the chart itself is a picture. */
  label: string;
  formatValue(value: number): string;
  formatAxisValue(value: number): string;
  formatTime(iso: string): string;
  /** Axis labels; `spanMs` is the time the chart covers, so short spans can show hours. */
  formatAxisTime(iso: string, spanMs: number): string;
  height?: number;
};

const PADDING = { top: 14, right: 18, bottom: 30, left: 56 };
/** More points than pixels only blur the line; long histories are thinned to this many. */
const MAX_POINTS = 800;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Where the time axis is labelled: at local midnights (every n-th day) when the chart covers a
 * few days or more, else evenly across the span.
 */
function timeTicks(first: number, last: number, maxCount: number): number[] {
  const span = last - first;
  if (span === 0) return [first];
  if (span < 2 * DAY_MS) return Array.from({ length: maxCount }, (_, index) => first + (span * index) / (maxCount - 1));
  const start = new Date(first);
  start.setHours(0, 0, 0, 0);
  if (start.getTime() < first) start.setDate(start.getDate() + 1);
  const days = Math.floor((last - start.getTime()) / DAY_MS) + 1;
  const every = Math.max(1, Math.ceil(days / maxCount));
  const ticks: number[] = [];
  for (const day = new Date(start); day.getTime() <= last; day.setDate(day.getDate() + every)) ticks.push(day.getTime());
  return ticks;
}

/** 0, 2.5K, 5K…: a round step that gives about four grid lines. */
function niceStep(max: number): number {
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const normalized = rough / magnitude;
  const nice = normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 2.5 ? 2.5 : normalized <= 5 ? 5 : 10;
  return nice * magnitude;
}

function thin(points: readonly ChartPoint[]): readonly ChartPoint[] {
  if (points.length <= MAX_POINTS) return points;
  const step = (points.length - 1) / (MAX_POINTS - 1);
  return Array.from({ length: MAX_POINTS }, (_, index) => points[Math.round(index * step)] as ChartPoint);
}

/**
 * A small line chart drawn as inline SVG (no chart library, nothing fetched): time on x, value on
 * y from zero, grid lines, and the nearest point read out under the pointer.
 */
export function LineChart({ points, label, formatValue, formatAxisValue, formatTime, formatAxisTime, height = 220 }: LineChartProps) {
  const { ref, width } = useElementWidth<HTMLDivElement>();
  const gradientId = useId();
  const [hover, setHover] = useState<number | null>(null);
  const shown = useMemo(() => thin(points), [points]);

  const geometry = useMemo(() => {
    const innerWidth = Math.max(10, width - PADDING.left - PADDING.right);
    const innerHeight = height - PADDING.top - PADDING.bottom;
    const times = shown.map((point) => Date.parse(point.at));
    const first = times[0] ?? 0;
    const last = times[times.length - 1] ?? first;
    const span = last - first;
    const maxValue = Math.max(1, ...shown.map((point) => point.value));
    const step = niceStep(maxValue);
    const top = Math.ceil(maxValue / step) * step;
    const x = (time: number) => PADDING.left + (span === 0 ? innerWidth / 2 : ((time - first) / span) * innerWidth);
    const y = (value: number) => PADDING.top + innerHeight - (value / top) * innerHeight;
    const coords = shown.map((point, index) => ({ x: x(times[index] ?? first), y: y(point.value), point }));
    const line = coords.map((coord, index) => `${index === 0 ? 'M' : 'L'}${coord.x.toFixed(1)},${coord.y.toFixed(1)}`).join('');
    const baseline = PADDING.top + innerHeight;
    const area = coords.length > 1 ? `${line}L${coords[coords.length - 1]?.x.toFixed(1)},${baseline}L${coords[0]?.x.toFixed(1)},${baseline}Z` : '';
    const yTicks = Array.from({ length: Math.round(top / step) + 1 }, (_, index) => index * step);
    const candidates = timeTicks(first, last, Math.max(2, Math.min(8, Math.floor(innerWidth / 110))));
    // Labels that repeat (hours on a short span) are shown once.
    const xTicks: { at: number; label: string }[] = [];
    for (const at of candidates) {
      const label = formatAxisTime(new Date(at).toISOString(), span);
      if (xTicks[xTicks.length - 1]?.label !== label) xTicks.push({ at, label });
    }
    return { coords, line, area, yTicks, xTicks, x, y, baseline, firstTime: first, lastTime: last };
  }, [shown, width, height, formatAxisTime]);

  function onPointerMove(event: PointerEvent<SVGSVGElement>) {
    const box = event.currentTarget.getBoundingClientRect();
    const pointerX = event.clientX - box.left;
    let nearest = 0;
    let distance = Number.POSITIVE_INFINITY;
    geometry.coords.forEach((coord, index) => {
      const gap = Math.abs(coord.x - pointerX);
      if (gap < distance) {
        distance = gap;
        nearest = index;
      }
    });
    setHover(nearest);
  }

  const hovered = hover === null ? undefined : geometry.coords[hover];
  const isLeftHalf = hovered !== undefined && hovered.x < width / 2;

  return (
    <div className="line-chart" ref={ref}>
      <svg width={width} height={height} role="img" aria-label={label} onPointerMove={onPointerMove} onPointerLeave={() => setHover(null)}>
        <defs>
          <linearGradient id={gradientId} x1="0" x2="0" y1="0" y2="1">
            <stop offset="0%" stopColor="var(--accent)" stopOpacity="0.18" />
            <stop offset="100%" stopColor="var(--accent)" stopOpacity="0" />
          </linearGradient>
        </defs>
        {geometry.yTicks.map((tick) => (
          <g key={tick}>
            <line className="chart-grid" x1={PADDING.left} x2={width - PADDING.right} y1={geometry.y(tick)} y2={geometry.y(tick)} />
            <text className="chart-axis" x={PADDING.left - 10} y={geometry.y(tick)} textAnchor="end" dominantBaseline="middle">
              {formatAxisValue(tick)}
            </text>
          </g>
        ))}
        {geometry.xTicks.map((tick) => (
          <text
            key={tick.at}
            className="chart-axis"
            x={geometry.x(tick.at)}
            y={geometry.baseline + 20}
            textAnchor={geometry.xTicks.length === 1 ? 'middle' : tick.at === geometry.firstTime ? 'start' : tick.at === geometry.lastTime ? 'end' : 'middle'}
          >
            {tick.label}
          </text>
        ))}
        {geometry.area === '' ? null : <path d={geometry.area} fill={`url(#${gradientId})`} />}
        <path className="chart-line" d={geometry.line} />
        {geometry.coords.length <= 40
          ? geometry.coords.map((coord) => <circle key={coord.point.at} className="chart-dot" cx={coord.x} cy={coord.y} r={3} />)
          : null}
        {hovered === undefined ? null : (
          <g>
            <line className="chart-cursor" x1={hovered.x} x2={hovered.x} y1={PADDING.top} y2={geometry.baseline} />
            <circle className="chart-dot chart-dot-active" cx={hovered.x} cy={hovered.y} r={4.5} />
          </g>
        )}
      </svg>
      {hovered === undefined ? null : (
        <div
          className="chart-tooltip"
          style={{ left: isLeftHalf ? hovered.x + 12 : undefined, right: isLeftHalf ? undefined : width - hovered.x + 12, top: Math.max(0, hovered.y - 44) }}
          aria-hidden="true"
        >
          <span className="chart-tooltip-value">{formatValue(hovered.point.value)}</span>
          <span className="chart-tooltip-time">{formatTime(hovered.point.at)}</span>
        </div>
      )}
    </div>
  );
}
