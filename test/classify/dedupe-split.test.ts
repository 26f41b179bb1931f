import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../support/temp.js';

function dedupe(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/dedupe-split.ts', ...args], {
    encoding: 'utf8',
  });
}

void describe('scripts/dedupe-split.ts (readying a blind split)', () => {
  void it('keeps new texts once, drops training phrasings, repeats and malformed lines, and prints no text (exit 0)', () => {
    const dir = tempDir('dedupe-split-');
    const raw = join(dir, 'raw.tsv');
    const out = join(dir, 'holdout-x.tsv');
    const fresh = 'mod 25 left off the e/m line, a phrasing no split has qzx';
    writeFileSync(
      raw,
      [
        'R\tcoding_modifier\tCO-4\tMissing modifier',
        `R\tcoding_modifier\tCO-4\t${fresh}`,
        `R\tcoding_modifier\tCO-4\t  ${fresh.toUpperCase()}`,
        'not a labelled line',
      ].join('\n'),
    );
    const run = dedupe(raw, out, 'holdout-x');
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { read: 4, kept: 1, dropped: 2, malformed: 1, count: { R: 1 } });
    assert.ok(!run.stdout.includes('mod 25'), 'texts are never printed');
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(lines.filter((l) => !l.startsWith('#')).length, 1);
    assert.ok(lines.at(-1)!.endsWith(fresh));
  });

  void it('refuses a missing argument or an unreadable file with one line (exit 2)', () => {
    const usage = dedupe();
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /^usage: /);
    const unreadable = dedupe(
      join(tempDir('dedupe-split-'), 'absent.tsv'),
      join(tempDir('dedupe-split-'), 'o.tsv'),
      'x',
    );
    assert.equal(unreadable.status, 2);
    assert.match(unreadable.stderr, /absent\.tsv: cannot be read \(ENOENT\)\n$/);
  });
});
