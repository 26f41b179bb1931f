import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, it } from 'node:test';
import type { ReclaimError } from '../../src/errors.js';
import { DuplicateGuard } from '../../src/resubmit/duplicate-guard.js';

/** What the guard must answer for `ids` in order: whether each was met before. */
function seenBefore(ids: readonly string[]): boolean[] {
  const seen = new Set<string>();
  return ids.map((id) => seen.has(id) || (seen.add(id), false));
}

void describe('DuplicateGuard', () => {
  void it('takes an id the first time and reports it as seen afterwards', () => {
    const guard = new DuplicateGuard();
    assert.equal(guard.seen('C1'), false);
    assert.equal(guard.seen('C1'), true);
    assert.equal(guard.seen('C1'), true);
    for (const id of ['c1', 'C1 ', ' C1', 'C10', '', 'Ç1', '1C'])
      assert.equal(guard.seen(id), false, JSON.stringify(id));
    assert.equal(guard.seen(''), true);
  });

  void it('keeps separate guards separate', () => {
    const first = new DuplicateGuard();
    const second = new DuplicateGuard();
    assert.equal(first.seen('C1'), false);
    assert.equal(second.seen('C1'), false);
    assert.equal(first.seen('C1'), true);
  });

  void it('tells 200,000 distinct ids apart, then recognises every one of them', () => {
    const guard = new DuplicateGuard();
    const ids = Array.from({ length: 200_000 }, (_, i) => `CLM-${String(i).padStart(7, '0')}`);
    assert.equal(ids.filter((id) => guard.seen(id)).length, 0);
    assert.equal(ids.filter((id) => !guard.seen(id)).length, 0);
  });

  void it('tells short ids apart that differ in one character or in length', () => {
    const guard = new DuplicateGuard();
    const ids: string[] = [];
    for (let a = 32; a < 127; a++) {
      ids.push(String.fromCharCode(a));
      for (let b = 32; b < 127; b++) ids.push(String.fromCharCode(a, b));
    }
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(ids.filter((id) => guard.seen(id)).length, 0);
    assert.equal(ids.filter((id) => !guard.seen(id)).length, 0);
  });

  // 30,000 ids from 9,000 distinct values in a scrambled order: repeats near and far apart.
  const ids = Array.from({ length: 30_000 }, (_, i) => `CLM-${(i * 7919) % 9000}`);

  for (const [when, limits] of [
    // 1,000 kept in memory: nine runs written out; a 1,024-bit filter sees nearly everything.
    ['most fingerprints are on disk and the filter is saturated', { recentKeys: 1000, filterBits: 1024 }],
    ['it has its own filter, across a run written out', { recentKeys: 4096 }],
  ] as const)
    void it(`answers exactly when ${when}`, () => {
      const guard = new DuplicateGuard(limits);
      try {
        assert.deepEqual(
          ids.map((id) => guard.seen(id)),
          seenBefore(ids),
        );
      } finally {
        guard.close();
      }
    });

  void it('leaves no file behind, even before it is closed', () => {
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith('reclaim-guard-'));
    const guard = new DuplicateGuard({ recentKeys: 10 });
    for (let i = 0; i < 100; i++) guard.seen(`C${i}`);
    assert.deepEqual(
      readdirSync(tmpdir()).filter((name) => name.startsWith('reclaim-guard-')),
      before,
    );
    assert.equal(guard.seen('C5'), true, 'from a run on disk');
    guard.close();
  });

  void it('says which temporary directory it cannot write to', () => {
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = '/nonexistent/reclaim-tmp';
    try {
      const guard = new DuplicateGuard({ recentKeys: 2 });
      guard.seen('C1');
      assert.throws(
        () => guard.seen('C2'),
        (error: ReclaimError) =>
          error.code === 'OUTPUT_NOT_WRITABLE' && error.message.includes('/nonexistent/reclaim-tmp (TMPDIR)'),
      );
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});
