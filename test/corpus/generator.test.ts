import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generateCorpus } from '../../src/corpus/generate.js';
import { SCENARIOS } from '../../src/corpus/scenarios.js';
import { REFERENCE_KINDS } from '../../src/reference/kinds.js';
import { readReferenceFile } from '../../src/reference/reference-file.js';
import { validateRows } from '../../src/reference/validate-rows.js';
import { findDenial } from '../../src/ingest/x12/denial-rule.js';
import { readX12File } from '../../src/x12/read.js';
import type { RemitClaim } from '../../src/x12/era/model.js';
import type { ReadClaim } from '../../src/x12/claims/model.js';
import type { X12Warning } from '../../src/x12/warning.js';
import { main } from '../../src/cli/main.js';
import { tempDir } from '../support/temp.js';

void describe('open corpus generator', () => {
  void it('writes the same bytes for the same seed, and other bytes for another', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((x) => tempDir(`reclaim-corpus-${x}-`)) as [string, string, string];
    const ma = await generateCorpus(a, { claims: 100, seed: 3, start: '2025-01-06' });
    await generateCorpus(b, { claims: 100, seed: 3, start: '2025-01-06' });
    await generateCorpus(c, { claims: 100, seed: 4, start: '2025-01-06' });
    for (const file of [...Object.values(ma.files).flat(), 'manifest.json']) {
      assert.equal(readFileSync(join(a, file), 'utf8'), readFileSync(join(b, file), 'utf8'), file);
    }
    assert.notEqual(
      readFileSync(join(a, '837/claims-0001.837'), 'utf8'),
      readFileSync(join(c, '837/claims-0001.837'), 'utf8'),
    );
  });

  void it('writes X12 the readers take without a warning, agreeing with its manifest', async () => {
    const dir = tempDir('reclaim-corpus-');
    const m = await generateCorpus(dir, { claims: 2100, seed: 9, start: '2025-03-03' });
    assert.deepEqual(m.files['837'], [
      '837/claims-0001.837',
      '837/claims-0001-late.837',
      '837/claims-0001-resent.837',
      '837/claims-0002.837',
      '837/claims-0002-late.837',
      '837/claims-0002-resent.837',
    ]);
    const claims: ReadClaim[] = [];
    const remits: RemitClaim[] = [];
    const warnings: X12Warning[] = [];
    for (const file of [...m.files['837'], ...m.files['835'], ...m.files.followup]) {
      await readX12File(
        join(dir, file),
        {
          claim: (c) => claims.push(c),
          remitClaim: (r) => remits.push(r),
          warning: (w) => warnings.push(w),
        },
        { strict: true },
      );
    }
    assert.deepEqual(warnings, []);
    assert.equal(claims.length, m.counts.claims837);
    assert.equal(remits.length, m.counts.remitClaims + m.counts.followUpClaims);
    // Every scenario is there, in its share of the cycle.
    assert.deepEqual(
      Object.keys(m.counts.byScenario).sort(),
      [...SCENARIOS.map((s) => s.name), 'contractual', 'paid'].sort(),
    );
    // Every CO denial of the manifest is a denial by the ingest rule, with its codes and amount.
    const firstAnswers = new Map<string, RemitClaim>();
    for (const r of remits)
      if (!firstAnswers.has(r.patientControlNumber)) firstAnswers.set(r.patientControlNumber, r);
    for (const d of m.denials.filter((x) => x.codes[0]!.startsWith('CO-'))) {
      const found = findDenial(firstAnswers.get(d.patientControlNumber)!);
      assert.deepEqual(
        [found?.carcCodes, found?.rarcCodes, found?.deniedAmountCents],
        [d.codes, d.remarks, d.amountCents],
        d.scenario,
      );
    }
    // A claim the payer never saw (no_claim_on_file) is the only denial without an 837.
    const billed = new Set(claims.map((c) => c.patientControlNumber));
    assert.deepEqual(
      [...new Set(m.denials.filter((d) => !billed.has(d.patientControlNumber)).map((d) => d.scenario))],
      ['co4_no_claim'],
    );
    // Reference files validate row by row.
    for (const kind of REFERENCE_KINDS) {
      const file = await readReferenceFile(join(dir, 'reference', `${kind}.csv`), kind);
      assert.deepEqual(validateRows(kind, file.rows).problems, [], kind);
    }
    // Realised recovery: what the follow-ups pay for corrections and appeals, net of takebacks.
    const realised = m.denials.filter((d) => d.realisedCents !== 0).map((d) => d.followUp);
    assert.deepEqual([...new Set(realised)].sort(), ['paid', 'paid_then_offset']);
    assert.equal(
      m.expected.realisedTotalCents,
      m.denials.reduce((s, d) => s + d.realisedCents, 0),
    );
  });
});

void describe('reclaim demo corpus', () => {
  const run = async (...args: string[]) => {
    let out = '';
    let err = '';
    const code = await main(['node', 'reclaim', 'demo', 'corpus', ...args], {
      out: (t) => void (out += t + '\n'),
      err: (t) => void (err += t + '\n'),
      isTty: false,
    });
    return { code, out, err };
  };

  void it('writes the corpus and says what it wrote (exit 0); refuses a bad count (exit 2)', async () => {
    const dir = tempDir('reclaim-corpus-cli-');
    const ok = await run('--claims', '80', '--out', dir, '--seed', '5', '--json');
    assert.equal(ok.code, 0, ok.err);
    assert.deepEqual(JSON.parse(ok.out), {
      out: dir,
      seed: 5,
      claims: 81,
      remitClaims: 84,
      followUpClaims: 10,
      denials: 28,
      files: 11,
    });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { denials: unknown[] };
    assert.equal(manifest.denials.length, 28);
    const bad = await run('--claims', '0', '--out', dir);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /demo corpus: --claims/);
  });
});
