import { htmlPage, htmlTable } from '../kpi/html-page.js';
import type { TextTable } from '../kpi/tables.js';
import { barChart, esc } from '../kpi/svg-chart.js';
import { dollars, type Brief } from './brief.js';
import {
  agingWeights,
  bandsTable,
  BRIEF_SECTIONS,
  MATERIAL_RULE,
  nearTerm,
  shiftsTable,
  summaryTable,
  totalDenied,
  workqueueIntro,
  workqueueTable,
} from './brief-content.js';

const table = ({ header, rows }: TextTable) => htmlTable(header, rows);

/** The brief as one offline HTML page: the same sections as the Markdown, plus two inline charts. */
export function renderBriefHtml(b: Brief): string {
  const s = b.stability;
  const shifts = shiftsTable(b);
  const [run, focus, summary, aging, stability, queue, guard, falsify] = BRIEF_SECTIONS;
  const body = [
    '<h1>Denials recovery brief (v1)</h1>',
    `<h2>${run}</h2>`,
    `<pre>ANCHOR_MODE=${esc(b.anchorMode)}\nCURRENT_DATASET_WEEK_KEY=${esc(b.currentWeekKey)}\nPRIOR_DATASET_WEEK_KEY=${esc(b.priorWeekKey ?? 'none')}\nWORKQUEUE_SIZE=${b.workqueueSize}\nSOURCE=${b.source}</pre>`,
    `<p>${b.openRows} open denials, ${esc(totalDenied(b))} denied (proxy).</p>`,
    `<div class="note"><strong>Directional triage, not a forecast.</strong> Amounts and dates are proxies; see the guardrails below.</div>`,
    `<h2>${focus}</h2>`,
    `<ol>${b.summary
      .slice(0, 2)
      .map(
        (x) =>
          `<li><strong>${esc(x.bucket)}</strong>: priority_score ${x.priorityScore.toFixed(4)}, ${x.rows} denials, ${esc(dollars(x.deniedAmountCents))} denied</li>`,
      )
      .join('')}</ol>`,
    `<p><strong>Decision:</strong> ${esc(b.decision)}</p>`,
    `<h2>${summary}</h2>`,
    `<p><code>priority_score</code> = the bucket's share of Σ denied_amount × (1 − p_denial) × aging_weight; aging weights ${esc(agingWeights)}.</p>`,
    `<figure id="priority-chart">${barChart(
      b.summary.map((x) => ({ label: x.bucket, value: x.priorityScore, note: `${x.rows} denials` })),
      (v) => v.toFixed(3),
      'priority_score by bucket',
    )}</figure>`,
    table(summaryTable(b)),
    `<h2>${aging}</h2>`,
    `<figure id="aging-chart">${barChart(
      b.bands.map((a) => ({
        label: `${a.band} days`,
        value: a.deniedAmountCents,
        note: `${a.rows} denials`,
      })),
      (v) => dollars(v),
      'denied amount by aging band',
      '#d69e2e',
    )}</figure>`,
    table(bandsTable(b)),
    `<p>${esc(nearTerm(b))}</p>`,
    `<h2>${stability}</h2>`,
    `<p>Verdict: <strong class="${s.verdict === 'stable' ? 'ok' : 'bad'}">${esc(s.verdict)}</strong>. Top 2 now: ${esc(s.top2Current.join(', ') || '-')}; prior: ${esc(s.top2Prior.join(', ') || '-')}; overlap ${s.top2Overlap ?? 'n/a'} of 2.</p>`,
    `<p class="meta">${esc(MATERIAL_RULE)}</p>`,
    shifts ? table(shifts) : '',
    `<h2>${queue}</h2>`,
    `<p>${esc(workqueueIntro(b))}</p>`,
    table(workqueueTable(b)),
    `<h2>${guard}</h2>`,
    `<ul>${b.guardrails.map((g) => `<li>${esc(g)}</li>`).join('')}</ul>`,
    `<h2>${falsify}</h2>`,
    `<p>${esc(b.falsification)}</p>`,
  ];
  return htmlPage('Denials recovery brief (v1)', body.join('\n'));
}
