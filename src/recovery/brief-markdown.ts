import { dollars, type Brief } from './brief.js';
import { AGING_WEIGHTS } from './prioritise.js';
import { MATERIAL_SHARE_SHIFT } from './stability.js';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const signedPts = (v: number) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)} pts`;
const table = (header: readonly string[], rows: readonly (readonly (string | number)[])[]) =>
  [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
/** A pipe inside a cell would end it. */
const cell = (v: string | number) => String(v).replace(/\|/g, '\\|');

/** Section headings shared by the Markdown and HTML briefs, in order. */
export const BRIEF_SECTIONS = [
  'Run',
  'Focus this week',
  'Summary by bucket',
  'Aging bands',
  'Stability versus the prior week',
  'Workqueue',
  'Guardrails (what not to claim)',
  'Falsification test for next cycle',
] as const;

export function renderBriefMarkdown(b: Brief): string {
  const s = b.stability;
  const lines = [
    '# Denials recovery brief (v1)',
    '',
    `## ${BRIEF_SECTIONS[0]}`,
    '',
    '```',
    `ANCHOR_MODE=${b.anchorMode}`,
    `CURRENT_DATASET_WEEK_KEY=${b.currentWeekKey}`,
    `PRIOR_DATASET_WEEK_KEY=${b.priorWeekKey ?? 'none'}`,
    `WORKQUEUE_SIZE=${b.workqueueSize}`,
    `SOURCE=${b.source}`,
    '```',
    '',
    `${b.openRows} open denials, ${dollars(b.summary.reduce((t, x) => t + x.deniedAmountCents, 0))} denied (proxy).`,
    '',
    `## ${BRIEF_SECTIONS[1]}`,
    '',
    ...b.summary
      .slice(0, 2)
      .map(
        (x) =>
          `${x.rank}. **${x.bucket}**: priority_score ${x.priorityScore.toFixed(4)}, ${x.rows} denials, ${dollars(x.deniedAmountCents)} denied`,
      ),
    '',
    `Decision: ${b.decision}`,
    '',
    `## ${BRIEF_SECTIONS[2]}`,
    '',
    "`priority_score` = the bucket's share of Σ denied_amount × (1 − p_denial) × aging_weight, with aging weights " +
      Object.entries(AGING_WEIGHTS)
        .map(([band, w]) => `${band}: ${w}`)
        .join(', ') +
      '.',
    '',
    table(
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
    '',
    `## ${BRIEF_SECTIONS[3]}`,
    '',
    table(
      ['band (days)', 'weight', 'rows', 'denied', 'share of denied'],
      b.bands.map((a) => [a.band, a.weight, a.rows, dollars(a.deniedAmountCents), pct(a.shareOfDenied)]),
    ),
    '',
    `Near-term (≤60 days): ${pct((b.bands[0]?.shareOfDenied ?? 0) + (b.bands[1]?.shareOfDenied ?? 0))} of denied; decaying (>90 days): ${pct(b.bands[3]?.shareOfDenied ?? 0)}.`,
    '',
    `## ${BRIEF_SECTIONS[4]}`,
    '',
    `Verdict: **${s.verdict}**. Top 2 now: ${s.top2Current.join(', ') || '-'}; prior: ${s.top2Prior.join(', ') || '-'}; overlap ${s.top2Overlap ?? 'n/a'} of 2.`,
    '',
    `Rule: a shift is material when the top-2 buckets are not the same two as the prior week, or when a bucket in either week's top 2 moves its priority share by ${MATERIAL_SHARE_SHIFT * 100} points or more. A swap of ranks 1 and 2 alone is not material.`,
    '',
    ...(s.shifts.length > 0
      ? [
          table(
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
          ),
          '',
        ]
      : []),
    `## ${BRIEF_SECTIONS[5]}`,
    '',
    `Top ${b.workqueue.length} by weighted recoverable amount. Route each to its owner group; the evidence must be in hand before the first touch.`,
    '',
    table(
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
    '',
    `## ${BRIEF_SECTIONS[6]}`,
    '',
    ...b.guardrails.map((g) => `- ${g}`),
    '',
    `## ${BRIEF_SECTIONS[7]}`,
    '',
    b.falsification,
  ];
  return lines.join('\n') + '\n';
}
