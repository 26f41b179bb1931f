import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ReclaimError, type ErrorCode } from '../../src/errors.js';
import { loadProfile } from '../../src/ingest/profile.js';
import { tempDir } from '../support/temp.js';

const dir = tempDir('reclaim-profile-');
after(() => rmSync(dir, { recursive: true, force: true }));

const VOCABULARY = {
  denied: ['denied', 'deny', 'rejected', 'reject'],
  approved: ['approved', 'approve', 'paid'],
  pending: ['pending', 'in process', 'submitted'],
};

/** A minimal valid user profile, with `overrides` merged at the top level. */
function aProfile(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'gamma',
    format: 'ndjson',
    fields: { claim_id: 'ClaimNo' },
    statusVocabulary: { denied: ['DENIED'] },
    ...overrides,
  };
}

/** A pattern matching `text` literally. */
function literally(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

let files = 0;
/** Writes `content` (JSON-encoded unless it is already text) to a new .json file and returns its path. */
function profileFile(content: unknown): string {
  const path = join(dir, `profile-${++files}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** Asserts that loading `ref` fails with `code` and a message matching every pattern. */
function assertFails(ref: string, code: ErrorCode, ...patterns: RegExp[]): void {
  assert.throws(
    () => loadProfile(ref),
    (error: unknown) => {
      assert.ok(error instanceof ReclaimError, String(error));
      assert.equal(error.code, code);
      for (const pattern of patterns) assert.match(error.message, pattern);
      return true;
    },
  );
}

void describe('loadProfile: built-in profiles', () => {
  void it('loads alpha: a CSV export with its own column names and defaults filled in', () => {
    assert.deepEqual(loadProfile('alpha'), {
      name: 'alpha',
      description:
        'EMR alpha: CSV export with claim_id, patient_id, procedure_code, denial_reason, submitted_at, status',
      format: 'csv',
      fields: {
        claim_id: 'claim_id',
        patient_id: 'patient_id',
        procedure_code: 'procedure_code',
        denial_reason: 'denial_reason',
        submitted_at: 'submitted_at',
        status: 'status',
      },
      dateLayouts: ['YYYY-MM-DD', 'MM/DD/YYYY'],
      statusVocabulary: VOCABULARY,
      csv: { delimiter: ',' },
    });
  });

  void it('loads beta: a JSON array keyed id, member, code, error_msg, date, status', () => {
    assert.deepEqual(loadProfile('beta'), {
      name: 'beta',
      description: 'EMR beta: JSON array (or NDJSON) of {id, member, code, error_msg, date, status}',
      format: 'json',
      fields: {
        claim_id: 'id',
        patient_id: 'member',
        procedure_code: 'code',
        denial_reason: 'error_msg',
        submitted_at: 'date',
        status: 'status',
      },
      dateLayouts: ['YYYY-MM-DD', 'MM/DD/YYYY'],
      statusVocabulary: VOCABULARY,
      csv: { delimiter: ',' },
    });
  });

  void it('rejects a name that is neither built in nor a .json path', () => {
    for (const ref of ['gamma', 'Alpha', 'alpha.profile', '', 'profiles/alpha.profile.yaml']) {
      assertFails(ref, 'UNKNOWN_PROFILE', /use one of alpha, beta or a path to a \.json profile file/);
    }
  });
});

void describe('loadProfile: user profile files', () => {
  void it('loads a valid file and fills in the defaults', () => {
    assert.deepEqual(loadProfile(profileFile(aProfile())), {
      name: 'gamma',
      format: 'ndjson',
      fields: { claim_id: 'ClaimNo' },
      dateLayouts: ['YYYY-MM-DD'],
      statusVocabulary: { denied: ['DENIED'], approved: [], pending: [] },
      csv: { delimiter: ',' },
    });
  });

  void it('keeps every declared setting', () => {
    const declared = aProfile({
      name: 'emr_2-b',
      description: 'semicolon export',
      format: 'csv',
      fields: { claim_id: 'Claim', patient_id: 'MRN', submitted_at: 'DOS' },
      dateLayouts: ['DD/MM/YYYY', 'YYYYMMDD'],
      statusVocabulary: { denied: ['abgelehnt'], approved: ['bezahlt'], pending: ['offen'] },
      csv: { delimiter: ';' },
    });
    assert.deepEqual(loadProfile(profileFile(declared)), declared);
  });

  void it('reports a file that does not exist as an unknown profile', () => {
    const missing = join(dir, 'nowhere.json');
    assertFails(missing, 'UNKNOWN_PROFILE', new RegExp(`profile file ${literally(missing)} does not exist`));
  });

  void it('reports text that is not JSON, naming the file', () => {
    const path = profileFile('{ "name": "gamma", ');
    assertFails(
      path,
      'PROFILE_INVALID',
      new RegExp(`^profile ${literally(path)} is not valid JSON( \\(at character \\d+\\))?$`),
    );
  });

  void it('reports a directory named like a profile as invalid', () => {
    const path = join(dir, 'folder.json');
    mkdirSync(path);
    assertFails(path, 'PROFILE_INVALID', /is not valid JSON/);
  });

  void it('names the field path of each schema violation', () => {
    const rows: readonly (readonly [Record<string, unknown>, RegExp])[] = [
      [aProfile({ name: 'Gamma' }), /name: lower-case name, letters, digits, _ or -/],
      [aProfile({ name: '9gamma' }), /name: lower-case name/],
      [aProfile({ format: 'xml' }), /format: Invalid option/],
      [aProfile({ fields: {} }), /fields\.claim_id: Invalid input/],
      [aProfile({ fields: { claim_id: '' } }), /fields\.claim_id: Too small/],
      [aProfile({ fields: { claim_id: 'id', patient_id: '' } }), /fields\.patient_id: Too small/],
      [aProfile({ dateLayouts: [] }), /dateLayouts: Too small/],
      [aProfile({ dateLayouts: ['YYYY-MM-DD', 'YYYY/MM/DD'] }), /dateLayouts\.1: Invalid option/],
      [aProfile({ statusVocabulary: { denied: [] } }), /statusVocabulary\.denied: Too small/],
      [
        aProfile({ statusVocabulary: { denied: ['x'], pending: [''] } }),
        /statusVocabulary\.pending\.0: Too small/,
      ],
      [aProfile({ csv: { delimiter: ';;' } }), /csv\.delimiter: Too big/],
      [aProfile({ extra: true }), /\(root\): 1 unknown key/],
      [{ ...aProfile(), statusVocabulary: undefined }, /statusVocabulary: Invalid input/],
    ];
    for (const [content, pattern] of rows) {
      const path = profileFile(content);
      assertFails(path, 'PROFILE_INVALID', new RegExp(`^profile ${literally(path)} is invalid: `), pattern);
    }
  });

  void it('reports every violation at once', () => {
    const path = profileFile({ name: 'Bad', format: 'xml', fields: {}, statusVocabulary: { denied: [] } });
    assertFails(
      path,
      'PROFILE_INVALID',
      /name: .*; format: .*; fields\.claim_id: .*; statusVocabulary\.denied: /,
    );
  });

  void it('reports a JSON value that is not an object at the root', () => {
    assertFails(profileFile('[]'), 'PROFILE_INVALID', /is invalid: \(root\): Invalid input/);
  });
});
