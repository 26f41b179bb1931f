// The batched X12 posting (rows written into the final tables by COPY while the file is read)
// against the posting it replaced (the whole file staged in temporary tables, then set-based
// statements), kept in test/support/staged-posting as the reference: the same files in the same
// order must leave the same rows and report the same counts, on each engine. Batches of a few
// rows cross batch boundaries everywhere (claims, claim payments, remittances, rejections).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateCorpus } from '../../src/corpus/generate.js';
import type { Tx } from '../../src/db/db.js';
import { ingestX12File } from '../../src/ingest/x12/ingest-x12.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import { ingestX12File as stagedIngest } from '../support/staged-posting/ingest-x12.js';
import { tempDir } from '../support/temp.js';

const TENANT = 'default';
const PUBLIC = '../shared/data/public';

/** Every table ingest writes, as sorted lines with ids replaced by natural keys. */
const SNAPSHOT: Record<string, string> = {
  source_file: `SELECT jsonb_build_array(source_system, format, file_name, checksum_sha256, size_bytes, rows_read,
      rows_accepted, rows_quarantined) FROM ingest.source_file`,
  data_quality_issue: `SELECT jsonb_build_array(f.file_name, i.position, i.field, i.issue, i.raw_value)
      FROM ingest.data_quality_issue i JOIN ingest.source_file f ON f.file_id = i.file_id`,
  claim: `SELECT to_jsonb(c) - 'claim_id' - 'created_at' - 'source_file_id' - 'replaces_claim_id' - 'cob_prior_claim_id'
        || jsonb_build_object('file', f.file_name, 'replaces', r.patient_control_number || '#' || r.version,
                              'cob_prior', p.patient_control_number || '#' || p.version)
      FROM billing.claim c JOIN ingest.source_file f ON f.file_id = c.source_file_id
      LEFT JOIN billing.claim r ON r.claim_id = c.replaces_claim_id
      LEFT JOIN billing.claim p ON p.claim_id = c.cob_prior_claim_id`,
  claim_line: `SELECT to_jsonb(l) - 'claim_id' || jsonb_build_object('claim', c.patient_control_number || '#' || c.version)
      FROM billing.claim_line l JOIN billing.claim c ON c.claim_id = l.claim_id`,
  claim_submission: `SELECT to_jsonb(s) - 'submission_id' - 'claim_id'
        || jsonb_build_object('claim', c.patient_control_number || '#' || c.version)
      FROM billing.claim_submission s JOIN billing.claim c ON c.claim_id = s.claim_id`,
  // Not the ST position: one file may send a claim twice in transaction sets with the same ST02 and
  // time (imsweb__837p_multiple_transactions), one submission, and the staged posting kept either
  // set's position (DISTINCT ON without an order among them); the batched one keeps the first.
  claim_submission_source: `SELECT to_jsonb(s) - 'claim_id' - 'source_file_id' - 'source_position'
        || jsonb_build_object('claim', c.patient_control_number || '#' || c.version, 'file', f.file_name)
      FROM billing.claim_submission_source s JOIN billing.claim c ON c.claim_id = s.claim_id
      JOIN ingest.source_file f ON f.file_id = s.source_file_id`,
  claim_status_history: `SELECT to_jsonb(s) - 'claim_id' - 'status_history_id'
        || jsonb_build_object('claim', c.patient_control_number || '#' || c.version)
      FROM billing.claim_status_history s JOIN billing.claim c ON c.claim_id = s.claim_id`,
  remittance: `SELECT to_jsonb(r) - 'remittance_id' - 'created_at' - 'source_file_id' || jsonb_build_object('file', f.file_name)
      FROM billing.remittance r JOIN ingest.source_file f ON f.file_id = r.source_file_id`,
  remit_claim: `SELECT to_jsonb(rc) - 'remit_claim_id' - 'remittance_id' - 'claim_id' - 'reverses_remit_claim_id'
        - 'source_file_id'
        || jsonb_build_object('remittance', r.payer_key || '/' || r.trace_number, 'file', f.file_name,
             'claim', c.patient_control_number || '#' || c.version, 'reverses', o.patient_control_number || '/' ||
             o.payer_claim_control_number || '/' || o.status_code || '/' || o.occurrence || '/' || ro.trace_number)
      FROM billing.remit_claim rc JOIN billing.remittance r ON r.remittance_id = rc.remittance_id
      JOIN ingest.source_file f ON f.file_id = rc.source_file_id
      LEFT JOIN billing.claim c ON c.claim_id = rc.claim_id
      LEFT JOIN billing.remit_claim o ON o.remit_claim_id = rc.reverses_remit_claim_id
      LEFT JOIN billing.remittance ro ON ro.remittance_id = o.remittance_id`,
  remit_line: `SELECT to_jsonb(l) - 'remit_line_id' - 'remit_claim_id' || jsonb_build_object('payment', ${payment('rc')})
      FROM billing.remit_line l JOIN billing.remit_claim rc ON rc.remit_claim_id = l.remit_claim_id
      JOIN billing.remittance r ON r.remittance_id = rc.remittance_id`,
  remittance_adjustment: `SELECT to_jsonb(a) - 'adjustment_id' - 'remit_claim_id' - 'remit_line_id'
        || jsonb_build_object('payment', ${payment('rc')}, 'line', l.line_number)
      FROM billing.remittance_adjustment a JOIN billing.remit_claim rc ON rc.remit_claim_id = a.remit_claim_id
      JOIN billing.remittance r ON r.remittance_id = rc.remittance_id
      LEFT JOIN billing.remit_line l ON l.remit_line_id = a.remit_line_id`,
  remittance_remark: `SELECT to_jsonb(a) - 'remit_claim_id' - 'remit_line_id'
        || jsonb_build_object('payment', ${payment('rc')}, 'line', l.line_number)
      FROM billing.remittance_remark a JOIN billing.remit_claim rc ON rc.remit_claim_id = a.remit_claim_id
      JOIN billing.remittance r ON r.remittance_id = rc.remittance_id
      LEFT JOIN billing.remit_line l ON l.remit_line_id = a.remit_line_id`,
  provider_adjustment: `SELECT to_jsonb(p) - 'provider_adjustment_id' - 'remittance_id'
        || jsonb_build_object('remittance', r.payer_key || '/' || r.trace_number)
      FROM billing.provider_adjustment p JOIN billing.remittance r ON r.remittance_id = p.remittance_id`,
  denial: `SELECT to_jsonb(d) - 'denial_id' - 'remit_claim_id' - 'claim_id' - 'created_at'
        || jsonb_build_object('payment', ${payment('rc')}, 'claim', c.patient_control_number || '#' || c.version)
      FROM billing.denial d JOIN billing.remit_claim rc ON rc.remit_claim_id = d.remit_claim_id
      JOIN billing.remittance r ON r.remittance_id = rc.remittance_id
      LEFT JOIN billing.claim c ON c.claim_id = d.claim_id`,
};

