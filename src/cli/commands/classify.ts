import { createReadStream } from 'node:fs';
import { createTextClassifier, DEFAULT_THRESHOLD } from '../../classify/classifier.js';
import {
  evaluate,
  formatEvaluation,
  formatModelCalibration,
  formatSweep,
  MODEL_THRESHOLDS,
  modelCalibration,
  sweep,
} from '../../classify/evaluate.js';
import { loadDefaultModel } from '../../classify/model.js';
import { LABELLED_SETS, loadLabelled, type LabelledSet } from '../../classify/training-data.js';
import type { Classification, TextClassifier } from '../../classify/types.js';
import { ReclaimError } from '../../errors.js';
import { requireInputFile } from '../../io/input-file.js';
import { runAction, type Io } from '../context.js';
import type { RegisterCommand } from './command.js';

/** Output is gathered into blocks of this size: one write per line is slow on large files. */
const OUTPUT_BLOCK = 1 << 20;

interface ClassifyOptions {
  file?: string;
  json?: boolean;
  threshold?: string;
  retryableThreshold?: string;
}

export const registerClassify: RegisterCommand = (program, io, setExit) => {
  const classify = program
    .command('classify')
    .description(
      'classify free-text denial reasons: retryable, non-retryable or ambiguous, with category and CARC',
    )
    .argument('[text...]', 'a denial reason (quote it)')
    .option('--file <path>', 'classify every line of a text file, one reason per line')
    .option('--json', 'print one JSON object per reason')
    .option('--threshold <p>', 'minimum model confidence, 0..1 (default: 0.80)')
    .option(
      '--retryable-threshold <p>',
      'minimum model confidence for a retryable answer, 0..1 (default: 0.97; see classify eval)',
    )
    .action(async (words: string[], opts: ClassifyOptions) => {
      setExit(await runAction(io, () => classifyCommand(io, words, opts)));
    });
  classify
    .command('eval')
    .description('measure the classifier on its labelled evaluation set (and the held-out set)')
    .option(
      '--set <name>',
      `${LABELLED_SETS.map((name) => `'${name}'`).join(', ')}, 'both' (eval, holdout) or 'all' (all but dev)`,
      'eval',
    )
    .option('--errors', 'list every text whose verdict was wrong')
    .option('--json', 'print the measurements as JSON')
    .option('--threshold <p>', 'minimum model confidence, 0..1 (default: 0.80)')
    .action(async (opts: { set: string; errors?: boolean; json?: boolean; threshold?: string }) => {
      // `classify` has --json and --threshold too, and commander hands them to the parent.
      const parent = classify.opts<ClassifyOptions>();
      const merged = {
        ...opts,
        json: opts.json ?? parent.json,
        threshold: opts.threshold ?? parent.threshold,
      };
      setExit(await runAction(io, () => evalCommand(io, merged)));
    });
};

function parseThreshold(value: string | undefined, flag = '--threshold'): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) {
    throw new ReclaimError('INPUT_INVALID', `${flag} must be a number from 0 to 1, not '${value}'`);
  }
  return n;
}

function thresholds(opts: ClassifyOptions): { threshold?: number; retryableThreshold?: number } {
  const threshold = parseThreshold(opts.threshold);
  const retryableThreshold = parseThreshold(opts.retryableThreshold, '--retryable-threshold');
  return {
    ...(threshold === undefined ? {} : { threshold }),
    ...(retryableThreshold === undefined ? {} : { retryableThreshold }),
  };
}

function asJson(text: string | null, c: Classification): string {
  return JSON.stringify({
    text,
    label: c.label,
    verdict: c.verdict,
    category: c.category,
    carc: c.carc,
    confidence: Math.round(c.confidence * 1000) / 1000,
    source: c.source,
    version: c.version,
  });
}

function asLine(c: Classification): string {
  return [
    c.label,
    c.verdict,
    c.category ?? '-',
    c.carc ?? '-',
    c.confidence.toFixed(2),
    c.source,
    c.version,
  ].join('\t');
}

