import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { variants } from './augment.js';
import { features } from './features.js';
import { DEFAULT_MODEL_PATH, modelFromFile, softmax, type ModelFile } from './model.js';
import { normalizeReason } from './normalize.js';
import { loadTrainingExamples, protectedTexts, type LabelledText } from './training-data.js';

/** One augmented training text with its class and CARC indices, and the example it came from. */
interface Sample {
  readonly features: readonly string[];
  readonly cls: number;
  readonly carc: number | null;
  readonly base: number;
}

interface Prepared {
  readonly classes: { category: string; retryable: boolean; verdict: string }[];
  readonly carcs: { code: string; classIndex: number }[];
  readonly samples: Sample[];
  readonly bases: number;
  readonly dropped: string[];
}

const FOLDS = 5;
const ALPHAS = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2];
const MIN_DOCUMENT_FREQUENCY = 2;

const key = (e: LabelledText): string => `${e.category}|${e.verdict}`;
/** Compared without punctuation, so 'Deductible amount.' and 'deductible amount' count as the same text. */
const bare = (t: string): string => t.replace(/[^a-z0-9]+/g, ' ').trim();

/** Turns labelled examples into samples; refuses curated texts that also sit in an evaluation set. */
export function prepare(examples: readonly LabelledText[], forbidden: ReadonlySet<string>): Prepared {
  const forbiddenBare = new Set([...forbidden].map(bare));
  const classKeys = [...new Set(examples.map(key))].sort();
  const classes = classKeys.map((k) => {
    const [category, verdict] = k.split('|') as [string, string];
    return { category, verdict, retryable: verdict === 'retryable' };
  });
  const carcKeys = [...new Set(examples.flatMap((e) => (e.carc ? [`${e.carc}|${key(e)}`] : [])))].sort();
  const carcs = carcKeys.map((k) => {
    const [code, category, verdict] = k.split('|') as [string, string, string];
    return { code, classIndex: classKeys.indexOf(`${category}|${verdict}`) };
  });
  const samples: Sample[] = [];
  const dropped: string[] = [];
  let bases = 0;
  for (const e of examples) {
    const norm = normalizeReason(e.text);
    if (!norm) throw new Error(`${e.origin}: empty training text`);
    if (forbiddenBare.has(bare(norm))) {
      if (!e.origin.startsWith('carc:')) throw new Error(`${e.origin}: '${e.text}' is in an evaluation set`);
      dropped.push(e.origin);
      continue;
    }
    const cls = classKeys.indexOf(key(e));
    const carc = e.carc ? carcKeys.indexOf(`${e.carc}|${key(e)}`) : null;
    for (const v of variants(norm)) {
      if (forbiddenBare.has(bare(v))) continue;
      samples.push({ features: features(v), cls, carc, base: bases });
    }
    bases++;
  }
  return { classes, carcs, samples, bases, dropped };
}

/** Counts features per class and per CARC over the samples; keeps features seen in enough samples. */
export function fit(
  p: Prepared,
  samples: readonly Sample[],
  alpha: number,
  temperature: number,
): Omit<ModelFile, 'version'> {
  const df = new Map<string, number>();
  for (const s of samples) for (const f of s.features) df.set(f, (df.get(f) ?? 0) + 1);
  const counts = new Map<string, { cls: Map<number, number>; carc: Map<number, number> }>();
  const examples = new Array<number>(p.classes.length).fill(0);
  for (const s of samples) {
    examples[s.cls]!++;
    for (const f of s.features) {
      if ((df.get(f) ?? 0) < MIN_DOCUMENT_FREQUENCY) continue;
      let c = counts.get(f);
      if (!c) counts.set(f, (c = { cls: new Map(), carc: new Map() }));
      c.cls.set(s.cls, (c.cls.get(s.cls) ?? 0) + 1);
      if (s.carc !== null) c.carc.set(s.carc, (c.carc.get(s.carc) ?? 0) + 1);
    }
  }
  const encode = (m: Map<number, number>): string =>
    [...m.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([i, n]) => `${i}:${n}`)
      .join(',');
  const names = [...counts.keys()].sort();
  const classTotals = new Array<number>(p.classes.length).fill(0);
  const carcTotals = new Array<number>(p.carcs.length).fill(0);
  for (const c of counts.values()) {
    for (const [i, n] of c.cls) classTotals[i]! += n;
    for (const [i, n] of c.carc) carcTotals[i]! += n;
  }
  return {
    format: 'reclaim-denial-nb/2',
    alpha,
    temperature,
    classes: p.classes.map((c, i) => ({
      category: c.category,
      retryable: c.retryable,
      examples: examples[i]!,
    })),
    carcs: p.carcs,
    classTotals,
    carcTotals,
    features: names,
    counts: names.map((f) => `${encode(counts.get(f)!.cls)}|${encode(counts.get(f)!.carc)}`),
    training: {},
  };
}

/** Out-of-fold class scores for every sample, folds drawn by base example so variants stay together. */
function crossValidate(p: Prepared, alpha: number): { sample: Sample; scores: Float64Array }[] {
  const out: { sample: Sample; scores: Float64Array }[] = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const train = p.samples.filter((s) => s.base % FOLDS !== fold);
    const test = p.samples.filter((s) => s.base % FOLDS === fold);
    const model = modelFromFile({ ...fit(p, train, alpha, 1), version: `cv-${fold}` });
    // Scoring from features directly: the samples hold features, not texts.
    for (const s of test) out.push({ sample: s, scores: model.scoresOfFeatures(s.features) });
  }
  return out;
}

