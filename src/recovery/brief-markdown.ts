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

import { markdownTable as table } from '../kpi/tables.js';

export function renderBriefMarkdown(b: Brief): string {
  const s = b.stability;
  const shifts = shiftsTable(b);
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
    `${b.openRows} open denials, ${totalDenied(b)} denied (proxy).`,
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
      agingWeights +
      '.',
    '',
    table(summaryTable(b)),
    '',
    `## ${BRIEF_SECTIONS[3]}`,
    '',
    table(bandsTable(b)),
    '',
    nearTerm(b),
    '',
    `## ${BRIEF_SECTIONS[4]}`,
    '',
    `Verdict: **${s.verdict}**. Top 2 now: ${s.top2Current.join(', ') || '-'}; prior: ${s.top2Prior.join(', ') || '-'}; overlap ${s.top2Overlap ?? 'n/a'} of 2.`,
    '',
    MATERIAL_RULE,
    '',
    ...(shifts ? [table(shifts), ''] : []),
    `## ${BRIEF_SECTIONS[5]}`,
    '',
    workqueueIntro(b),
    '',
    table(workqueueTable(b)),
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
