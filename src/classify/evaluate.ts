import type { LabelledText, TrueVerdict } from './training-data.js';
import type { Classification, TextClassifier } from './types.js';

const VERDICTS: readonly TrueVerdict[] = ['retryable', 'non_retryable', 'ambiguous'];

export interface Evaluation {
  readonly texts: number;
  /** Predicted verdict equals the labelled one (an 'ambiguous' label is matched by 'ambiguous'). */
  readonly accuracy: number;
  /** Share of texts given a verdict other than 'ambiguous'. */
  readonly coverage: number;
  /** Of the texts called retryable, the share that are. */
  readonly retryablePrecision: number;
  /** Of the retryable texts, the share called retryable. */
  readonly retryableRecall: number;
  /** Of the texts given a verdict and labelled with a real category, the share with the right category. */
  readonly categoryAccuracy: number;
  /** confusion[labelled][predicted] */
  readonly confusion: Readonly<Record<TrueVerdict, Readonly<Record<TrueVerdict, number>>>>;
  readonly bySource: Readonly<Record<string, number>>;
  /** Every text whose verdict was wrong, for review. */
  readonly errors: readonly {
    readonly text: string;
    readonly expected: TrueVerdict;
    readonly got: Classification;
  }[];
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

function predicted(c: Classification): TrueVerdict {
  return c.verdict === 'missing' ? 'ambiguous' : c.verdict;
}

export function evaluate(classifier: TextClassifier, set: readonly LabelledText[]): Evaluation {
  const confusion = Object.fromEntries(
    VERDICTS.map((t) => [t, Object.fromEntries(VERDICTS.map((p) => [p, 0]))]),
  ) as Record<TrueVerdict, Record<TrueVerdict, number>>;
  const bySource: Record<string, number> = {};
  const errors: { text: string; expected: TrueVerdict; got: Classification }[] = [];
  let categorised = 0;
  let categoryRight = 0;
  for (const e of set) {
    const got = classifier.classify(e.text);
    const p = predicted(got);
    confusion[e.verdict][p]++;
    bySource[got.source] = (bySource[got.source] ?? 0) + 1;
    if (p !== e.verdict) errors.push({ text: e.text, expected: e.verdict, got });
    if (p !== 'ambiguous' && e.category !== 'other') {
      categorised++;
      if (got.category === e.category) categoryRight++;
    }
  }
  const n = set.length;
  const diagonal = VERDICTS.reduce((s, v) => s + confusion[v][v], 0);
  const calledRetryable = VERDICTS.reduce((s, v) => s + confusion[v].retryable, 0);
  const trulyRetryable = VERDICTS.reduce((s, v) => s + confusion.retryable[v], 0);
  const calledAmbiguous = VERDICTS.reduce((s, v) => s + confusion[v].ambiguous, 0);
  return {
    texts: n,
    accuracy: ratio(diagonal, n),
    coverage: ratio(n - calledAmbiguous, n),
    retryablePrecision: ratio(confusion.retryable.retryable, calledRetryable),
    retryableRecall: ratio(confusion.retryable.retryable, trulyRetryable),
    categoryAccuracy: ratio(categoryRight, categorised),
    confusion,
    bySource,
    errors,
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** A plain-text report: the headline numbers, then the confusion matrix. */
export function formatEvaluation(name: string, e: Evaluation): string {
  const short: Record<TrueVerdict, string> = {
    retryable: 'retryable',
    non_retryable: 'non-retry',
    ambiguous: 'ambiguous',
  };
  const lines = [
    `${name}: ${e.texts} texts`,
    `  accuracy ${pct(e.accuracy)}   coverage ${pct(e.coverage)}   retryable precision ${pct(e.retryablePrecision)}   recall ${pct(e.retryableRecall)}   category accuracy ${pct(e.categoryAccuracy)}`,
    `  decided by: ${Object.entries(e.bySource)
      .map(([s, n]) => `${s} ${n}`)
      .join(', ')}`,
    `  labelled \\ predicted  ${VERDICTS.map((v) => short[v].padStart(10)).join('')}`,
    ...VERDICTS.map(
      (t) =>
        `  ${short[t].padEnd(20)} ${VERDICTS.map((p) => String(e.confusion[t][p]).padStart(10)).join('')}`,
    ),
  ];
  return lines.join('\n');
}
