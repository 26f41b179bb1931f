import type { Tx } from '../../db/db.js';
import type { CandidateClaim } from './claim-match.js';
import { savepoint } from '../../db/savepoint.js';

/** The first id an X12 file may use in each table whose ids its rows reference. */
export interface IdBases {
  readonly remittance: number;
  readonly remitClaim: number;
  readonly remitLine: number;
  readonly claim: number;
}

/** The tables whose ids posting assigns, and their identity columns. */
const ID_TABLES = [
  ['remittance', 'billing.remittance', 'remittance_id'],
  ['remitClaim', 'billing.remit_claim', 'remit_claim_id'],
  ['remitLine', 'billing.remit_line', 'remit_line_id'],
  ['claim', 'billing.claim', 'claim_id'],
] as const;

/** What posting needs to know before the first row: where its ids start, and what is on file. */
export interface PostingStart {
  readonly bases: IdBases;
  readonly hadClaims: boolean;
  readonly hadRemittances: boolean;
}

/**
 * Takes the insert lock of the tables whose ids an X12 file assigns itself (SHARE ROW EXCLUSIVE:
 * reading goes on, writing waits until this transaction ends), then draws the first id of each.
 * Under the lock nobody else draws from those sequences, so the file uses the ids after it in
 * order and `releaseIds` moves each sequence past the last one used.
 */
export async function reserveIds(tx: Tx, tenantId: string): Promise<PostingStart> {
  await tx.query(`LOCK TABLE ${ID_TABLES.map(([, table]) => table).join(', ')} IN SHARE ROW EXCLUSIVE MODE`);
  const [row] = await tx.query<Record<string, number | boolean>>(
    `SELECT ${ID_TABLES.map(
      ([key, table, column]) =>
        `nextval(pg_get_serial_sequence('${table}', '${column}'))::bigint AS "${key}"`,
    ).join(', ')},
       EXISTS (SELECT 1 FROM billing.claim WHERE tenant_id = $1) AS had_claims,
       EXISTS (SELECT 1 FROM billing.remittance WHERE tenant_id = $1) AS had_remittances`,
    [tenantId],
  );
  if (!row) throw new Error('reserveIds: no row');
  return {
    bases: {
      remittance: Number(row.remittance),
      remitClaim: Number(row.remitClaim),
      remitLine: Number(row.remitLine),
      claim: Number(row.claim),
    },
    hadClaims: row.had_claims === true,
    hadRemittances: row.had_remittances === true,
  };
}

/**
 * Gives the rest of the transaction 32 MB of work memory: the linking statements join and sort a
 * file's rows in memory, not in temporary files.
 */
export async function setLinkingWorkMem(tx: Tx): Promise<void> {
  await tx.query(`SET LOCAL work_mem = '32MB'`);
}

/** The tables posting writes in bulk: the rows of one file and their links to each other. */
const POSTED_TABLES = [
  'billing.claim',
  'billing.claim_line',
  'billing.claim_submission',
  'billing.claim_submission_source',
  'billing.claim_status_history',
  'billing.remit_claim',
  'billing.remit_line',
  'billing.remittance_adjustment',
  'billing.remittance_remark',
  'billing.provider_adjustment',
  'billing.denial',
  'ingest.data_quality_issue',
];

/**
 * Runs posting statements without PostgreSQL's row-by-row foreign-key checks, where it can: every
 * row they write references a row the same statements just wrote or joined to (a file's claim
 * payments, their lines, adjustments and denials), so the checks can only agree, and they are
 * most of the cost of a large file (on PGlite a quarter of a million checks took longer than the
 * inserts). The checks are off only for this transaction's posting statements
 * (`session_replication_role = replica`), only when the role may do that (PGlite always; a
 * server role only if it is a superuser) and only while none of these tables has a trigger of
 * its own, which replica mode would silence too. Otherwise the statements run checked.
 */
