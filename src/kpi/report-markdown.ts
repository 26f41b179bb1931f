import type { KpiReport } from './report.js';
import { rate6, share4 } from './report.js';
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
import { markdownTable as table } from './tables.js';

/** The report as Markdown, section for section as the locked-definition document lays it out. */
export function renderMarkdown(report: KpiReport): string {
  const d = report.definition;
  const s = report.summary;
  const out: string[] = [
    `# ${report.title}`,
    '',
    `Status: **${report.status}** · definition ${d.version} · source ${report.source} · as of ${report.asOf} · maturity cutoff ${report.maturityCutoff}`,
    '',
    '## Definition (line-based)',
    '',
    `**Formula**: \`${d.formula}\``,
    '',
    `**Numerator**: \`is_denial_rate = line_prcsg_ind_cd IN (${d.numeratorCodes.map((c) => `'${c}'`).join(',')})\``,
    '',
    `**Denominator**: \`is_comparable = line_prcsg_ind_cd IN (${d.denominatorCodes.map((c) => `'${c}'`).join(',')})\``,
    '',
    '## Exclusions (explicit)',
    '',
    ...d.exclusions.map((e) => `- ${e}`),
    '',
    '## Maturity and complete weeks',
    '',
    `- A line is mature when its service date is on or before as-of - ${d.maturityDays} days (${report.maturityCutoff}).`,
    '- Weeks run Monday to Sunday by service date; a week counts only when all seven days are mature.',
    `- Lines read: ${s.totalLines}; in ${s.completeWeeks} complete weeks: ${s.linesInCompleteWeeks}; in ${s.excludedIncompleteWeeks} incomplete or immature weeks: ${s.excludedIncompleteWeekLines}; without a service date: ${s.noServiceDateLines}.`,
    `- Over all complete weeks: ${s.denialLines} denial lines / ${s.comparableLines} comparable lines = ${rate6(s.denialRate)}.`,
    ...latestWeek(report).map((text) => `- ${text}`),
    '',
    '## Inputs',
    '',
    table(inputsTable(report)),
    '',
    '## Weekly denial rate (complete weeks)',
    '',
    table(weeklyTable(report)),
    '',
    '## Leakage proof (overlap counts)',
    '',
    table(leakageTable(report)),
    '',
    leakageOk(report) ? LEAKAGE_NONE : `**${LEAKAGE_FOUND}**`,
    '',
    '## Unknown PRCSG share by week',
    '',
    table(unknownShareTable(report)),
    '',
    ...matchSection(report),
  ];
  return out.join('\n') + '\n';
}

function matchSection(report: KpiReport): string[] {
  const m = report.reference;
  if (!m) return ['## Reference match check', '', 'No reference table given (`--reference FILE`).'];
  const shown = Math.min(m.rows.length, 10);
  return [
    `## Reference match check (last ${shown} weeks of ${m.rows.length})`,
    '',
    `Reference: ${m.file}`,
    '',
    table(referenceTable(m)),
    '',
    `Max abs diff: ${m.maxAbsDiff.toFixed(6)} (tolerance ${m.tolerance}) — ${m.passed ? 'match' : '**MISMATCH**'}`,
    ...(m.weeksMissingFromResult.length > 0
      ? ['', `Reference weeks without a computed rate: ${m.weeksMissingFromResult.join(', ')}`]
      : []),
  ];
}

/** The headline a manager reads first: the latest complete week. */
export function latestWeek(report: KpiReport): string[] {
  const w = report.weeks.at(-1);
  return w
    ? [
        `Latest complete week ${w.weekStart}: ${rate6(w.denialRate)} (${w.denialLines} / ${w.comparableLines}), unknown share ${share4(w.unknownPrcsgShare)}.`,
      ]
    : [];
}
