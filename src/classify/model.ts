import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isCategory, type Category } from '../codes/categories.js';
import { features } from './features.js';

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

/**
 * The model file: a multinomial naive Bayes over presence features, stored as counts so that it
 * stays small and diffable. Feature i is `features[i]`; `counts[i]` is 'class:count,...|carc:count,...'
 * (zero counts left out). Counts are decoded only for features a text actually has, so loading
 * costs one JSON.parse and one map.
 */
export interface ModelFile {
  readonly format: 'reclaim-denial-nb/2';
  readonly version: string;
  readonly alpha: number;
  /** Softmax temperature fitted by cross-validation so that verdict confidence matches accuracy. */
  readonly temperature: number;
  readonly classes: readonly {
    readonly category: string;
    readonly retryable: boolean;
    readonly examples: number;
  }[];
  readonly carcs: readonly { readonly code: string; readonly classIndex: number }[];
  /** Sum of feature counts per class and per CARC (the naive Bayes denominators). */
  readonly classTotals: readonly number[];
  readonly carcTotals: readonly number[];
  readonly features: readonly string[];
  readonly counts: readonly string[];
  /** Provenance: digest of the training data and the counts it held. */
  readonly training: Readonly<Record<string, string | number>>;
}

/** The model file ships beside the sources; both src/classify and dist/classify sit two levels below the root. */
export const DEFAULT_MODEL_PATH = fileURLToPath(
  new URL('../../src/classify/model/denial-nb.model', import.meta.url),
);

let cached: DenialModel | null | undefined;

/** The shipped model, read once per process; null when it has not been trained yet. */
export function loadDefaultModel(): DenialModel | null {
  if (cached === undefined) cached = existsSync(DEFAULT_MODEL_PATH) ? loadModel(DEFAULT_MODEL_PATH) : null;
  return cached;
}

export function loadModel(path: string): DenialModel {
  const file = JSON.parse(readFileSync(path, 'utf8')) as ModelFile;
  if (file.format !== 'reclaim-denial-nb/2')
    throw new Error(`${path}: unknown model format '${String(file.format)}'`);
  return modelFromFile(file);
}

interface Head {
  readonly logPrior: Float64Array;
  /** Log-probability of a feature the class never saw. */
  readonly unseen: Float64Array;
  readonly total: Float64Array;
}

function head(
  examples: readonly number[],
  featureTotals: readonly number[],
  alpha: number,
  vocab: number,
): Head {
  const all = examples.reduce((a, b) => a + b, 0);
  const n = examples.length;
  const logPrior = new Float64Array(n);
  const unseen = new Float64Array(n);
  const total = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    logPrior[c] = Math.log((examples[c]! + 1) / (all + n));
    total[c] = featureTotals[c]! + alpha * vocab;
    unseen[c] = Math.log(alpha / total[c]!);
  }
  return { logPrior, unseen, total };
}

/** What one feature adds over an unseen feature: sparse, per class and per CARC. */
interface Delta {
  readonly cls: Int32Array;
  readonly clsD: Float64Array;
  readonly carc: Int32Array;
  readonly carcD: Float64Array;
}

function decodeSide(text: string, h: Head, alpha: number): [Int32Array, Float64Array] {
  if (text === '') return [new Int32Array(0), new Float64Array(0)];
  const pairs = text.split(',');
  const idx = new Int32Array(pairs.length);
  const d = new Float64Array(pairs.length);
  for (let i = 0; i < pairs.length; i++) {
    const [k, n] = pairs[i]!.split(':');
    const c = Number(k);
    idx[i] = c;
    d[i] = Math.log((Number(n) + alpha) / h.total[c]!) - h.unseen[c]!;
  }
  return [idx, d];
}

/** The model with its raw class scores exposed, for calibration while training. */
export interface ScoringModel extends DenialModel {
  /** Verdict ('retryable' | 'non_retryable' | 'ambiguous') of each class index. */
  readonly verdictKeys: readonly string[];
  /** Unnormalised log-posterior per class (temperature 1). */
  scoresOfFeatures(features: readonly string[]): Float64Array;
}

