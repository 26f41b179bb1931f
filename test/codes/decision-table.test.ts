import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyCodes, classifyDenialCodes, splitGroupCarc } from '../../src/codes/classify-codes.js';
import { loadCarcs } from '../../src/codes/code-lists.js';
import { buildDecisionTable, decisionTable, parseDecisionTable } from '../../src/codes/decision-table.js';

void describe('decision table: the playbook handler coverage table', () => {
  // group, CARC, RARCs → strategies in order, verdict, never-automate
  const coverage = [
    ['CO', '4', [], ['MODIFIER_CORRECTION'], 'retryable', false],
    ['CO', '16', ['N479'], ['MISSING_INFO_REBILL'], 'retryable', false],
    ['CO', '16', ['M51'], ['MISSING_INFO_REBILL'], 'retryable', false],
    ['CO', '16', ['MA66'], ['MISSING_INFO_REBILL'], 'retryable', false],
    ['CO', '16', ['N350'], ['MISSING_INFO_REBILL'], 'ambiguous', true],
    ['CO', '16', ['M79'], ['MISSING_INFO_REBILL'], 'ambiguous', true],
    ['CO', '16', ['N381'], ['MISSING_INFO_REBILL'], 'ambiguous', true],
    ['CO', '16', ['M80'], ['MISSING_INFO_REBILL'], 'ambiguous', true],
    ['CO', '16', ['M51', 'N350'], ['MISSING_INFO_REBILL'], 'ambiguous', true],
    ['CO', '18', [], ['DUPLICATE_LINK'], 'non_retryable', false],
    ['CO', '29', [], ['TIMELY_FILING_APPEAL'], 'non_retryable', false],
    ['CO', '97', [], ['DUPLICATE_LINK', 'ADJUDICATION_APPEAL'], 'non_retryable', false],
    ['PR', '1', [], ['PATIENT_BILLING'], 'non_retryable', false],
    ['PR', '2', [], ['PATIENT_BILLING'], 'non_retryable', false],
    ['PR', '3', [], ['PATIENT_BILLING'], 'non_retryable', false],
  ] as const;
  for (const [group, carc, rarcs, strategies, verdict, never] of coverage) {
    void it(`${group}-${carc} ${rarcs.join('+')} → ${strategies.join(' / ')}`, () => {
      const r = classifyCodes({ group, carc, rarcs });
      assert.deepEqual(
        {
          strategies: r.strategies,
          strategy: r.strategy,
          verdict: r.verdict,
          never: r.neverAutomate,
          source: r.source,
        },
        { strategies, strategy: strategies[0], verdict, never, source: 'code' },
      );
    });
  }
});

