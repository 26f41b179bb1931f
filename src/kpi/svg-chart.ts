/**
 * Small inline SVG charts, drawn here so that reports open offline (no script, no CDN) and look
 * the same in any browser or mail client.
 */

export interface Series {
  readonly name: string;
  readonly color: string;
  /** One value per label; null leaves a gap. */
  readonly values: readonly (number | null)[];
}

export interface LinePanel {
  readonly title: string;
  readonly series: readonly Series[];
  readonly format: (v: number) => string;
}

const WIDTH = 760;
const PANEL_HEIGHT = 170;
const LEFT = 64;
const RIGHT = 16;
const TOP = 26;
const BOTTOM = 22;

/** Panels stacked over one shared x axis of labels (weeks). */
export function lineChart(
  labels: readonly string[],
  panels: readonly LinePanel[],
  ariaLabel: string,
): string {
  const height = panels.length * PANEL_HEIGHT + BOTTOM + 8;
  const plotW = WIDTH - LEFT - RIGHT;
  const x = (i: number) => LEFT + (labels.length <= 1 ? plotW / 2 : (i * plotW) / (labels.length - 1));
  const parts: string[] = [];
  panels.forEach((panel, p) => {
    const top = p * PANEL_HEIGHT + TOP;
    const plotH = PANEL_HEIGHT - TOP - 14;
    const all = panel.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
    const max = niceMax(Math.max(0, ...all));
    const y = (v: number) => top + plotH - (max === 0 ? 0 : (v / max) * plotH);
    parts.push(`<text x="${LEFT}" y="${top - 10}" class="t">${esc(panel.title)}</text>`);
    for (const f of [0, 0.5, 1]) {
      const v = max * f;
      parts.push(
        `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${r(y(v))}" y2="${r(y(v))}" class="g"/>`,
        `<text x="${LEFT - 6}" y="${r(y(v)) + 4}" text-anchor="end" class="a">${esc(panel.format(v))}</text>`,
      );
    }
    panel.series.forEach((s, k) => {
      const points = s.values.map((v, i) => (v === null ? null : `${r(x(i))},${r(y(v))}`));
      const runs = points
        .join(' ')
        .split(/\s*null\s*/)
        .filter((run) => run.trim() !== '');
      for (const run of runs) {
        parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${run.trim()}"/>`);
      }
      s.values.forEach((v, i) => {
        if (v === null) return;
        parts.push(
          `<circle cx="${r(x(i))}" cy="${r(y(v))}" r="3" fill="${s.color}"><title>${esc(
            `${labels[i]} ${s.name}: ${panel.format(v)}`,
          )}</title></circle>`,
        );
      });
      parts.push(
        `<rect x="${WIDTH - RIGHT - 190}" y="${top - 21 + k * 14}" width="10" height="10" fill="${s.color}"/>`,
        `<text x="${WIDTH - RIGHT - 175}" y="${top - 12 + k * 14}" class="a">${esc(s.name)}</text>`,
      );
    });
  });
  const axisY = panels.length * PANEL_HEIGHT + 4;
  const ticks = tickIndexes(labels.length);
  for (const i of ticks) {
    // The outermost labels align inward so they are never cut at the edges.
    const edge = ticks.length > 1 && (i === 0 || i === labels.length - 1);
    const anchor = edge ? (i === 0 ? 'start' : 'end') : 'middle';
    parts.push(
      `<text x="${r(x(i))}" y="${axisY + 12}" text-anchor="${anchor}" class="a">${esc(labels[i] ?? '')}</text>`,
    );
  }
  return svg(WIDTH, height, ariaLabel, parts);
}

export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly note?: string;
}

/** Horizontal bars, longest first as given; `format` writes the value at the bar's end. */
export function barChart(
  bars: readonly Bar[],
  format: (v: number) => string,
  ariaLabel: string,
  color = '#2b6cb0',
) {
  const rowH = 24;
  const labelW = 200;
  const height = bars.length * rowH + 12;
  const plotW = WIDTH - labelW - 120;
  const max = Math.max(0, ...bars.map((b) => b.value));
  const parts = bars.map((b, i) => {
    const w = max === 0 ? 0 : (b.value / max) * plotW;
    const yy = 6 + i * rowH;
    return (
      `<text x="${labelW - 8}" y="${yy + 15}" text-anchor="end" class="a">${esc(b.label)}</text>` +
      `<rect x="${labelW}" y="${yy + 3}" width="${r(w)}" height="16" fill="${color}"><title>${esc(
        `${b.label}: ${format(b.value)}${b.note ? ` (${b.note})` : ''}`,
      )}</title></rect>` +
      `<text x="${r(labelW + w + 6)}" y="${yy + 15}" class="a">${esc(format(b.value))}</text>`
    );
  });
  return svg(WIDTH, height, ariaLabel, parts);
}

function svg(width: number, height: number, label: string, parts: readonly string[]): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(label)}" viewBox="0 0 ${width} ${height}" ` +
    `width="${width}" height="${height}" font-family="system-ui, sans-serif">` +
    `<style>.t{font-size:13px;font-weight:600;fill:#1a202c}.a{font-size:11px;fill:#4a5568}.g{stroke:#e2e8f0}</style>` +
    parts.join('') +
    `</svg>`
  );
}

function niceMax(v: number): number {
  if (v <= 0) return 0;
  const magnitude = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= v * 1.05) return step * magnitude;
  return 10 * magnitude;
}

function tickIndexes(n: number): number[] {
  if (n === 0) return [];
  const want = Math.min(n, 6);
  const set = new Set<number>();
  for (let k = 0; k < want; k++) set.add(want === 1 ? 0 : Math.round((k * (n - 1)) / (want - 1)));
  return [...set];
}

const r = (v: number) => Math.round(v * 10) / 10;

/** Escapes text for HTML and SVG. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
