import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitGroupCarc } from '../../src/codes/classify-codes.js';
import { decisionTable } from '../../src/codes/decision-table.js';
import { co16Remarks } from '../../src/correction/handlers/co16-missing-info.js';
import { handlers } from '../../src/correction/handlers/index.js';

// Code and table must say the same thing; these fail when one changes without the other.
void describe('handler registry and decision table agree', () => {
  const table = decisionTable();

  for (const handler of handlers) {
    for (const code of handler.carcs) {
      void it(`${handler.name} on ${code}: the table's row lists one of its strategies`, () => {
        const { group, carc } = splitGroupCarc(code)!;
        const row = table.lookup(group, carc, []);
        assert.ok(row, `${code} has a row`);
        assert.ok(
          row.strategies.some((s) => handler.strategies.includes(s)),
          `${code} row (line ${row.line}) lists ${row.strategies.join(',')}; ${handler.name} does ${handler.strategies.join(',')}`,
        );
        assert.equal(row.neverAutomate, false, `${code} is not on the never-touch list`);
      });
    }
  }

  void it("CO-16's remark split is the table's, and still the playbook's (N479/M51/MA66 act; N350/M79/N381/M80 manual)", () => {
    const split = co16Remarks();
    const rows = table.rows.filter((r) => r.carc === '16' && r.rarc !== '*');
    assert.deepEqual(
      [...split.act].sort(),
      rows
        .filter((r) => !r.neverAutomate && r.strategies.includes('MISSING_INFO_REBILL'))
        .map((r) => r.rarc)
        .sort(),
    );
    assert.deepEqual(
      [...split.manual].sort(),
      rows
        .filter((r) => r.neverAutomate)
        .map((r) => r.rarc)
        .sort(),
    );
    assert.deepEqual([...split.act].sort(), ['M51', 'MA66', 'N479']);
    assert.deepEqual([...split.manual].sort(), ['M79', 'M80', 'N350', 'N381']);
  });

  void it('every strategy a table row names has a registered handler', () => {
    const registered = new Set(handlers.flatMap((h) => h.strategies));
    const named = new Set(table.rows.flatMap((r) => r.strategies));
    assert.deepEqual(
      [...named].filter((s) => !registered.has(s)),
      [],
    );
  });
});