async function classifyCommand(io: Io, words: string[], opts: ClassifyOptions): Promise<void> {
  const classifier = createTextClassifier(thresholds(opts));
  if (opts.file !== undefined) {
    if (words.length > 0) throw new ReclaimError('INPUT_INVALID', 'give either a text or --file, not both');
    await classifyFile(io, classifier, opts.file, Boolean(opts.json));
    return;
  }
  if (words.length === 0)
    throw new ReclaimError('INPUT_INVALID', 'nothing to classify: give a text or --file <path>');
  const text = words.join(' ');
  const result = classifier.classify(text);
  io.out(opts.json ? asJson(text, result) : asLine(result));
}

async function classifyFile(io: Io, classifier: TextClassifier, file: string, json: boolean): Promise<void> {
  requireInputFile(file);
  let block = '';
  let count = 0;
  // Exports repeat a few thousand phrasings: each distinct line is classified and rendered once.
  const rendered = new Map<string, string>();
  for await (const batch of readLineBatches(file)) {
    for (const raw of batch) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      let out = rendered.get(line);
      if (out === undefined) {
        // Every line gets an answer, blank ones included, so output lines match input lines.
        const text = line.trim() === '' ? null : line;
        const result = classifier.classify(text);
        out = (json ? asJson(text, result) : `${asLine(result)}\t${line}`) + '\n';
        rendered.set(line, out);
      }
      block += out;
      count++;
      if (block.length >= OUTPUT_BLOCK) {
        io.out(block);
        block = '';
      }
    }
  }
  if (block.length > 0) io.out(block);
  if (count === 0 && !json) io.out(`${file}: no lines`);
}

/**
 * The lines of a file in batches, one per 1 MiB chunk: an await per line (readline, or a
 * line-by-line generator) costs seconds on a million lines.
 */
async function* readLineBatches(file: string): AsyncGenerator<string[]> {
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop()!;
    yield lines;
  }
  if (rest !== '') yield [rest];
}

async function evalCommand(
  io: Io,
  opts: { set: string; errors?: boolean; json?: boolean; threshold?: string },
): Promise<void> {
  const named = (LABELLED_SETS as readonly string[]).includes(opts.set) ? [opts.set as LabelledSet] : null;
  const sets: readonly LabelledSet[] | null =
    opts.set === 'both'
      ? ['eval', 'holdout']
      : opts.set === 'all'
        ? LABELLED_SETS.filter((name) => name !== 'dev')
        : named;
  if (!sets)
    throw new ReclaimError(
      'INPUT_INVALID',
      `--set must be ${LABELLED_SETS.join(', ')}, both or all, not '${opts.set}'`,
    );
  const threshold = parseThreshold(opts.threshold);
  const model = loadDefaultModel();
  const results = sets.map((name) => {
    // A fresh classifier per set and per threshold, so no answer comes from another's cache.
    const classifier = createTextClassifier({ threshold });
    const set = loadLabelled(name);
    return {
      name,
      version: classifier.version,
      result: evaluate(classifier, set),
      // What an operator chooses: the confidence the model needs for a "retryable" answer.
      thresholds: sweep(
        set,
        (t) => createTextClassifier({ threshold, retryableThreshold: t }),
        MODEL_THRESHOLDS.filter((t) => t >= (threshold ?? DEFAULT_THRESHOLD)),
      ),
      model: model ? modelCalibration(model, set) : [],
    };
  });
  if (opts.json) {
    io.out(
      JSON.stringify(
        results.map(({ name, version, result, thresholds, model: calibration }) => ({
          set: name,
          version,
          ...result,
          thresholds,
          modelCalibration: calibration,
          errors: opts.errors ? result.errors : undefined,
        })),
      ),
    );
    return;
  }
  for (const { name, version, result, thresholds, model: calibration } of results) {
    io.out(
      [
        formatEvaluation(name, result),
        formatSweep(name, thresholds),
        ...(calibration.length > 0 ? [formatModelCalibration(name, calibration)] : []),
        `  classifier ${version}`,
      ].join('\n'),
    );
    if (opts.errors) {
      for (const e of result.errors) {
        io.out(`  expected ${e.expected.padEnd(13)} got ${asLine(e.got)}\t${e.text}`);
      }
    }
  }
}