function argmax(v: Float64Array): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
}

type OutOfFold = readonly { sample: Sample; scores: Float64Array }[];

/** The verdict of each class, as the predictor groups them. */
function verdictKeys(p: Prepared): string[] {
  return p.classes.map((c) => (c.category === 'other' ? 'ambiguous' : c.verdict));
}

/** Probability of the right verdict and the predicted verdict's probability, at temperature t. */
function verdictView(scores: Float64Array, t: number, keys: readonly string[], truth: number) {
  const probs = softmax(scores, t);
  const mass = new Map<string, number>();
  probs.forEach((q, c) => mass.set(keys[c]!, (mass.get(keys[c]!) ?? 0) + q));
  let top = '';
  let topMass = -1;
  for (const [v, m] of mass) if (m > topMass) [top, topMass] = [v, m];
  return { right: mass.get(keys[truth]!) ?? 0, confidence: topMass, correct: top === keys[truth] };
}

/** Calibration targets the verdict, because the threshold is applied to the verdict's probability. */
function negativeLogLikelihood(oof: OutOfFold, t: number, keys: readonly string[]): number {
  let nll = 0;
  for (const { sample, scores } of oof)
    nll -= Math.log(Math.max(verdictView(scores, t, keys, sample.cls).right, 1e-12));
  return nll / oof.length;
}

/** Expected calibration error over ten confidence bins: how far verdict confidence strays from accuracy. */
function calibrationError(
  oof: OutOfFold,
  t: number,
  keys: readonly string[],
): { ece: number; accuracy: number } {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, conf: 0, correct: 0 }));
  let correct = 0;
  for (const { sample, scores } of oof) {
    const v = verdictView(scores, t, keys, sample.cls);
    const bin = bins[Math.min(9, Math.floor(v.confidence * 10))]!;
    bin.n++;
    bin.conf += v.confidence;
    bin.correct += v.correct ? 1 : 0;
    correct += v.correct ? 1 : 0;
  }
  const ece = bins.reduce(
    (e, b) => e + (b.n === 0 ? 0 : (b.n / oof.length) * Math.abs(b.conf / b.n - b.correct / b.n)),
    0,
  );
  return { ece, accuracy: correct / oof.length };
}

export interface TrainingReport {
  readonly model: ModelFile;
  readonly cvAccuracy: number;
  readonly cvVerdictAccuracy: number;
  readonly calibrationError: number;
  readonly dropped: readonly string[];
}

/** Trains the shipped model: alpha by cross-validated accuracy, temperature by cross-validated likelihood. */
export function train(): TrainingReport {
  const examples = loadTrainingExamples();
  const p = prepare(examples, protectedTexts());
  let best = { alpha: ALPHAS[0]!, accuracy: -1, oof: [] as { sample: Sample; scores: Float64Array }[] };
  for (const alpha of ALPHAS) {
    const oof = crossValidate(p, alpha);
    const accuracy = oof.filter((o) => argmax(o.scores) === o.sample.cls).length / oof.length;
    if (accuracy > best.accuracy) best = { alpha, accuracy, oof };
  }
  const keys = verdictKeys(p);
  let temperature = 1;
  let bestNll = Infinity;
  for (let t = 1; t <= 60; t += 0.5) {
    const nll = negativeLogLikelihood(best.oof, t, keys);
    if (nll < bestNll) [temperature, bestNll] = [t, nll];
  }
  const fitted = fit(p, p.samples, best.alpha, temperature);
  const digest = createHash('sha256')
    .update(JSON.stringify(examples.map((e) => [e.text, e.verdict, e.category, e.carc])))
    .digest('hex')
    .slice(0, 12);
  const body = { ...fitted, training: { data: digest, examples: p.bases, samples: p.samples.length } };
  // The version is the digest of everything else in the file, so a model names its own content.
  const version = `nb-${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 12)}`;
  const calibration = calibrationError(best.oof, temperature, keys);
  return {
    model: { ...body, version },
    cvAccuracy: best.accuracy,
    cvVerdictAccuracy: calibration.accuracy,
    calibrationError: calibration.ece,
    dropped: p.dropped,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const report = train();
  const json = JSON.stringify(report.model) + '\n';
  mkdirSync(dirname(DEFAULT_MODEL_PATH), { recursive: true });
  writeFileSync(DEFAULT_MODEL_PATH, json);
  const m = report.model;
  process.stdout.write(
    [
      `model ${m.version} → ${DEFAULT_MODEL_PATH} (${(json.length / 1024).toFixed(0)} KiB)`,
      `examples ${m.training.examples}, samples with variants ${m.training.samples}, classes ${m.classes.length}, CARCs ${m.carcs.length}, features ${Object.keys(m.features).length}`,
      `CARC descriptions left out because an evaluation set holds the same text: ${report.dropped.join(', ') || 'none'}`,
      `alpha ${m.alpha}, temperature ${m.temperature}`,
      `${FOLDS}-fold cross-validated class accuracy ${(report.cvAccuracy * 100).toFixed(1)}%, verdict accuracy ${(report.cvVerdictAccuracy * 100).toFixed(1)}%, verdict calibration error ${(report.calibrationError * 100).toFixed(1)} points`,
      '',
    ].join('\n'),
  );
}