void describe('decision table: lookup', () => {
  void it('labels, categories and the code for common adjustments', () => {
    const rows = [
      ['CO', '4'],
      ['co', ' 15 '],
      ['OA', '18'],
      ['CO', '50'],
      ['PR', '204'],
      ['CO', '45'],
      ['CR', '4'],
      ['CO', '999'],
    ].map(([group, carc]) => {
      const r = classifyCodes({ group: group!, carc: carc! });
      return [r.carc, r.label, r.category, r.neverAutomate, r.confidence];
    });
    assert.deepEqual(rows, [
      ['CO-4', 'known_retryable', 'coding_modifier', false, 1],
      ['CO-15', 'known_retryable', 'authorization', false, 1],
      ['OA-18', 'known_non_retryable', 'duplicate', false, 1],
      ['CO-50', 'known_non_retryable', 'medical_necessity', true, 1],
      ['PR-204', 'known_non_retryable', 'patient_responsibility', false, 1],
      ['CO-45', 'known_non_retryable', 'contractual', false, 1],
      ['CR-4', 'ambiguous', 'other', true, 1],
      ['CO-999', 'ambiguous', null, true, 0],
    ]);
    assert.equal(classifyCodes({ group: 'PR', carc: '204' }).strategy, 'PATIENT_BILLING');
  });

  void it('classifies a denial from all its codes: contractual and patient share ride along', () => {
    const pick = (codes: string[], rarcs: string[] = []) => {
      const r = classifyDenialCodes(codes, rarcs);
      return [r.carc, r.verdict, r.neverAutomate];
    };
    assert.deepEqual(pick(['CO-4', 'CO-45', 'PR-2']), ['CO-4', 'retryable', false]);
    assert.deepEqual(pick(['CO-4', 'CO-18']), ['CO-18', 'non_retryable', false]);
    assert.deepEqual(pick(['CO-4', 'CO-133']), ['CO-133', 'ambiguous', false]);
    assert.deepEqual(pick(['CO-16'], ['N350']), ['CO-16', 'ambiguous', true]);
    assert.deepEqual(pick(['CO-4', 'CO-147']), ['CO-4', 'retryable', true]);
    assert.deepEqual(pick(['PR-1', 'CO-45']), ['PR-1', 'non_retryable', false]);
    assert.deepEqual(pick(['garbage']), ['??-GARBAGE', 'ambiguous', true]);
    assert.deepEqual(pick([]), ['??-', 'ambiguous', true]);
  });

  void it('splits group and CARC', () => {
    assert.deepEqual(splitGroupCarc('co-4'), { group: 'CO', carc: '4' });
    assert.deepEqual(splitGroupCarc('PR - B13'), { group: 'PR', carc: 'B13' });
    assert.equal(splitGroupCarc('CO4'), null);
  });

  void it('names only CARCs that exist in the code list', () => {
    const known = new Set(loadCarcs().map((c) => c.code));
    const unknown = decisionTable()
      .rows.filter((r) => r.carc !== '*' && !known.has(r.carc))
      .map((r) => r.carc);
    assert.deepEqual(unknown, []);
  });

  void it('decides every active CARC below 300 that a denial commonly carries', () => {
    const table = decisionTable();
    const open = ['4', '16', '18', '29', '50', '96', '97', '119', '197', '204', '236', '252'].filter(
      (c) => table.lookup('CO', c, []) === null,
    );
    assert.deepEqual(open, []);
  });
});

void describe('decision table: parsing', () => {
  const ok = '*\t4\t*\tR\tcoding_modifier\tMODIFIER_CORRECTION\tN\n';
  void it('reads rows and expands CARC lists', () => {
    const rows = parseDecisionTable(
      '# c\n' + ok + 'PR\t1,2\t*\tN\tpatient_responsibility\tPATIENT_BILLING\tN\n',
    );
    assert.deepEqual(
      rows.map((r) => `${r.group}-${r.carc}@${r.line}`),
      ['*-4@2', 'PR-1@3', 'PR-2@3'],
    );
    assert.equal(buildDecisionTable(rows).lookup('PR', '2', [])?.line, 3);
  });
  const bad: ReadonlyArray<readonly [string, RegExp]> = [
    ['*\t4\t*\tR\tcoding_modifier\tN\n', /t\.tsv:1: expected 7/],
    ['*\t4\t*\tX\tcoding_modifier\t-\tN\n', /t\.tsv:1: verdict/],
    ['*\t4\t*\tR\tnonsense\t-\tN\n', /unknown category 'nonsense'/],
    ['*\t4\t*\tR\tcoding_modifier\tFIX_IT\tN\n', /unknown strategy 'FIX_IT'/],
    ['*\t4\t*\tR\tcoding_modifier\t-\tmaybe\n', /never must be Y or N/],
    ['*\t*\t*\tR\tcoding_modifier\t-\tN\n', /must name its CARCs/],
    [ok + ok, /t\.tsv:2: \*-4 \(\*\) already decided on line 1/],
  ];
  for (const [text, error] of bad) {
    void it(`rejects ${JSON.stringify(text.slice(0, 40))}`, () => {
      assert.throws(() => parseDecisionTable(text, 't.tsv'), error);
    });
  }
});