/** A claim payment by its natural key (`r` the remittance joined). */
function payment(rc: string): string {
  return `r.payer_key || '/' || r.trace_number || '/' || ${rc}.patient_control_number || '/' ||
    ${rc}.payer_claim_control_number || '/' || ${rc}.status_code || '/' || ${rc}.occurrence`;
}

async function snapshot(db: TestDb): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [table, sql] of Object.entries(SNAPSHOT)) {
    const rows = await db.query<{ j: unknown }>(`SELECT x.j::text AS j FROM (${sql}) AS x(j)`);
    out[table] = rows.map((r) => String(r.j)).sort();
  }
  return out;
}

type Ingest = (tx: Tx, path: string, tenantId: string) => Promise<unknown>;

/**
 * What each file reported (without its id), or the one-line error it was refused with. `alone`:
 * each file in a tenant of its own (nothing on file before it: rows are written as they are read).
 */
async function ingestEach(
  db: TestDb,
  files: readonly string[],
  ingest: Ingest,
  alone: boolean,
): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const [i, path] of files.entries()) {
    const tenantId = alone ? `alone-${i}` : TENANT;
    if (alone) await db.query('INSERT INTO billing.tenant (tenant_id, name) VALUES ($1, $1)', [tenantId]);
    try {
      const result = (await db.transaction((tx) => ingest(tx, path, tenantId))) as Record<string, unknown>;
      results.push({ ...result, fileId: undefined });
    } catch (error) {
      results.push({ error: (error as Error).message });
    }
  }
  return results;
}