export async function withoutRowChecks<T>(tx: Tx, post: () => Promise<T>): Promise<T> {
  const [triggers] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_trigger WHERE NOT tgisinternal AND tgrelid = ANY($1::regclass[])`,
    [POSTED_TABLES],
  );
  let off = false;
  if (triggers?.n === 0) {
    const rowChecks = await savepoint(tx, 'x12_row_checks');
    try {
      await tx.query(`SET LOCAL session_replication_role = replica`);
      await rowChecks.release();
      off = true;
    } catch {
      await rowChecks.rollback();
    }
  }
  const result = await post();
  if (off) await tx.query(`SET LOCAL session_replication_role = origin`);
  return result;
}

/**
 * Loads one batch: per table, COPY text the poster encoded in the order of `table.columns`,
 * parents before children, handed over at once (`copyInMany`).
 */
export async function copyPostedRows(
  tx: Tx,
  batch: readonly (readonly [{ readonly name: string; readonly columns: readonly string[] }, Uint8Array])[],
): Promise<void> {
  await tx.copyInMany(batch.map(([table, data]) => ({ table: table.name, columns: table.columns, data })));
}

/**
 * Rewrites a remittance header written earlier in this file whose trailer changed it: `header` is
 * payer_key, trace_number, payer_name, payee_name, payee_npi, handling_code, payment_cents,
 * payment_method, payment_date, production_date, source_position and payer_ids (a text array).
 */
export async function updateRemittanceHeader(
  tx: Tx,
  remittanceId: number,
  header: readonly unknown[],
): Promise<void> {
  await tx.query(
    `UPDATE billing.remittance SET (payer_key, trace_number, payer_name, payee_name, payee_npi, handling_code,
           payment_cents, payment_method, payment_date, production_date, source_position, payer_ids)
           = ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::text[])
         WHERE remittance_id = $1`,
    [remittanceId, ...header],
  );
}

/** Dates the file's denials of a remittance, and keys them by payer, from its header as stored now. */
export async function redateRemittanceDenials(tx: Tx, remittanceId: number, fileId: number): Promise<void> {
  await tx.query(
    `UPDATE billing.denial d SET payer_key = r.payer_key, denied_on = coalesce(r.payment_date, r.production_date)
         FROM billing.remit_claim rc JOIN billing.remittance r ON r.remittance_id = rc.remittance_id
         WHERE rc.remittance_id = $1 AND rc.source_file_id = $2 AND d.remit_claim_id = rc.remit_claim_id`,
    [remittanceId, fileId],
  );
}

/**
 * What the tables a file writes need after it, so that lookups find its rows and the linking
 * statements after it get plans for the tables as they now are. PGlite runs no autovacuum: left
 * alone, its tables are never analysed, and a planner that took a tenant's denials for one row
 * chose a nested loop that read all of them once per account of every file.
 * - The block ranges a file filled in its claim payments' lines, adjustments and remarks are
 *   summarised for their BRIN indexes (migration 073): a range not summarised is read by every
 *   lookup.
 * - Claims are looked after (`claims`) where payments are linked to them: when the file holds
 *   claim payments, or claims of a tenant with claim payments on file. A tenant's first 837s are
 *   not analysed for nothing (41,000 claims took 0.2–0.3 s).
 * - A table is analysed where it has no statistics yet (never analysed, or analysed empty) or has
 *   grown by more than a tenth since: the live rows the statistics system counts (committed
 *   transactions) against the count the last ANALYZE left in `pg_class`, so a file's own rows
 *   count toward the next file's decision. Only the columns lookups and linking use are analysed
 *   (`STATISTICS_COLUMNS`), from a small sample: enough for the row counts, and for lines,
 *   adjustments and remarks that the rows lie in their claim payment's order.
 */
export async function keepStatistics(
  tx: Tx,
  options: { readonly remittances: boolean; readonly claims: boolean },
): Promise<void> {
  // Summarising needs the indexes' owner: the function (migration 075) runs as its owner, so a
  // server role that may only read and write rows summarises too. Analysing needs the table's
  // owner as well; such a role leaves it to the server's autovacuum (tables it does not own are
  // not analysed here).
  if (options.remittances) await tx.query(`SELECT billing.summarise_remit_ranges()`);
  const tables = [...(options.remittances ? REMITTANCE_TABLES : []), ...(options.claims ? ['claim'] : [])];
  if (tables.length === 0) return;
  const stale = await tx.query<{ name: string }>(
    // The tables by name and their live rows by function: the statistics views over every table
    // took about as long again, for each file (14 against 8 ms on PGlite).
    `SELECT t.name FROM unnest($1::text[], $2::text[]) AS t(name, col)
      JOIN pg_class c ON c.oid = to_regclass('billing.' || t.name)
      WHERE pg_has_role(c.relowner, 'USAGE')
        AND (c.reltuples < 0 OR pg_stat_get_live_tuples(c.oid) * 10 > c.reltuples * 11
             OR NOT EXISTS (SELECT 1 FROM pg_stats p WHERE p.schemaname = 'billing' AND p.tablename = t.name
                              AND p.attname = t.col))
      ORDER BY 1`,
    [tables, tables.map((name) => STATISTICS_COLUMNS[name]![0])],
  );
  if (stale.length === 0) return;
  await tx.query(
    `ANALYZE ${stale.map(({ name }) => `billing.${name} (${STATISTICS_COLUMNS[name]!.join(', ')})`).join(', ')}`,
  );
}

/**
 * The tables `keepStatistics` looks after, with the columns it analyses: those lookups and the
 * linking statements after a file filter and join on (the first tells whether the table has
 * statistics). Their statistics target is 10 (migration 073), so the sample is 3,000 rows whatever
 * the table's size: analysing every column of a 41,000-claim file took about a second.
 */
const STATISTICS_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  remit_line: ['remit_claim_id'],
  remittance_adjustment: ['remit_claim_id'],
  remittance_remark: ['remit_claim_id'],
  remit_claim: ['patient_control_number', 'tenant_id', 'source_file_id'],
  denial: ['patient_control_number', 'tenant_id', 'kind', 'status'],
  claim: ['patient_control_number', 'tenant_id'],
};
const REMITTANCE_TABLES = [
  'remit_line',
  'remittance_adjustment',
  'remittance_remark',
  'remit_claim',
  'denial',
];

/** Moves each sequence to the last id the file used (the next insert gets the one after). */
export async function releaseIds(tx: Tx, bases: IdBases, next: IdBases): Promise<void> {
  const moves = ID_TABLES.filter(([key]) => next[key] > bases[key] + 1);
  if (moves.length === 0) return;
  await tx.query(
    `SELECT ${moves
      .map(
        ([key, table, column]) => `setval(pg_get_serial_sequence('${table}', '${column}'), ${next[key] - 1})`,
      )
      .join(', ')}`,
  );
}

export interface RemittanceOnFile extends Record<string, unknown> {
  readonly remittance_id: number;
  readonly payer_key: string;
  readonly payment_date: string | null;
  readonly production_date: string | null;
}

/** Remittances on file before this file (ids below `below`), by (payer key, TRN02). */
export async function existingRemittances(
  tx: Tx,
  tenantId: string,
  keys: readonly (readonly [string, string])[],
  below: number,
): Promise<Map<string, RemittanceOnFile>> {
  const rows = await tx.query<RemittanceOnFile & { trace_number: string }>(
    `SELECT r.remittance_id, r.payer_key, r.trace_number, r.payment_date, r.production_date
     FROM unnest($2::text[], $3::text[]) k(payer_key, trace_number)
     JOIN billing.remittance r ON r.tenant_id = $1 AND r.payer_key = k.payer_key AND r.trace_number = k.trace_number
     WHERE r.remittance_id < $4`,
    [tenantId, keys.map((k) => k[0]), keys.map((k) => k[1]), below],
  );
  return new Map(rows.map((r) => [`${r.payer_key}\u0000${r.trace_number}`, r]));
}

/** Keys (CLP01, CLP07, CLP02, occurrence) of a remittance's claim payments on file. */
export async function existingRemitClaimKeys(tx: Tx, remittanceId: number): Promise<Set<string>> {
  const rows = await tx.query<{ pcn: string; pccn: string; status: string; occurrence: number }>(
    `SELECT patient_control_number AS pcn, payer_claim_control_number AS pccn, status_code AS status, occurrence
     FROM billing.remit_claim WHERE remittance_id = $1`,
    [remittanceId],
  );
  return new Set(rows.map((r) => `${r.pcn}\u0000${r.pccn}\u0000${r.status}\u0000${r.occurrence}`));
}

/** A claim on file: what identifies a re-sent claim, and what a claim payment is matched on. */
export interface ExistingClaim extends CandidateClaim, Record<string, unknown> {
  readonly payer_claim_control_number: string | null;
}

/** The claims on file before this file (ids below `below`) of the given accounts, per account. */
export async function existingClaimsOf(
  tx: Tx,
  tenantId: string,
  accounts: readonly string[],
  below: number,
): Promise<Map<string, ExistingClaim[]>> {
  const rows = await tx.query<ExistingClaim & { patient_control_number: string }>(
    `SELECT claim_id, patient_control_number, payer_id, payer_name, payer_responsibility, frequency_code,
            total_charge_cents, payer_claim_control_number, version
     FROM billing.claim
     WHERE tenant_id = $1 AND patient_control_number = ANY ($2::text[]) AND claim_id < $3`,
    [tenantId, accounts, below],
  );
  const byAccount = new Map<string, ExistingClaim[]>();
  for (const r of rows) {
    const list = byAccount.get(r.patient_control_number);
    if (list) list.push(r);
    else byAccount.set(r.patient_control_number, [r]);
  }
  return byAccount;
}

/** A submission of a claim that was on file before the file: it may be recorded already. */
export interface ResentSubmission {
  readonly claimId: number;
  readonly submittedAt: string;
  readonly reference: string;
  readonly controlNumber: string;
  readonly position: number;
  readonly submitterId: string | undefined;
  readonly receiverId: string | undefined;
  readonly receiverName: string | undefined;
}

/**
 * Records the submissions of claims sent again: one already recorded (the same transaction read
 * before) adds nothing, neither evidence nor a status entry. Returns how many were new.
 */
export async function insertResentSubmissions(
  tx: Tx,
  tenantId: string,
  fileId: number,
  rows: readonly ResentSubmission[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const [done] = await tx.query<{ n: number }>(
    `WITH src AS (
       INSERT INTO billing.claim_submission_source (tenant_id, claim_id, submitted_at, reference,
         transaction_control_number, source_file_id, source_position, submitter_id, receiver_id, receiver_name)
       SELECT $1, s.claim_id, s.submitted_at, s.reference, s.control_number, $2, s.position, s.submitter_id,
         s.receiver_id, s.receiver_name
       FROM unnest($3::bigint[], $4::timestamptz[], $5::text[], $6::text[], $7::int[], $8::text[], $9::text[],
                   $10::text[]) WITH ORDINALITY
            s(claim_id, submitted_at, reference, control_number, position, submitter_id, receiver_id, receiver_name, n)
       ORDER BY s.n
       ON CONFLICT DO NOTHING
       RETURNING claim_id, submitted_at, reference),
     sub AS (
       INSERT INTO billing.claim_submission (tenant_id, claim_id, submitted_at, channel, reference)
       SELECT $1, claim_id, submitted_at, 'edi', nullif(reference, '') FROM src
       RETURNING claim_id, submitted_at),
     status AS (
       INSERT INTO billing.claim_status_history (tenant_id, claim_id, status, status_at, source)
       SELECT $1, claim_id, 'SUBMITTED', submitted_at, 'x12-837' FROM sub
       RETURNING 1)
     SELECT count(*)::int AS n FROM status`,
    [
      tenantId,
      fileId,
      rows.map((r) => r.claimId),
      rows.map((r) => r.submittedAt),
      rows.map((r) => r.reference),
      rows.map((r) => r.controlNumber),
      rows.map((r) => r.position),
      rows.map((r) => r.submitterId ?? null),
      rows.map((r) => r.receiverId ?? null),
      rows.map((r) => r.receiverName ?? null),
    ],
  );
  return done?.n ?? 0;
}
