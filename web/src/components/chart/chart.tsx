import { useId } from 'react';
import { dayNumber, niceTicks, runs, tickIndexes } from './scale';

export interface Series {
  readonly name: string;
  /** One value per x key; null: no data there. */
  readonly values: readonly (number | null)[];
  /** CSS class giving the series its colour (see styles.css `.c-*`). */
  readonly tone: 'success' | 'failed' | 'skipped' | 'primary' | 'secondary' | 'neutral';
}

export type XAxis =
  | { readonly kind: 'band'; readonly keys: readonly string[] }
  /** Calendar days (YYYY-MM-DD), placed by date so missing periods leave a gap. */
  | { readonly kind: 'time'; readonly keys: readonly string[]; readonly stepDays: number };

export interface ChartProps {
  readonly title: string;
  readonly x: XAxis;
  readonly series: readonly Series[];
  readonly mark: 'stacked-bars' | 'bars' | 'lines';
  readonly format: (n: number) => string;
  readonly yMax?: number;
  /** Keys to draw attention to (e.g. a CARC under 50 %), named in the table too. */
  readonly flagged?: ReadonlySet<string>;
  readonly height?: number;
}

const W = 760;
const PAD = { top: 12, right: 16, bottom: 44, left: 64 };

/**
 * The one chart of the product (dashboard, KPI and recovery pages): an SVG with a linear y axis
 * over band or time x positions, and the same numbers as a table for screen readers and copying.
 */
export function Chart({ title, x, series, mark, format, yMax, flagged, height = 280 }: ChartProps) {
  const id = useId();
  const n = x.keys.length;
  const plotW = W - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const totals = x.keys.map((_, i) =>
    mark === 'stacked-bars'
      ? series.reduce((s, ser) => s + (ser.values[i] ?? 0), 0)
      : Math.max(0, ...series.map((ser) => ser.values[i] ?? 0)),
  );
  const yTicks =
    yMax !== undefined ? niceTicks(yMax).filter((t) => t <= yMax) : niceTicks(Math.max(0, ...totals));
  const max = yMax ?? yTicks[yTicks.length - 1]!;
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;

  const days = x.kind === 'time' ? x.keys.map(dayNumber) : [];
  const first = days[0] ?? 0;
  const span = Math.max(1, (days[days.length - 1] ?? 0) - first);
  const band = plotW / Math.max(1, n);
  const xCenter = (i: number) =>
    x.kind === 'time'
      ? PAD.left + (n === 1 ? plotW / 2 : ((days[i]! - first) / span) * plotW)
      : PAD.left + band * (i + 0.5);
  const barW =
    x.kind === 'time'
      ? Math.max(2, Math.min(24, (plotW / Math.max(1, span / x.stepDays + 1)) * 0.7))
      : Math.min(48, band * 0.7);

  const xTicks = tickIndexes(n, x.kind === 'time' ? 8 : 24);

  return (
    <figure className="chart" aria-labelledby={`${id}-t`}>
      <figcaption id={`${id}-t`}>{title}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${height}`}
        role="img"
        aria-labelledby={`${id}-t`}
        preserveAspectRatio="xMidYMid meet"
      >
        {yTicks.map((t) => (
          <g key={t}>
            <line className="grid" x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
            <text className="tick" x={PAD.left - 6} y={y(t) + 4} textAnchor="end">
              {format(t)}
            </text>
          </g>
        ))}
        {xTicks.map((i) => (
          <text
            key={i}
            className={`tick${flagged?.has(x.keys[i]!) ? ' flag' : ''}`}
            x={xCenter(i)}
            y={height - PAD.bottom + 16}
            // On a time axis the first and last labels sit at the plot's edges: keep them inside.
            textAnchor={
              x.kind === 'time' && n > 1 ? (i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle') : 'middle'
            }
          >
            {x.keys[i]}
          </text>
        ))}
        {mark === 'lines'
          ? series.map((ser) =>
              runs(
                days.length ? days : x.keys.map((_, i) => i),
                ser.values,
                x.kind === 'time' ? x.stepDays : 1,
              ).map((run) => (
                <g key={`${ser.name}-${run[0]}`} className={`c-${ser.tone}`}>
                  {run.length > 1 && (
                    <polyline
                      fill="none"
                      points={run.map((i) => `${xCenter(i)},${y(ser.values[i]!)}`).join(' ')}
                    />
                  )}
                  {run.map((i) => (
                    <circle key={i} cx={xCenter(i)} cy={y(ser.values[i]!)} r={3} />
                  ))}
                </g>
              )),
            )
          : x.keys.map((key, i) => {
              let base = 0;
              return (
                <g key={key} className={flagged?.has(key) ? 'flagged' : undefined}>
                  {series.map((ser, s) => {
                    const v = ser.values[i] ?? 0;
                    if (v <= 0) return null;
                    const w = mark === 'bars' ? barW / series.length : barW;
                    const left = mark === 'bars' ? xCenter(i) - barW / 2 + s * w : xCenter(i) - barW / 2;
                    const top = y(base + v);
                    const h = y(base) - top;
                    if (mark === 'stacked-bars') base += v;
                    return (
                      <rect
                        key={ser.name}
                        className={`c-${ser.tone}`}
                        x={left}
                        y={top}
                        width={w}
                        height={h}
                      />
                    );
                  })}
                </g>
              );
            })}
        <line className="axis" x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} />
      </svg>
      {series.length > 1 && (
        <ul className="legend">
          {series.map((s) => (
            <li key={s.name}>
              <span className={`swatch c-${s.tone}`} aria-hidden="true" /> {s.name}
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>Show the numbers</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{x.kind === 'time' ? 'Week' : 'Key'}</th>
              {series.map((s) => (
                <th scope="col" key={s.name}>
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {x.keys.map((key, i) => (
              <tr key={key}>
                <th scope="row">
                  {key}
                  {flagged?.has(key) ? ' (flagged)' : ''}
                </th>
                {series.map((s) => (
                  <td key={s.name}>
                    {s.values[i] === null || s.values[i] === undefined ? '—' : format(s.values[i]!)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
