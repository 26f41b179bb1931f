import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Category } from '../codes/categories.js';

/** What the trained model says about one normalised text. */
export interface Prediction {
  readonly category: Category;
  readonly retryable: boolean;
  readonly carc: string | null;
  /** Calibrated probability of the predicted class. */
  readonly confidence: number;
}

export interface DenialModel {
  readonly version: string;
  predict(normalized: string): Prediction;
}

/** The model file ships beside the sources; both src/classify and dist/classify sit two levels below the root. */
export const DEFAULT_MODEL_PATH = fileURLToPath(
  new URL('../../src/classify/model/denial-model.json', import.meta.url),
);

let cached: DenialModel | null | undefined;

/** The shipped model, read once per process; null when it has not been trained yet. */
export function loadDefaultModel(): DenialModel | null {
  if (cached === undefined) cached = existsSync(DEFAULT_MODEL_PATH) ? loadModel(DEFAULT_MODEL_PATH) : null;
  return cached;
}

export function loadModel(path: string): DenialModel {
  void readFileSync(path, 'utf8');
  throw new Error(`model format not readable yet: ${path}`);
}
