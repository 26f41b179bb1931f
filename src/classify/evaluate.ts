import type { DenialModel } from './model.js';
import { normalizeReason } from './normalize.js';
import type { LabelledText, TrueVerdict } from './training-data.js';
import type { Classification, TextClassifier } from './types.js';

const VERDICTS: readonly TrueVerdict[] = ['retryable', 'non_retryable', 'ambiguous'];

export interface CategoryScore {
  /** Texts labelled with the category. */
  readonly support: number;
  /** Texts given a verdict (not ambiguous) and this category. */
  readonly predicted: number;
  readonly precision: number;
  readonly recall: number;
}

export interface EvaluationError {
  readonly text: string;
  readonly expected: TrueVerdict;
  readonly expectedCategory: string;
  readonly got: Classification;
}

export interface Evaluation {
  readonly texts: number;
  /** Predicted verdict equals the labelled one (an 'ambiguous' label is matched by 'ambiguous'). */
  readonly accuracy: number;
  /** Share of texts given a verdict other than 'ambiguous'. */
  readonly coverage: number;
  /**
   * Of the texts labelled retryable or non-retryable, the share given a verdict: coverage of what
   * can be decided. Texts labelled ambiguous ought to be abstained on, so they are left out.
   */
  readonly decidableCoverage: number;
  /** Of the texts called retryable, the share that are. */
  readonly retryablePrecision: number;
  /** Of the retryable texts, the share called retryable. */
  readonly retryableRecall: number;
  /** Of the texts given a verdict and labelled with a real category, the share with the right category. */
  readonly categoryAccuracy: number;
  /** Of the texts with a labelled CARC that were given one, the share with the right one. */
  readonly carcAccuracy: number;
  /** confusion[labelled][predicted], verdicts. */
  readonly confusion: Readonly<Record<TrueVerdict, Readonly<Record<TrueVerdict, number>>>>;
  /** categoryConfusion[labelled][predicted], over texts given a verdict; 'ambiguous' counts abstentions. */
  readonly categoryConfusion: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly byCategory: Readonly<Record<string, CategoryScore>>;
  readonly bySource: Readonly<Record<string, number>>;
  /** Every text called retryable that is not: the errors that cost money. */
  readonly falseRetryable: readonly EvaluationError[];
  /** Every text whose verdict was wrong, for review. */
  readonly errors: readonly EvaluationError[];
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

function predicted(c: Classification): TrueVerdict {
  return c.verdict === 'missing' ? 'ambiguous' : c.verdict;
}

export function evaluate(classifier: TextClassifier, set: readonly LabelledText[]): Evaluation {
  const confusion = Object.fromEntries(
    VERDICTS.map((t) => [t, Object.fromEntries(VERDICTS.map((p) => [p, 0]))]),
  ) as Record<TrueVerdict, Record<TrueVerdict, number>>;
  const categoryConfusion: Record<string, Record<string, number>> = {};
  const support: Record<string, number> = {};
  const predictedAs: Record<string, number> = {};
  const hits: Record<string, number> = {};
  const bySource: Record<string, number> = {};
  const errors: EvaluationError[] = [];
  let categorised = 0;
  let categoryRight = 0;
  let carcs = 0;
  let carcRight = 0;
  for (const e of set) {
    const got = classifier.classify(e.text);
    const p = predicted(got);
    confusion[e.verdict][p]++;
    bySource[got.source] = (bySource[got.source] ?? 0) + 1;
    if (p !== e.verdict)
      errors.push({ text: e.text, expected: e.verdict, expectedCategory: e.category, got });
    support[e.category] = (support[e.category] ?? 0) + 1;
    const gotCategory = p === 'ambiguous' ? 'ambiguous' : (got.category ?? 'none');
    const row = (categoryConfusion[e.category] ??= {});
    row[gotCategory] = (row[gotCategory] ?? 0) + 1;
    if (p !== 'ambiguous') {
      predictedAs[gotCategory] = (predictedAs[gotCategory] ?? 0) + 1;
      if (gotCategory === e.category) hits[e.category] = (hits[e.category] ?? 0) + 1;
    }
    if (p !== 'ambiguous' && e.category !== 'other') {
      categorised++;
      if (got.category === e.category) categoryRight++;
    }
    if (e.carc !== null && got.carc !== null && p !== 'ambiguous') {
      carcs++;
      if (got.carc === e.carc) carcRight++;
    }
  }
  const n = set.length;
  const diagonal = VERDICTS.reduce((s, v) => s + confusion[v][v], 0);
  const calledRetryable = VERDICTS.reduce((s, v) => s + confusion[v].retryable, 0);
  const trulyRetryable = VERDICTS.reduce((s, v) => s + confusion.retryable[v], 0);
  const calledAmbiguous = VERDICTS.reduce((s, v) => s + confusion[v].ambiguous, 0);
  const byCategory = Object.fromEntries(
    [...new Set([...Object.keys(support), ...Object.keys(predictedAs)])].sort().map((c) => [
      c,
      {
        support: support[c] ?? 0,
        predicted: predictedAs[c] ?? 0,
        precision: ratio(hits[c] ?? 0, predictedAs[c] ?? 0),
        recall: ratio(hits[c] ?? 0, support[c] ?? 0),
      },
    ]),
  );
  return {
    texts: n,
    accuracy: ratio(diagonal, n),
    coverage: ratio(n - calledAmbiguous, n),
    decidableCoverage: ratio(
      n -
        confusion.ambiguous.retryable -
        confusion.ambiguous.non_retryable -
        confusion.ambiguous.ambiguous -
        confusion.retryable.ambiguous -
        confusion.non_retryable.ambiguous,
      n - confusion.ambiguous.retryable - confusion.ambiguous.non_retryable - confusion.ambiguous.ambiguous,
    ),
    retryablePrecision: ratio(confusion.retryable.retryable, calledRetryable),
    retryableRecall: ratio(confusion.retryable.retryable, trulyRetryable),
    categoryAccuracy: ratio(categoryRight, categorised),
    carcAccuracy: ratio(carcRight, carcs),
    confusion,
    categoryConfusion,
    byCategory,
    bySource,
    falseRetryable: errors.filter((e) => e.got.verdict === 'retryable'),
    errors,
  };
}

export interface ThresholdPoint {
  readonly threshold: number;
  readonly accuracy: number;
  readonly retryablePrecision: number;
  readonly coverage: number;
  readonly decidableCoverage: number;
  readonly retryableRecall: number;
  readonly falseRetryable: number;
}

/** Thresholds the report shows, so that an operator can choose one. */
export const REPORT_THRESHOLDS = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99] as const;

