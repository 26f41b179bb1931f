import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Io } from '../../src/cli/context.js';
import { main } from '../../src/cli/main.js';
import { RULES_VERSION } from '../../src/classify/rules.js';
import { tempDir } from '../support/temp.js';

async function reclaim(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = {
    out: (t) => void (out += t.endsWith('\n') ? t : t + '\n'),
    err: (t) => void (err += t + '\n'),
    isTty: false,
  };
  const code = await main(['node', 'reclaim', ...args], io);
  return { code, out, err };
}

void describe('reclaim classify', () => {
  void it('prints one result for one text', async () => {
    const r = await reclaim('classify', 'Missing modifier');
    assert.equal(r.code, 0);
    assert.equal(r.out, `known_retryable\tretryable\tcoding_modifier\tCO-4\t0.99\trule\t${RULES_VERSION}\n`);
  });

  void it('prints one JSON object per line of a file, blank lines included', async () => {
    const dir = tempDir('reclaim-classify-');
    const file = join(dir, 'reasons.txt');
    writeFileSync(file, 'Authorization expired\n\nCO-18 duplicate\r\nsee remark\n');
    const r = await reclaim('classify', '--file', file, '--json');
    assert.equal(r.code, 0);
    const rows = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      rows.map((o) => [o.text, o.label, o.verdict, o.category, o.carc, o.source]),
      [
        ['Authorization expired', 'known_non_retryable', 'non_retryable', 'authorization', null, 'rule'],
        [null, 'missing', 'missing', null, null, 'rule'],
        ['CO-18 duplicate', 'known_non_retryable', 'non_retryable', 'duplicate', 'CO-18', 'code'],
        ['see remark', 'ambiguous', 'ambiguous', 'other', null, 'rule'],
      ],
    );
  });

  void it('names a missing file and exits 2', async () => {
    const r = await reclaim('classify', '--file', '/nonexistent/reasons.txt');
    assert.deepEqual([r.code, r.err], [2, 'reclaim: /nonexistent/reasons.txt: no such file\n']);
  });

  void it('rejects a threshold outside 0..1 and a call with nothing to classify', async () => {
    const bad = await reclaim('classify', '--threshold', '1.5', 'x');
    assert.deepEqual(
      [bad.code, bad.err],
      [2, "reclaim: --threshold must be a number from 0 to 1, not '1.5'\n"],
    );
    const badRetryable = await reclaim('classify', '--retryable-threshold', '2', 'x');
    assert.deepEqual(
      [badRetryable.code, badRetryable.err],
      [2, "reclaim: --retryable-threshold must be a number from 0 to 1, not '2'\n"],
    );
    const good = await reclaim('classify', '--retryable-threshold', '0.9', 'Primary EOB required');
    assert.deepEqual(
      [good.code, good.out.split('\t').slice(0, 3)],
      [0, ['heuristic_non_retryable', 'non_retryable', 'coordination_of_benefits']],
    );
    const none = await reclaim('classify');
    assert.equal(none.code, 2);
  });

  void it('evaluates, as JSON, with the confusion matrix adding up to the set', async () => {
    const r = await reclaim('classify', 'eval', '--json');
    assert.equal(r.code, 0);
    const [e] = JSON.parse(r.out) as [
      { set: string; texts: number; confusion: Record<string, Record<string, number>> },
    ];
    assert.equal(e.set, 'eval');
    const cells = Object.values(e.confusion).flatMap((row) => Object.values(row));
    assert.equal(
      cells.reduce((a, b) => a + b, 0),
      e.texts,
    );
  });
});
