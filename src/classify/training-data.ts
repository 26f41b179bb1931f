import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isCategory, type Category } from '../codes/categories.js';
import { loadCarcs } from '../codes/code-lists.js';
import { decisionTable } from '../codes/decision-table.js';
import { normalizeReason } from './normalize.js';

/** src/classify and dist/classify both sit two levels below the root, where the data ships. */
export const CLASSIFY_DATA_DIR = fileURLToPath(new URL('../../src/classify/data/', import.meta.url));

export type TrueVerdict = 'retryable' | 'non_retryable' | 'ambiguous';

export interface LabelledText {
  readonly text: string;
  readonly verdict: TrueVerdict;
  readonly category: Category;
  readonly carc: string | null;
  /** Where the example came from: file and line. */
  readonly origin: string;
}

const VERDICTS: Record<string, TrueVerdict> = { R: 'retryable', N: 'non_retryable', A: 'ambiguous' };

/**
 * Reads a labelled TSV: `verdict category text` (evaluation sets) or `verdict category carc text`
 * (training phrasings). Throws naming the line on anything malformed.
 */
export function parseLabelled(text: string, file: string, withCarc: boolean): LabelledText[] {
  const out: LabelledText[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '' || raw.startsWith('#')) return;
    const cols = raw.split('\t');
    const origin = `${file}:${i + 1}`;
    if (cols.length !== (withCarc ? 4 : 3))
      throw new Error(`${origin}: expected ${withCarc ? 4 : 3} columns`);
    const verdict = VERDICTS[cols[0]!];
    const category = cols[1]!;
    if (!verdict) throw new Error(`${origin}: verdict must be R, N or A`);
    if (!isCategory(category)) throw new Error(`${origin}: unknown category '${category}'`);
    const carc = withCarc && cols[2] !== '-' ? cols[2]! : null;
    out.push({ text: cols.at(-1)!, verdict, category, carc, origin });
  });
  return out;
}

/**
 * The labelled sets kept apart from training: `eval` (written before tuning; the threshold is
 * calibrated on it), `holdout` (never used for any choice; measured once, then its errors seen),
 * `holdout-2` (written after that, measured once at the end), `holdout-3` (written by someone
 * who had not seen the classifier or the other sets, measured once, then its errors fixed),
 * `holdout-4` (written blind by another writer while those fixes were made, committed before it
 * was measured once, after them; since seen), `holdout-5` (written blind by a third writer while
 * holdout-4's errors were fixed, committed before it was measured once; since seen), `holdout-6`
 * (written blind by a fourth writer while rules-2026.12.8 was written, committed before it was
 * measured once; since seen), `holdout-7` (written blind by a fifth writer while rules-2026.12.9
 * was written from holdout-6's errors, committed before it was measured once; since seen),
 * `holdout-8` (written blind by a sixth writer while rules-2026.12.10 was written from holdout-7's
 * errors, committed before it was measured once; since seen), `holdout-9` and `holdout-10` (written
 * blind by a seventh and an eighth writer while rules-2026.12.11 was written from holdout-8's
 * errors, committed before either was measured, both measured once against 12.11; since seen),
 * `holdout-11` and `holdout-12` (written blind by a ninth and a tenth writer while rules-2026.12.12
 * was written from holdout-9's and holdout-10's errors, committed before either was measured, both
 * measured once against 12.12; since seen), `holdout-13` and `holdout-14` (written blind by an
 * eleventh and a twelfth writer while rules-2026.12.13 was written from holdout-11's and
 * holdout-12's errors, committed before either was measured, both measured once against 12.13;
 * since seen), `holdout-15` and `holdout-16` (written blind by a thirteenth and a fourteenth writer
 * while rules-2026.12.14 was written from holdout-13's and holdout-14's errors, committed before
 * either was measured, both measured once against 12.14; since seen), `holdout-17` and
 * `holdout-18` (written blind by a fifteenth and a sixteenth writer while rules-2026.12.15 was
 * written from holdout-15's and holdout-16's errors, committed before either was measured, both
 * measured once against 12.15), `holdout-19` and `holdout-20` (written blind by a seventeenth and
 * an eighteenth writer after rules-2026.12.15 was frozen, to confirm its measurement with no change
 * in between; measured once against 12.15), `holdout-21` and `holdout-22` (a nineteenth and a
 * twentieth writer, a second confirmation, measured once against rules-2026.12.17, which answers
 * every earlier text as 12.15 does; since seen), `holdout-23` to `holdout-26` (four more writers,
 * while rules-2026.12.18 was written from holdout-17 to -22's errors, committed before any was
 * measured, each measured once against 12.18), `holdout-27` to `holdout-30` (four more writers
 * after rules-2026.12.19 was frozen, a confirmation, each measured once against 12.19) and `dev`
 * (the first
 * evaluation set, which rules and phrasings were written against). All but dev name a CARC per text.
 */
