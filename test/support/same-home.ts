// Several `reclaim` processes started together on one RECLAIM_HOME, and the same commands run one
// after another: used by test/db/same-home.test.ts and bench/concurrency/same-home.ts.
import { spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';

export interface Finished {
  readonly command: readonly string[];
  readonly code: number | null;
  readonly err: string;
  /** When it exited (ms since the start of the round): the order the lock let them work in. */
  readonly at: number;
}

/** The commands of a round: runs, an ingest and corrections, mixed. */
export function roundCommands(processes: 2 | 4, work: string): string[][] {
  const run = [
    'run',
    '--input',
    'alpha:samples/emr_alpha.csv',
    '--input',
    'beta:samples/emr_beta.json',
    '--as-of',
    '2025-07-30',
  ];
  const all = [
    [...run, '--out', join(work, 'out-a')],
    ['ingest', 'test/x12/fixtures/tigershark__835-example-2.txt'],
    [...run, '--out', join(work, 'out-b')],
    ['correct', '--all', '--json'],
  ];
  return all.slice(0, processes);
}

/** `reclaim` as given by `cli` (e.g. ['bin/reclaim.js'] or the dev script through tsx). */
export function start(
  cli: readonly string[],
  command: readonly string[],
  home: string,
  started: number,
): Promise<Finished> {
  const child = spawn(process.execPath, [...cli, ...command], {
    env: {
      ...process.env,
      RECLAIM_HOME: home,
      DATABASE_URL: '',
      NATS_URL: '',
      RECLAIM_LOCK_WAIT_SECONDS: '120',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ command, code, err, at: performance.now() - started })),
  );
}

/** What the database holds, without ids, times or run ids: comparable between two homes. */
export const CONTENTS_SQL = `
SELECT json_build_object(
  'files', (SELECT json_agg(x ORDER BY x) FROM (SELECT source_system || ':' || checksum_sha256 || ':' || rows_read || ':' || rows_accepted || ':' || rows_quarantined AS x FROM ingest.source_file) f),
  'runs', (SELECT json_agg(x ORDER BY x) FROM (SELECT status || ':' || coalesce(metrics->'totals'->>'candidates', '') AS x FROM billing.batch_run) r),
  'run_files', (SELECT count(*) FROM billing.run_file),
  'records', (SELECT count(*) FROM ingest.claim_record),
  'quarantine', (SELECT count(*) FROM ingest.quarantine),
  'remit_claims', (SELECT count(*) FROM billing.remit_claim),
  'denials', (SELECT json_agg(x ORDER BY x) FROM (SELECT status || ':' || array_to_string(carc_codes, ',') AS x FROM billing.denial) d),
  'attempts', (SELECT json_agg(x ORDER BY x) FROM (SELECT handler_name || ':' || status AS x FROM billing.auto_correction_attempt) a),
  'outbox', (SELECT count(*) FROM billing.outbox_event)
)::text AS contents`;

/** A copy of a migrated home to start a round from (initdb once, not per round). */
export function copyHome(template: string, to: string): string {
  cpSync(template, to, { recursive: true });
  return to;
}
