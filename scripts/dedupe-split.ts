// Readies a blind evaluation split for the repository (docs/classification.md, "Evaluation"):
//   npx tsx scripts/dedupe-split.ts RAW.tsv src/classify/data/holdout-N.tsv holdout-N
// Add the set's name to LABELLED_SETS and protectedTexts (training-data.ts) with a one-line
// placeholder file first, so that the splits being readied are checked against each other too.
// Drops texts that normalise to a training phrasing, to a text of any split, or to an earlier text
// of the same file, and malformed lines; writes the kept lines under a header; prints counts only,
// never a text, so that whoever runs it has not read the split before it is measured.
import { readFileSync, writeFileSync } from 'node:fs';
import { normalizeReason } from '../src/classify/normalize.js';
import { loadTrainingExamples, protectedTexts } from '../src/classify/training-data.js';

const [raw, kept, name] = process.argv.slice(2);
if (!raw || !kept || !name) {
  console.error('usage: npx tsx scripts/dedupe-split.ts RAW.tsv OUT.tsv NAME');
  process.exit(2);
}
let input: string;
try {
  input = readFileSync(raw, 'utf8');
} catch (error) {
  console.error(`${raw}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  process.exit(2);
}
const seen = new Set<string>([
  ...protectedTexts(),
  ...loadTrainingExamples().flatMap((e) => normalizeReason(e.text) ?? []),
]);
const lines = input.split('\n').filter((l) => l.trim().length > 0);
const out: string[] = [];
let dropped = 0;
let malformed = 0;
const count: Record<string, number> = {};
for (const line of lines) {
  const f = line.split('\t');
  if (f.length !== 4 || !['R', 'N', 'A'].includes(f[0]!)) {
    malformed++;
    continue;
  }
  const n = normalizeReason(f[3]!);
  if (n === null || seen.has(n)) {
    dropped++;
    continue;
  }
  seen.add(n);
  out.push(line);
  count[f[0]!] = (count[f[0]!] ?? 0) + 1;
}
const header = [
  `# ${name}: fresh blind evaluation split of denial-reason texts for issue 17, written ${new Date().toISOString().slice(0, 10)}.`,
  `# Written by a billing-analyst writer who had not seen the classifier, its rules, its training phrasings or any other split; only the category table (docs/classification.md, "Categories").`,
  `# Before any measurement, ${dropped + malformed} of ${lines.length} texts that normalised to a training phrasing, to a text of another split or to another text of this one (or were malformed: ${malformed}) were removed.`,
  `# verdict\tcategory\tcarc\ttext`,
];
writeFileSync(kept, `${header.join('\n')}\n${out.join('\n')}\n`);
console.log(JSON.stringify({ read: lines.length, kept: out.length, dropped, malformed, count }));