/** Builds the predictor; a feature's counts are decoded the first time a text has it. */
export function modelFromFile(file: ModelFile): ScoringModel {
  const classes = file.classes.map((c) => {
    if (!isCategory(c.category)) throw new Error(`model names unknown category '${c.category}'`);
    return { category: c.category, retryable: c.retryable };
  });
  // 'other' is the class of texts that say nothing; it is its own verdict (ambiguous).
  const verdictKey = classes.map((c) =>
    c.category === 'other' ? 'ambiguous' : c.retryable ? 'retryable' : 'non_retryable',
  );
  const vocab = file.features.length;
  const classHead = head(
    file.classes.map((c) => c.examples),
    file.classTotals,
    file.alpha,
    vocab,
  );
  const carcHead = head(
    file.carcs.map(() => 1),
    file.carcTotals,
    file.alpha,
    vocab,
  );
  const index = new Map<string, number>();
  for (let i = 0; i < vocab; i++) index.set(file.features[i]!, i);
  const decoded: (Delta | undefined)[] = new Array(vocab);
  const members: number[][] = classes.map(() => []);
  file.carcs.forEach((c, k) => members[c.classIndex]!.push(k));

  function delta(i: number): Delta {
    let d = decoded[i];
    if (!d) {
      const [clsText, carcText] = file.counts[i]!.split('|') as [string, string];
      const [cls, clsD] = decodeSide(clsText, classHead, file.alpha);
      const [carc, carcD] = decodeSide(carcText, carcHead, file.alpha);
      decoded[i] = d = { cls, clsD, carc, carcD };
    }
    return d;
  }

  function score(names: readonly string[]) {
    const scores = Float64Array.from(classHead.logPrior);
    const carcScores = Float64Array.from(carcHead.logPrior);
    let present = 0;
    for (const name of names) {
      const i = index.get(name);
      if (i === undefined) continue;
      present++;
      const d = delta(i);
      for (let j = 0; j < d.cls.length; j++) scores[d.cls[j]!]! += d.clsD[j]!;
      for (let j = 0; j < d.carc.length; j++) carcScores[d.carc[j]!]! += d.carcD[j]!;
    }
    for (let c = 0; c < scores.length; c++) scores[c]! += present * classHead.unseen[c]!;
    for (let k = 0; k < carcScores.length; k++) carcScores[k]! += present * carcHead.unseen[k]!;
    return { present, scores, carcScores };
  }

  /**
   * The decision is the verdict, so confidence is the probability of the verdict (summed over the
   * classes that share it); the category is the likeliest class within that verdict.
   */
  function verdictOf(probs: Float64Array): { classIndex: number; probability: number } {
    const mass = new Map<string, number>();
    for (let c = 0; c < probs.length; c++)
      mass.set(verdictKey[c]!, (mass.get(verdictKey[c]!) ?? 0) + probs[c]!);
    let bestVerdict = '';
    let bestMass = -1;
    for (const [v, m] of mass) if (m > bestMass) [bestVerdict, bestMass] = [v, m];
    let best = -1;
    for (let c = 0; c < probs.length; c++) {
      if (verdictKey[c] === bestVerdict && (best < 0 || probs[c]! > probs[best]!)) best = c;
    }
    return { classIndex: best, probability: bestMass };
  }

  /** The CARC the text most likely means, among those of the predicted class; null unless a clear favourite. */
  function bestCarc(carcScores: Float64Array, classIndex: number): string | null {
    const ks = members[classIndex]!;
    if (ks.length === 0) return null;
    const probs = softmax(
      Float64Array.from(ks, (k) => carcScores[k]!),
      file.temperature,
    );
    let best = 0;
    for (let i = 1; i < probs.length; i++) if (probs[i]! > probs[best]!) best = i;
    return probs[best]! >= 0.5 ? file.carcs[ks[best]!]!.code : null;
  }

  return {
    version: file.version,
    verdictKeys: verdictKey,
    scoresOfFeatures: (names) => score(names).scores,
    predict(normalized: string): Prediction {
      const { present, scores, carcScores } = score(features(normalized));
      const { classIndex, probability } = verdictOf(softmax(scores, file.temperature));
      return {
        category: classes[classIndex]!.category,
        retryable: classes[classIndex]!.retryable,
        carc: present > 0 ? bestCarc(carcScores, classIndex) : null,
        confidence: probability,
      };
    },
  };
}

export function softmax(scores: Float64Array, temperature: number): Float64Array {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  const out = Float64Array.from(scores, (s) => Math.exp((s - max) / temperature));
  const sum = out.reduce((a, b) => a + b, 0);
  return out.map((v) => v / sum);
}