export const LABELLED_SETS = [
  'eval',
  'holdout',
  'holdout-2',
  'holdout-3',
  'holdout-4',
  'holdout-5',
  'holdout-6',
  'holdout-7',
  'holdout-8',
  'holdout-9',
  'holdout-10',
  'holdout-11',
  'holdout-12',
  'holdout-13',
  'holdout-14',
  'holdout-15',
  'holdout-16',
  'holdout-17',
  'holdout-18',
  'holdout-19',
  'holdout-20',
  'holdout-21',
  'holdout-22',
  'holdout-23',
  'holdout-24',
  'holdout-25',
  'holdout-26',
  'holdout-27',
  'holdout-28',
  'holdout-29',
  'holdout-30',
  'dev',
] as const;
export type LabelledSet = (typeof LABELLED_SETS)[number];

export function loadLabelled(name: LabelledSet): LabelledText[] {
  return parseLabelled(
    readFileSync(`${CLASSIFY_DATA_DIR}${name}.tsv`, 'utf8'),
    `${name}.tsv`,
    name !== 'dev',
  );
}

/**
 * Training examples: the curated phrasings plus every CARC description the decision table
 * decides for any group (the payer's own wording of each reason).
 */
export function loadTrainingExamples(): LabelledText[] {
  const phrases = parseLabelled(
    readFileSync(`${CLASSIFY_DATA_DIR}training-phrases.tsv`, 'utf8'),
    'training-phrases.tsv',
    true,
  );
  const table = decisionTable();
  const descriptions = loadCarcs().flatMap((c): LabelledText[] => {
    const row = table.lookup('CO', c.code, []);
    if (!row || row.carc === '*' || !c.description) return [];
    // Descriptions carry X12 usage notes after the reason itself; only the reason reads like a denial.
    const reason = c.description.split(/ (?:Usage|Note):/)[0]!;
    const category = row.verdict === 'ambiguous' ? 'other' : row.category;
    return [{ text: reason, verdict: row.verdict, category, carc: `CO-${c.code}`, origin: `carc:${c.code}` }];
  });
  return [...phrases, ...descriptions];
}

/** Texts of the evaluation, held-out and development sets, normalised: training must never contain one. */
export function protectedTexts(): Set<string> {
  return new Set(
    [
      ...loadLabelled('eval'),
      ...loadLabelled('holdout'),
      ...loadLabelled('holdout-2'),
      ...loadLabelled('holdout-3'),
      ...loadLabelled('holdout-4'),
      ...loadLabelled('holdout-5'),
      ...loadLabelled('holdout-6'),
      ...loadLabelled('holdout-7'),
      ...loadLabelled('holdout-8'),
      ...loadLabelled('holdout-9'),
      ...loadLabelled('holdout-10'),
      ...loadLabelled('holdout-11'),
      ...loadLabelled('holdout-12'),
      ...loadLabelled('holdout-13'),
      ...loadLabelled('holdout-14'),
      ...loadLabelled('holdout-15'),
      ...loadLabelled('holdout-16'),
      ...loadLabelled('holdout-17'),
      ...loadLabelled('holdout-18'),
      ...loadLabelled('holdout-19'),
      ...loadLabelled('holdout-20'),
      ...loadLabelled('holdout-21'),
      ...loadLabelled('holdout-22'),
      ...loadLabelled('holdout-23'),
      ...loadLabelled('holdout-24'),
      ...loadLabelled('holdout-25'),
      ...loadLabelled('holdout-26'),
      ...loadLabelled('holdout-27'),
      ...loadLabelled('holdout-28'),
      ...loadLabelled('holdout-29'),
      ...loadLabelled('holdout-30'),
      ...loadLabelled('dev'),
    ].flatMap((e) => normalizeReason(e.text) ?? []),
  );
}
