import { htmlPage, htmlTable } from './html-page.js';
import { latestWeek } from './report-markdown.js';
import { rate6, type KpiReport } from './report.js';
import {
  inputsTable,
  LEAKAGE_FOUND,
  LEAKAGE_NONE,
  leakageOk,
  leakageTable,
  referenceTable,
  unknownShareTable,
  weeklyTable,
} from './report-tables.js';
import type { TextTable } from './tables.js';

const table = ({ header, rows }: TextTable) => htmlTable(header, rows);
import { esc, lineChart } from './svg-chart.js';

/** The report as one offline HTML page, with the weekly trend drawn as inline SVG. */
export function renderHtml(report: KpiReport): string {
  const d = report.definition;
  const s = report.summary;
  const labels = report.weeks.map((w) => w.weekStart);
  const chart = lineChart(
    labels,
    [
      {
        title: 'Weekly denial rate',
        series: [{ name: 'denial_rate', color: '#c53030', values: report.weeks.map((w) => w.denialRate) }],
        format: (v) => `${(v * 100).toFixed(1)}%`,
      },
      {
        title: 'Unknown PRCSG share',
        series: [
          {
            name: 'unknown_prcsg_share',
            color: '#2b6cb0',
            values: report.weeks.map((w) => w.unknownPrcsgShare),
          },
        ],
        format: (v) => `${(v * 100).toFixed(2)}%`,
      },
    ],
    'Weekly denial rate and unknown processing-indicator share',
  );
  const statusClass = report.status === 'ok' ? 'ok' : 'bad';
  const body = [
    `<h1>${esc(report.title)}</h1>`,
    `<p class="meta">Status: <span class="${statusClass}">${esc(report.status)}</span> · definition ${esc(d.version)} · source ${esc(report.source)} · as of ${esc(report.asOf)} · maturity cutoff ${esc(report.maturityCutoff)}</p>`,
    `<p>Over ${s.completeWeeks} complete weeks: <strong>${rate6(s.denialRate)}</strong> (${s.denialLines} denial lines / ${s.comparableLines} comparable lines).</p>`,
    ...latestWeek(report).map((text) => `<p>${esc(text)}</p>`),
    `<figure id="trend">${report.weeks.length > 0 ? chart : '<p>No complete week to chart.</p>'}</figure>`,
    '<h2>Definition (line-based)</h2>',
    `<p><strong>Formula</strong>: <code>${esc(d.formula)}</code></p>`,
    `<p><strong>Numerator</strong>: <code>is_denial_rate = line_prcsg_ind_cd IN (${esc(d.numeratorCodes.join(','))})</code></p>`,
    `<p><strong>Denominator</strong>: <code>is_comparable = line_prcsg_ind_cd IN (${esc(d.denominatorCodes.join(','))})</code></p>`,
    '<h2>Exclusions (explicit)</h2>',
    `<ul>${d.exclusions.map((e) => `<li>${esc(e)}</li>`).join('')}</ul>`,
    '<h2>Maturity and complete weeks</h2>',
    `<p>Mature: service date on or before ${esc(report.maturityCutoff)} (as-of − ${d.maturityDays} days). A Monday–Sunday week counts only when all seven days are mature.
     Lines read ${s.totalLines}; in complete weeks ${s.linesInCompleteWeeks}; in ${s.excludedIncompleteWeeks} incomplete or immature weeks ${s.excludedIncompleteWeekLines}; without a service date ${s.noServiceDateLines}.</p>`,
    '<h2>Inputs</h2>',
    table(inputsTable(report)),
    '<h2>Weekly denial rate (complete weeks)</h2>',
    table(weeklyTable(report)),
    '<h2>Leakage proof (overlap counts)</h2>',
    table(leakageTable(report)),
    leakageOk(report) ? `<p class="ok">${esc(LEAKAGE_NONE)}</p>` : `<p class="bad">${esc(LEAKAGE_FOUND)}</p>`,
    '<h2>Unknown PRCSG share by week</h2>',
    table(unknownShareTable(report)),
    matchHtml(report),
  ];
  return htmlPage(report.title, body.join('\n'));
}

function matchHtml(report: KpiReport): string {
  const m = report.reference;
  if (!m)
    return '<h2>Reference match check</h2><p>No reference table given (<code>--reference FILE</code>).</p>';
  const shown = Math.min(m.rows.length, 10);
  return [
    `<h2>Reference match check (last ${shown} weeks of ${m.rows.length})</h2>`,
    `<p class="meta">Reference: ${esc(m.file)}</p>`,
    table(referenceTable(m)),
    `<p>Max abs diff: <strong>${m.maxAbsDiff.toFixed(6)}</strong> (tolerance ${m.tolerance}) — <span class="${m.passed ? 'ok' : 'bad'}">${m.passed ? 'match' : 'MISMATCH'}</span></p>`,
  ].join('\n');
}
