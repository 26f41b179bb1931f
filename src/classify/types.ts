/**
 * The classification vocabulary shared by the batch run, the 835 ingest and the correction engine.
 * A label keeps the seed's six values so that exports stay comparable with the original design;
 * `verdict` is the coarse decision every caller actually branches on.
 */
export type Label =
  | 'known_retryable'
  | 'known_non_retryable'
  | 'heuristic_retryable'
  | 'heuristic_non_retryable'
  | 'ambiguous'
  | 'missing';

/** What settled a result: a structured code, a rule, the trained model, or nothing (fallback). */
export type ClassificationSource = 'code' | 'rule' | 'model' | 'fallback';

export type Verdict = 'retryable' | 'non_retryable' | 'ambiguous' | 'missing';

export interface Classification {
  readonly label: Label;
  readonly verdict: Verdict;
  /** A denial category id from `CATEGORIES` (e.g. 'coding_modifier'), or null when unknown. */
  readonly category: string | null;
  /** 'GROUP-CARC' (e.g. 'CO-4') when one code explains the denial. */
  readonly carc: string | null;
  /** 0..1: how sure the deciding step was. */
  readonly confidence: number;
  readonly source: ClassificationSource;
  /** Version of the rules, decision table or model that produced the result. */
  readonly version: string;
}

export interface TextClassifier {
  /** Identifies rules + model together, for audit rows. */
  readonly version: string;
  classify(text: string | null): Classification;
}

/** The verdict a label implies. */
export function verdictOf(label: Label): Verdict {
  switch (label) {
    case 'known_retryable':
    case 'heuristic_retryable':
      return 'retryable';
    case 'known_non_retryable':
    case 'heuristic_non_retryable':
      return 'non_retryable';
    case 'ambiguous':
      return 'ambiguous';
    case 'missing':
      return 'missing';
  }
}
