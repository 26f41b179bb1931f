export {
  createTextClassifier,
  DEFAULT_THRESHOLD,
  RETRYABLE_THRESHOLD,
  type TextClassifierOptions,
} from './classifier.js';
export { normalizeReason } from './normalize.js';
export type { Classification, ClassificationSource, Label, TextClassifier, Verdict } from './types.js';
export { verdictOf } from './types.js';
