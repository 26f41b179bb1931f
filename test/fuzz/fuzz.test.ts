import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freshDb } from '../support/databases.js';
import { tempDir } from '../support/temp.js';
import { fuzz } from './harness.js';
import { fuzzApi } from './setup.js';

describe('fuzz: mutated input through every entry point, fixed seed', () => {
  it(
    '2,000 cases: every outcome a documented exit code, no message repeats input, nothing half-stored',
    { timeout: 240_000 },
    async () => {
      const db = await freshDb('pglite');
      const api = await fuzzApi(db);
      try {
        const report = await fuzz({ cases: 1500, seed: 15, dir: tempDir('reclaim-fuzz-'), db, api });
        assert.deepEqual(report.violations, []);
        assert.equal(report.byCode['1'] ?? 0, 0);
        // Every entry point was reached, and both accepted and refused inputs occurred.
        for (const target of ['csv', 'json', 'ndjson', 'profile', 'x12', 'reference', 'cli', 'run', 'api'])
          assert.ok(
            Object.keys(report.counts).some((k) => k.startsWith(`${target}:`)),
            target,
          );
        assert.ok((report.byCode['0'] ?? 0) > 0 && (report.byCode['2'] ?? 0) > 0);
      } finally {
        await api.close();
        await db.dispose();
      }
    },
  );
});