/** Precision and coverage of the same set at several thresholds; `make` builds a fresh classifier per threshold. */
export function sweep(
  set: readonly LabelledText[],
  make: (threshold: number) => TextClassifier,
  thresholds: readonly number[] = REPORT_THRESHOLDS,
): ThresholdPoint[] {
  return thresholds.map((threshold) => {
    const e = evaluate(make(threshold), set);
    return {
      threshold,
      accuracy: e.accuracy,
      retryablePrecision: e.retryablePrecision,
      coverage: e.coverage,
      decidableCoverage: e.decidableCoverage,
      retryableRecall: e.retryableRecall,
      falseRetryable: e.falseRetryable.length,
    };
  });
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** A plain-text report: the headline numbers, the verdict and category confusion, per-category scores. */
export function formatEvaluation(name: string, e: Evaluation): string {
  const short: Record<TrueVerdict, string> = {
    retryable: 'retryable',
    non_retryable: 'non-retry',
    ambiguous: 'ambiguous',
  };
  const categories = Object.keys(e.byCategory);
  const lines = [
    `${name}: ${e.texts} texts`,
    `  accuracy ${pct(e.accuracy)}   coverage ${pct(e.decidableCoverage)} of decidable texts (${pct(e.coverage)} of all)   retryable precision ${pct(e.retryablePrecision)}   recall ${pct(e.retryableRecall)}   category accuracy ${pct(e.categoryAccuracy)}   CARC accuracy ${pct(e.carcAccuracy)}`,
    `  decided by: ${Object.entries(e.bySource)
      .map(([s, n]) => `${s} ${n}`)
      .join(', ')}`,
    `  verdicts, labelled \\ predicted  ${VERDICTS.map((v) => short[v].padStart(10)).join('')}`,
    ...VERDICTS.map(
      (t) =>
        `  ${short[t].padEnd(31)} ${VERDICTS.map((p) => String(e.confusion[t][p]).padStart(10)).join('')}`,
    ),
    `  per category                  support  predicted  precision  recall`,
    ...categories.map((c) => {
      const s = e.byCategory[c]!;
      return `  ${c.padEnd(28)} ${String(s.support).padStart(8)} ${String(s.predicted).padStart(10)} ${pct(s.precision).padStart(10)} ${pct(s.recall).padStart(7)}`;
    }),
    `  category confusion (labelled → predicted: count; 'ambiguous' = abstained)`,
    ...Object.entries(e.categoryConfusion).flatMap(([labelled, row]) =>
      Object.entries(row)
        .filter(([got]) => got !== labelled)
        .sort((a, b) => b[1] - a[1])
        .map(([got, n]) => `    ${labelled} → ${got}: ${n}`),
    ),
    `  false "retryable": ${e.falseRetryable.length}`,
    ...e.falseRetryable.map(
      (f) =>
        `    labelled ${f.expected} (${f.expectedCategory}), called ${f.got.category ?? '-'} ${f.got.source} ${f.got.confidence.toFixed(2)}\t${f.text}`,
    ),
  ];
  return lines.join('\n');
}

/**
 * The threshold a set calibrates: among those where retryable precision reaches `precision`, the
 * most accurate (answering texts a person must read is an error too), and of equals the lowest.
 * The highest swept when none reaches the precision.
 */
export function calibrate(points: readonly ThresholdPoint[], precision: number): number {
  const sorted = [...points].sort((a, b) => a.threshold - b.threshold);
  const good = sorted.filter((p) => p.retryablePrecision >= precision);
  if (good.length === 0) return sorted.at(-1)!.threshold;
  return good.reduce((best, p) => (p.accuracy > best.accuracy ? p : best)).threshold;
}

/** The threshold table. */
export function formatSweep(name: string, points: readonly ThresholdPoint[]): string {
  return [
    `  ${name} by the model's retryable threshold: threshold  precision  coverage (decidable / all)  recall  false retryable`,
    ...points.map(
      (p) =>
        `  ${''.padEnd(name.length + 36)}${p.threshold.toFixed(2).padStart(9)} ${pct(p.retryablePrecision).padStart(10)} ${pct(p.decidableCoverage).padStart(10)} / ${pct(p.coverage).padStart(6)} ${pct(p.retryableRecall).padStart(14)} ${String(p.falseRetryable).padStart(16)}`,
    ),
    `  calibrated (most accurate threshold with retryable precision ≥ 99%): ${calibrate(points, 0.99).toFixed(2)}`,
  ].join('\n');
}

/** How the model alone does on "retryable" at one confidence threshold. */
export interface ModelPoint {
  readonly threshold: number;
  /** Texts the model calls retryable at or above the threshold. */
  readonly answered: number;
  readonly precision: number;
}

/** Thresholds at which the model's own "retryable" answers are measured. */
export const MODEL_THRESHOLDS = [0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.99] as const;

/**
 * The model alone, on every text of a set (no rules): precision of its "retryable" answers by
 * confidence. This is what the retryable threshold is calibrated on, with sets held out from
 * training (never the untouched split).
 */
export function modelCalibration(
  model: DenialModel,
  set: readonly LabelledText[],
  thresholds: readonly number[] = MODEL_THRESHOLDS,
): ModelPoint[] {
  const predictions = set.map((e) => ({ e, p: model.predict(normalizeReason(e.text) ?? '') }));
  return thresholds.map((threshold) => {
    const called = predictions.filter(
      ({ p }) => p.retryable && p.category !== 'other' && p.confidence >= threshold,
    );
    const right = called.filter(({ e }) => e.verdict === 'retryable').length;
    return { threshold, answered: called.length, precision: ratio(right, called.length) };
  });
}

/** The lowest threshold whose "retryable" answers reach `precision`; the highest measured when none does. */
export function calibrateRetryable(points: readonly ModelPoint[], precision: number): number {
  const sorted = [...points].sort((a, b) => a.threshold - b.threshold);
  return (sorted.find((p) => p.answered > 0 && p.precision >= precision) ?? sorted.at(-1)!).threshold;
}

export function formatModelCalibration(name: string, points: readonly ModelPoint[]): string {
  return [
    `  ${name}, the model alone on every text: threshold  retryable answers  precision`,
    ...points.map(
      (p) =>
        `  ${''.padEnd(name.length + 24)}${p.threshold.toFixed(2).padStart(9)} ${String(p.answered).padStart(18)} ${pct(p.precision).padStart(10)}`,
    ),
    `  calibrated retryable threshold (lowest with precision ≥ 99%): ${calibrateRetryable(points, 0.99).toFixed(2)}`,
  ].join('\n');
}
