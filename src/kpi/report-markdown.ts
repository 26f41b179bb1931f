import type { KpiReport } from './report.js';
import { diff6, rate6, share4 } from './report.js';

const table = (header: readonly string[], rows: readonly (readonly (string | number)[])[]): string =>
  [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

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
    table(
      ['file', 'layout', 'load', 'records read', 'lines loaded', 'quarantined', 'reused'],
      report.inputs.map((i) => [
        i.file,
        i.layout,
        i.loadId ?? '-',
        i.recordsRead,
        i.linesLoaded,
        i.recordsQuarantined,
        i.reused ? 'yes' : 'no',
      ]),
    ),
    '',
    '## Weekly denial rate (complete weeks)',
    '',
    table(
      [
        'week_start',
        'lines',
        'comparable',
        'denials',
        'msp_cob',
        'admin',
        'benefits_exhausted',
        'unknown',
        'denial_rate',
      ],
      report.weeks.map((w) => [
        w.weekStart,
        w.lines,
        w.comparableLines,
        w.denialLines,
        w.mspCobLines,
        w.adminLines,
        w.benefitsExhaustedLines,
        w.unknownPrcsgLines,
        rate6(w.denialRate),
      ]),
    ),
    '',
    '## Leakage proof (overlap counts)',
    '',
    table(
      ['check', 'count'],
      report.leakage.map((l) => [l.check, l.count]),
    ),
    '',
    report.leakage.every((l) => l.count === 0)
      ? 'Every overlap is 0: no excluded line reaches the numerator or the denominator.'
      : '**LEAKAGE DETECTED: an excluded line reached the KPI. The numbers above must not be used.**',
    '',
    '## Unknown PRCSG share by week',
    '',
    table(
      ['week_start', 'unknown_prcsg_share'],
      report.weeks.map((w) => [w.weekStart, share4(w.unknownPrcsgShare)]),
    ),
    '',
    ...matchSection(report),
  ];
  return out.join('\n') + '\n';
}

function matchSection(report: KpiReport): string[] {
  const m = report.reference;
  if (!m) return ['## Reference match check', '', 'No reference table given (`--reference FILE`).'];
  const last = m.rows.slice(-10);
  return [
    `## Reference match check (last ${last.length} weeks of ${m.rows.length})`,
    '',
    `Reference: ${m.file}`,
    '',
    table(
      ['week_start', 'denial_rate_calc', 'denial_rate_reference', 'diff'],
      last.map((r) => [
        r.weekStart,
        rate6(r.calc),
        rate6(r.reference),
        r.diff === null ? 'missing' : diff6(r.diff),
      ]),
    ),
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
