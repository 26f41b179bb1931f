import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Classification } from '../../src/classify/types.js';
import { ReclaimError } from '../../src/errors.js';
import { AtomicFile, appendLinesFrom } from '../../src/resubmit/artifacts.js';
import { CATEGORIES } from '../../src/codes/categories.js';
import { recommendChange } from '../../src/resubmit/recommend.js';
import { tempDir } from '../support/temp.js';

const root = tempDir('reclaim-artifacts-');
after(() => rmSync(root, { recursive: true, force: true }));

/** A new empty directory per test, so that listings show only what the test made. */
const freshDir = (): string => mkdtempSync(join(root, 'case-'));

void describe('AtomicFile', () => {
  void it('shows nothing under the final name until commit, then the whole content', () => {
    const dir = freshDir();
    const path = join(dir, 'candidates.csv');
    const file = new AtomicFile(path);
    file.write('claim_id\n');
    file.write('C1\n');
    assert.equal(existsSync(path), false);
    // Only a hidden temporary file exists while writing.
    assert.match(readdirSync(dir).join('|'), /^\.candidates\.csv\.[^|]*\.tmp$/);
    file.write('C2\n');
    file.commit();
    assert.equal(readFileSync(path, 'utf8'), 'claim_id\nC1\nC2\n');
    assert.deepEqual(readdirSync(dir), ['candidates.csv']);
  });

  void it('writes content larger than its buffer, multi-byte text included', () => {
    const dir = freshDir();
    const path = join(dir, 'big.jsonl');
    const line = `{"reason":"Modifier fehlt — José 😀","pad":"${'x'.repeat(1000)}"}\n`;
    const file = new AtomicFile(path);
    for (let i = 0; i < 3000; i++) file.write(line);
    file.commit();
    assert.equal(readFileSync(path, 'utf8'), line.repeat(3000));
  });

  void it('replaces a previous file on commit', () => {
    const dir = freshDir();
    const path = join(dir, 'metrics.json');
    writeFileSync(path, '{"old":true}\n');
    const file = new AtomicFile(path);
    file.write('{"new":true}\n');
    assert.equal(readFileSync(path, 'utf8'), '{"old":true}\n');
    file.commit();
    assert.equal(readFileSync(path, 'utf8'), '{"new":true}\n');
  });

  void it('leaves a previous file untouched on abort, and no temporary file', () => {
    const dir = freshDir();
    const path = join(dir, 'metrics.json');
    writeFileSync(path, '{"old":true}\n');
    const file = new AtomicFile(path);
    file.write('x'.repeat(2 << 20));
    file.abort();
    assert.equal(readFileSync(path, 'utf8'), '{"old":true}\n');
    assert.deepEqual(readdirSync(dir), ['metrics.json']);
  });

  void it('creates nothing when aborted without a previous file; a second abort is harmless', () => {
    const dir = freshDir();
    const file = new AtomicFile(join(dir, 'out.csv'));
    file.write('C1\n');
    file.abort();
    file.abort();
    assert.deepEqual(readdirSync(dir), []);
  });

  void it('refuses to commit twice or after an abort', () => {
    const dir = freshDir();
    const committed = new AtomicFile(join(dir, 'a.txt'));
    committed.commit();
    assert.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), '');
    assert.throws(() => committed.commit(), /a\.txt is already closed$/);
    const aborted = new AtomicFile(join(dir, 'b.txt'));
    aborted.abort();
    assert.throws(() => aborted.commit(), /b\.txt is already closed$/);
    assert.deepEqual(readdirSync(dir), ['a.txt']);
  });

  void it('reports a directory it cannot write in as OUTPUT_NOT_WRITABLE', () => {
    const dir = join(root, 'does-not-exist');
    assert.throws(
      () => new AtomicFile(join(dir, 'out.csv')),
      (error: unknown) => {
        assert.ok(error instanceof ReclaimError, String(error));
        assert.equal(error.code, 'OUTPUT_NOT_WRITABLE');
        assert.match(error.message, new RegExp(`^cannot write in ${dir}: ENOENT`));
        return true;
      },
    );
  });
});

