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
 * stays small and diffable. `features` maps a feature to flat [classIndex, count, ...] pairs and
 * [carcIndex, count, ...] pairs; every other pair is zero.
 */
export interface ModelFile {
  readonly format: 'reclaim-denial-nb/1';
  readonly version: string;
  readonly alpha: number;
  /** Softmax temperature fitted by cross-validation so that confidence matches accuracy. */
  readonly temperature: number;
  readonly classes: readonly {
    readonly category: string;
    readonly retryable: boolean;
    readonly examples: number;
  }[];
  readonly carcs: readonly { readonly code: string; readonly classIndex: number }[];
  readonly features: Readonly<Record<string, readonly [readonly number[], readonly number[]]>>;
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
  if (file.format !== 'reclaim-denial-nb/1')
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

/** The model with its raw class scores exposed, for calibration while training. */
export interface ScoringModel extends DenialModel {
  /** Verdict ('retryable' | 'non_retryable' | 'ambiguous') of each class index. */
  readonly verdictKeys: readonly string[];
  /** Unnormalised log-posterior per class (temperature 1). */
  scores(normalized: string): Float64Array;
  scoresOfFeatures(features: readonly string[]): Float64Array;
}

/** Builds the predictor; the per-feature log-probability deltas are computed once, here. */
export function modelFromFile(file: ModelFile): ScoringModel {
  const classes = file.classes.map((c) => {
    if (!isCategory(c.category)) throw new Error(`model names unknown category '${c.category}'`);
    return { category: c.category, retryable: c.retryable };
  });
  // 'other' is the class of texts that say nothing; it is its own verdict (ambiguous).
  const verdictKey = classes.map((c) =>
    c.category === 'other' ? 'ambiguous' : c.retryable ? 'retryable' : 'non_retryable',
  );
  const names = Object.keys(file.features);
  const vocab = names.length;
  const classTotals = new Array<number>(classes.length).fill(0);
  const carcTotals = new Array<number>(file.carcs.length).fill(0);
  for (const name of names) {
    const [cls, carc] = file.features[name]!;
    for (let i = 0; i < cls.length; i += 2) classTotals[cls[i]!]! += cls[i + 1]!;
    for (let i = 0; i < carc.length; i += 2) carcTotals[carc[i]!]! += carc[i + 1]!;
  }
  const classHead = head(
    file.classes.map((c) => c.examples),
    classTotals,
    file.alpha,
    vocab,
  );
  const carcExamples = new Array<number>(file.carcs.length).fill(1);
  const carcHead = head(carcExamples, carcTotals, file.alpha, vocab);
  // For each feature, the sparse difference it makes over an unseen feature, per class and per CARC.
  const deltas = new Map<
    string,
    { cls: Int32Array; clsD: Float64Array; carc: Int32Array; carcD: Float64Array }
  >();
  for (const name of names) {
    const [cls, carc] = file.features[name]!;
    const ci = new Int32Array(cls.length / 2);
    const cd = new Float64Array(cls.length / 2);
    for (let i = 0; i < cls.length; i += 2) {
      const c = cls[i]!;
      ci[i / 2] = c;
      cd[i / 2] = Math.log((cls[i + 1]! + file.alpha) / classHead.total[c]!) - classHead.unseen[c]!;
    }
    const ki = new Int32Array(carc.length / 2);
    const kd = new Float64Array(carc.length / 2);
    for (let i = 0; i < carc.length; i += 2) {
      const k = carc[i]!;
      ki[i / 2] = k;
      kd[i / 2] = Math.log((carc[i + 1]! + file.alpha) / carcHead.total[k]!) - carcHead.unseen[k]!;
    }
    deltas.set(name, { cls: ci, clsD: cd, carc: ki, carcD: kd });
  }

  function score(normalized: string) {
    return scoreFeatures(features(normalized));
  }

  function scoreFeatures(names: readonly string[]) {
    const present = names.flatMap((f) => deltas.get(f) ?? []);
    const scores = Float64Array.from(classHead.logPrior, (p, c) => p + present.length * classHead.unseen[c]!);
    const carcScores = Float64Array.from(
      carcHead.logPrior,
      (p, k) => p + present.length * carcHead.unseen[k]!,
    );
    for (const d of present) {
      for (let i = 0; i < d.cls.length; i++) scores[d.cls[i]!]! += d.clsD[i]!;
      for (let i = 0; i < d.carc.length; i++) carcScores[d.carc[i]!]! += d.carcD[i]!;
    }
    return { present: present.length, scores, carcScores };
  }

  return {
    version: file.version,
    verdictKeys: verdictKey,
    scores: (normalized) => score(normalized).scores,
    scoresOfFeatures: (names) => scoreFeatures(names).scores,
    predict(normalized: string): Prediction {
      const { present, scores, carcScores } = score(normalized);
      const { verdictIndex, probability } = verdictOf(softmax(scores, file.temperature));
      const best = verdictIndex;
      return {
        category: classes[best]!.category,
        retryable: classes[best]!.retryable,
        carc: present > 0 ? bestCarc(file, carcScores, best) : null,
        confidence: probability,
      };
    },
  };

  /**
   * The decision is the verdict, so confidence is the probability of the verdict (summed over the
   * classes that share it); the category is the likeliest class within that verdict.
   */
  function verdictOf(probs: Float64Array): { verdictIndex: number; probability: number } {
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
    return { verdictIndex: best, probability: bestMass };
  }
}

export function softmax(scores: Float64Array, temperature: number): Float64Array {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  const out = Float64Array.from(scores, (s) => Math.exp((s - max) / temperature));
  const sum = out.reduce((a, b) => a + b, 0);
  return out.map((v) => v / sum);
}

/** The CARC the text most likely means, among those of the predicted class; null unless it is a clear favourite. */
function bestCarc(file: ModelFile, carcScores: Float64Array, classIndex: number): string | null {
  const members = file.carcs.flatMap((c, k) => (c.classIndex === classIndex ? [k] : []));
  if (members.length === 0) return null;
  const probs = softmax(
    Float64Array.from(members, (k) => carcScores[k]!),
    file.temperature,
  );
  let best = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i]! > probs[best]!) best = i;
  return probs[best]! >= 0.5 ? file.carcs[members[best]!]!.code : null;
}