const listed = (folder: string) =>
  readdirSync(folder)
    .filter((f) => !f.endsWith('.md'))
    .sort()
    .map((f) => join(folder, f));

/** The same bytes with CRLF after each segment: the same content under another checksum. */
function resent(dir: string, path: string): string {
  const copy = join(dir, `resent-${path.split('/').pop()}`);
  writeFileSync(copy, readFileSync(path, 'latin1').replaceAll('~', '~\r\n'), 'latin1');
  return copy;
}

/** A file holding the same interchange twice: every remittance and claim comes twice in it. */
function twice(dir: string, path: string): string {
  const copy = join(dir, `twice-${path.split('/').pop()}`);
  const text = readFileSync(path, 'latin1');
  writeFileSync(copy, text + text, 'latin1');
  return copy;
}

/** An 835 whose first transaction set lost its SE: that payment is rejected, the others kept. */
function withBrokenTransaction(dir: string, path: string): string {
  const text = readFileSync(path, 'utf8');
  const at = text.indexOf('SE*');
  const end = text.indexOf('~', at);
  const copy = join(dir, `broken-${path.split('/').pop()}`);
  writeFileSync(copy, text.slice(0, at) + text.slice(end + 1).replace(/^\s*/, ''));
  return copy;
}

for (const engine of ENGINES) {
  for (const order of ['837s first', '835s first', 'each file alone'] as const) {
    void describe(`batched X12 posting against staged posting on ${engine}, ${order}`, () => {
      let batched: TestDb;
      let staged: TestDb;
      let files: string[];
      before(async () => {
        batched = await freshDb(engine);
        staged = await freshDb(engine);
        const dir = tempDir('reclaim-posting-');
        await generateCorpus(dir, { claims: 120, seed: 11, start: '2025-01-06' });
        const claims = [...listed(join(dir, '837')), ...listed(`${PUBLIC}/x12-837`)];
        // The corpus's last 835 arrives only with a transaction set broken (the rest posted).
        const corpusRemits = listed(join(dir, '835'));
        const broken = withBrokenTransaction(dir, corpusRemits.pop()!);
        const remits = [...corpusRemits, ...listed(`${PUBLIC}/x12-835`)];
        const followups = listed(join(dir, 'followup'));
        files = [
          ...(order === '835s first' ? [...remits, ...claims] : [...claims, ...remits]),
          ...followups,
          broken,
          twice(dir, corpusRemits[0]!),
          twice(dir, claims[0]!),
          ...[claims[0]!, claims.at(-1)!, remits[0]!, remits.at(-1)!, followups[1]!].map((f) =>
            resent(dir, f),
          ),
          ...listed('test/x12/fixtures'),
        ];
      });
      after(async () => {
        await batched?.dispose();
        await staged?.dispose();
      });

      void it('leaves the same rows and reports the same counts, file by file', async () => {
        const alone = order === 'each file alone';
        const options = (tenantId: string) => ({ tenantId, sourceSystem: 'x12' });
        const want = await ingestEach(
          staged,
          files,
          (tx, path, tenantId) => stagedIngest(tx, path, options(tenantId)),
          alone,
        );
        const got = await ingestEach(
          batched,
          files,
          (tx, path, tenantId) => ingestX12File(tx, path, options(tenantId), { batchRows: 7 }),
          alone,
        );
        for (let i = 0; i < files.length; i++) assert.deepEqual(got[i], want[i], files[i]);
        const [a, b] = [await snapshot(batched), await snapshot(staged)];
        for (const table of Object.keys(SNAPSHOT)) {
          const missing = b[table]!.filter((row) => !a[table]!.includes(row)).slice(0, 3);
          const extra = a[table]!.filter((row) => !b[table]!.includes(row)).slice(0, 3);
          assert.deepEqual({ table, missing, extra }, { table, missing: [], extra: [] });
          assert.equal(a[table]!.length, b[table]!.length, table);
        }
        // The corpus, the public files and the fixtures leave rows in every table compared.
        for (const table of Object.keys(SNAPSHOT)) assert.ok(a[table]!.length > 0, `${table} is empty`);
      });
    });
  }
}