void describe('appendLinesFrom', () => {
  /** Appends `lines` (written to a source file) to the log at `log`, returning the log's content. */
  function append(dir: string, log: string, lines: string): string {
    const source = join(dir, 'source.jsonl');
    writeFileSync(source, lines);
    appendLinesFrom(log, source);
    assert.equal(readFileSync(source, 'utf8'), lines);
    return readFileSync(log, 'utf8');
  }

  void it('creates the log when it is missing', () => {
    const dir = freshDir();
    const log = join(dir, 'rejection_log.jsonl');
    assert.equal(append(dir, log, '{"row":1}\n{"row":2}\n'), '{"row":1}\n{"row":2}\n');
  });

  void it('appends after the complete lines already there', () => {
    const dir = freshDir();
    const log = join(dir, 'rejection_log.jsonl');
    writeFileSync(log, '{"row":1}\n');
    assert.equal(append(dir, log, '{"row":2}\n{"row":3}\n'), '{"row":1}\n{"row":2}\n{"row":3}\n');
    assert.equal(append(dir, log, ''), '{"row":1}\n{"row":2}\n{"row":3}\n');
  });

  void it('cuts a torn last line before appending and leaves the lines before it as they were', () => {
    const rows: readonly (readonly [string, string, string])[] = [
      ['{"row":1}\n{"row":2}\n{"ro', '{"row":3}\n', '{"row":1}\n{"row":2}\n{"row":3}\n'],
      ['{"row":1}\n{"ro', '', '{"row":1}\n'],
      ['{"torn', '{"row":3}\n', '{"row":3}\n'],
      ['\n', '{"row":3}\n', '\n{"row":3}\n'],
    ];
    for (const [existing, lines, expected] of rows) {
      const dir = freshDir();
      const log = join(dir, 'rejection_log.jsonl');
      writeFileSync(log, existing);
      assert.equal(append(dir, log, lines), expected, JSON.stringify(existing));
    }
  });

  void it('finds the last newline of a log far larger than its read window', () => {
    const dir = freshDir();
    const log = join(dir, 'rejection_log.jsonl');
    const complete = `${'a'.repeat(200_000)}\n`;
    // The torn tail alone spans more than two 64 KiB windows.
    writeFileSync(log, complete + 'b'.repeat(150_000));
    assert.equal(append(dir, log, 'c\n'), `${complete}c\n`);
  });

  void it('appends only the complete lines of a source that lacks its final newline', () => {
    const dir = freshDir();
    const log = join(dir, 'rejection_log.jsonl');
    assert.equal(append(dir, log, '{"row":1}\n{"row":2}'), '{"row":1}\n');
  });
});

/** A classification in a category (the other fields do not affect the recommendation). */
function inCategory(category: string | null): Classification {
  return {
    label: 'known_retryable',
    verdict: 'retryable',
    category,
    carc: null,
    confidence: 0.9,
    source: 'rule',
    version: 'test-1',
  };
}

void describe('recommendChange', () => {
  void it('names the concrete fix: the category first, refined and completed by what the text names', () => {
    const rows: readonly (readonly [string | null, string | null, string])[] = [
      [
        'Invalid NPI',
        'missing_information',
        "Correct the provider's NPI (billing, rendering or referring, as named), then resubmit",
      ],
      ['Missing modifier 25', 'coding_modifier', 'Add modifier 25 to the procedure line, then resubmit'],
      ['mod 59 missing', 'coding_modifier', 'Add modifier 59 to the procedure line, then resubmit'],
      [
        'RT/LT modifer not billed',
        'coding_modifier',
        'Add modifier RT/LT to the procedure line, then resubmit',
      ],
      [
        'GT modifier needed for telehealth',
        'coding_modifier',
        'Add modifier GT to the procedure line, then resubmit',
      ],
      ['MODIFIER invalid', 'coding_modifier', 'Add or correct the procedure modifier, then resubmit'],
      [
        'Prior authorization required',
        'authorization',
        'Attach the prior-authorization number on file (REF*G1), then resubmit',
      ],
      [
        'Referral number missing',
        'authorization',
        "Attach the referral number from the patient's primary care provider, then resubmit",
      ],
      ['pos should be 19 not 22', 'place_of_service', 'Correct the place of service to 19, then resubmit'],
      [
        'Invalid place of service',
        'place_of_service',
        'Correct the place of service to where the service was rendered, then resubmit',
      ],
      [
        'Patient DOB does not match',
        'missing_information',
        "Correct the patient's date of birth to match the payer's records, then resubmit",
      ],
      [
        'Missing NDC for J code',
        'missing_information',
        'Add the NDC, its qualifier and units to the drug line, then resubmit',
      ],
      [
        'Modifier 25 missing; rendering NPI invalid',
        'coding_modifier',
        "Add modifier 25 to the procedure line; correct the provider's NPI (billing, rendering or referring, as named), then resubmit",
      ],
      ['CO-16', 'missing_information', 'Correct the missing or invalid claim data, then resubmit'],
      ['Other insurance primary', 'coordination_of_benefits', CATEGORIES.coordination_of_benefits.action],
      ['modifier 25 missing', 'timely_filing', CATEGORIES.timely_filing.action],
      ['whatever', 'contractual', 'Post the contractual adjustment; nothing to resubmit'],
      [
        'Missing NPI',
        null,
        "Correct the provider's NPI (billing, rendering or referring, as named), then resubmit",
      ],
      ['whatever', 'no_such_category', 'Read the denial, correct the claim, then resubmit'],
      [null, null, 'Read the denial, correct the claim, then resubmit'],
    ];
    for (const [reason, category, expected] of rows) {
      assert.equal(recommendChange(reason, inCategory(category)), expected, `${reason} / ${category}`);
    }
  });

  void it('answers a repeated question the same way', () => {
    const first = recommendChange('Missing modifier', inCategory('coding_modifier'));
    assert.equal(recommendChange('Missing modifier', inCategory('coding_modifier')), first);
    assert.equal(recommendChange('Late', inCategory('timely_filing')), CATEGORIES.timely_filing.action);
  });
});
