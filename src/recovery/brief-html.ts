import { htmlPage, htmlTable } from '../kpi/html-page.js';
import { barChart, esc } from '../kpi/svg-chart.js';
import { dollars, type Brief } from './brief.js';
import { BRIEF_SECTIONS } from './brief-markdown.js';
import { AGING_WEIGHTS } from './prioritise.js';
import { MATERIAL_SHARE_SHIFT } from './stability.js';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const signedPts = (v: number) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)} pts`;

/** The brief as one offline HTML page: the same sections as the Markdown, plus two inline charts. */
export function renderBriefHtml(b: Brief): string {
  const s = b.stability;
  const [run, focus, summary, aging, stability, queue, guard, falsify] = BRIEF_SECTIONS;
  const body = [
    '<h1>Denials recovery brief (v1)</h1>',
    `<h2>${run}</h2>`,
    `<pre>ANCHOR_MODE=${esc(b.anchorMode)}\nCURRENT_DATASET_WEEK_KEY=${esc(b.currentWeekKey)}\nPRIOR_DATASET_WEEK_KEY=${esc(b.priorWeekKey ?? 'none')}\nWORKQUEUE_SIZE=${b.workqueueSize}\nSOURCE=${b.source}</pre>`,
    `<p>${b.openRows} open denials, ${esc(dollars(b.summary.reduce((t, x) => t + x.deniedAmountCents, 0)))} denied (proxy).</p>`,
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
    `<p><code>priority_score</code> = the bucket's share of Σ denied_amount × (1 − p_denial) × aging_weight; aging weights ${esc(
      Object.entries(AGING_WEIGHTS)
        .map(([band, w]) => `${band}: ${w}`)
        .join(', '),
    )}.</p>`,
    `<figure id="priority-chart">${barChart(
      b.summary.map((x) => ({ label: x.bucket, value: x.priorityScore, note: `${x.rows} denials` })),
      (v) => v.toFixed(3),
      'priority_score by bucket',
    )}</figure>`,
    htmlTable(
      ['rank', 'bucket', 'rows', 'denied', 'mean p_denial', 'weighted recoverable', 'priority_score'],
      b.summary.map((x) => [
        x.rank,
        x.bucket,
        x.rows,
        dollars(x.deniedAmountCents),
        x.meanPDenial.toFixed(3),
        dollars(x.weightedRecoverableCents),
        x.priorityScore.toFixed(4),
      ]),
    ),
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
    htmlTable(
      ['band (days)', 'weight', 'rows', 'denied', 'share of denied'],
      b.bands.map((a) => [a.band, a.weight, a.rows, dollars(a.deniedAmountCents), pct(a.shareOfDenied)]),
    ),
    `<h2>${stability}</h2>`,
    `<p>Verdict: <strong class="${s.verdict === 'stable' ? 'ok' : 'bad'}">${esc(s.verdict)}</strong>. Top 2 now: ${esc(s.top2Current.join(', ') || '-')}; prior: ${esc(s.top2Prior.join(', ') || '-')}; overlap ${s.top2Overlap ?? 'n/a'} of 2.</p>`,
    `<p class="meta">Rule: a shift is material when the top-2 buckets are not the same two as the prior week, or when a bucket in either week's top 2 moves its priority share by ${MATERIAL_SHARE_SHIFT * 100} points or more. A swap of ranks 1 and 2 alone is not material.</p>`,
    s.shifts.length > 0
      ? htmlTable(
          [
            'bucket',
            'rank prior',
            'rank now',
            'rank shift',
            'share prior',
            'share now',
            'share shift',
            'material',
          ],
          s.shifts.map((x) => [
            x.bucket,
            x.rankPrior ?? '-',
            x.rankCurrent ?? '-',
            x.rankShift ?? '-',
            pct(x.sharePrior),
            pct(x.shareCurrent),
            signedPts(x.shareShift),
            x.material ? 'yes' : 'no',
          ]),
        )
      : '',
    `<h2>${queue}</h2>`,
    `<p>Top ${b.workqueue.length} by weighted recoverable amount. Route each to its owner group; the evidence must be in hand before the first touch.</p>`,
    htmlTable(
      [
        'rank',
        'claim',
        'bucket',
        'PRCSG',
        'aging',
        'denied',
        'p_denial',
        'owner group',
        'evidence required',
        'next best action',
      ],
      b.workqueue.map((w) => [
        w.rank,
        w.clmId,
        w.topDenialGroup,
        w.topDenialPrcsg,
        `${w.agingDays}d`,
        dollars(w.deniedAmountCents),
        w.pDenial.toFixed(2),
        w.ownerGroup,
        w.evidenceRequired,
        w.nextBestAction,
      ]),
    ),
    `<h2>${guard}</h2>`,
    `<ul>${b.guardrails.map((g) => `<li>${esc(g)}</li>`).join('')}</ul>`,
    `<h2>${falsify}</h2>`,
    `<p>${esc(b.falsification)}</p>`,
  ];
  return htmlPage('Denials recovery brief (v1)', body.join('\n'));
}
