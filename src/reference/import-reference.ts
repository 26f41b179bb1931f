import type { Tx } from '../db/db.js';
import { ReclaimError } from '../errors.js';
import type { ReferenceKind, RowsOf } from './kinds.js';
import type { ReferenceFile } from './reference-file.js';
import {
  ensureTenant,
  findLoadByChecksum,
  insertAuthorizations,
  insertLoad,
  insertModifierRules,
  updateLoadCounts,
  upsertPayers,
  upsertProviders,
  type LoadedRows,
} from './reference.repository.js';
import { validateRows, type RowProblem } from './validate-rows.js';

/** What loading one file did. */
export interface FileLoadResult {
  readonly file: string;
  /** `already-loaded`: these bytes were loaded for this tenant and kind before; nothing changed. */
  readonly status: 'loaded' | 'already-loaded';
  readonly loadId: number;
  readonly rows: number;
  readonly added: number;
  readonly changed: number;
}

/** How many bad rows an error message lists before it says "and N more". */
const LISTED_PROBLEMS = 10;

/**
 * Loads reference files of one kind for one tenant inside the caller's transaction. Every row of
 * every file is validated first; any bad row refuses the whole import (`VALIDATION_FAILED`,
 * naming file, row and field), so nothing is ever half loaded. Loading is idempotent: the same
 * bytes again are recognised by checksum, and rows already on file are left alone.
 */
export async function importReference(
  tx: Tx,
  options: { tenantId: string; kind: ReferenceKind; loadedBy: string },
  files: readonly ReferenceFile[],
): Promise<FileLoadResult[]> {
  const { tenantId, kind, loadedBy } = options;
  const validated = files.map((file) => ({ file, ...validateRows(kind, file.rows) }));
  const problems = validated.flatMap((v) => v.problems.map((p) => ({ file: v.file.name, ...p })));
  if (problems.length > 0) throw invalidRows(problems);

  await ensureTenant(tx, tenantId);
  const results: FileLoadResult[] = [];
  for (const { file, rows } of validated) {
    const previous = await findLoadByChecksum(tx, tenantId, kind, file.checksum);
    if (previous) {
      results.push({
        file: file.name,
        status: 'already-loaded',
        loadId: previous.loadId,
        rows: rows.length,
        added: 0,
        changed: 0,
      });
      continue;
    }
    const loadId = await insertLoad(tx, {
      tenantId,
      kind,
      fileName: file.name,
      checksum: file.checksum,
      loadedBy,
      rowsRead: rows.length,
    });
    const counts = await loadRows(tx, tenantId, loadId, kind, rows);
    await updateLoadCounts(tx, loadId, counts);
    results.push({ file: file.name, status: 'loaded', loadId, rows: rows.length, ...counts });
  }
  return results;
}

async function loadRows(
  tx: Tx,
  tenantId: string,
  loadId: number,
  kind: ReferenceKind,
  rows: RowsOf[ReferenceKind],
): Promise<LoadedRows> {
  switch (kind) {
    case 'payers':
      return upsertPayers(tx, tenantId, loadId, rows as RowsOf['payers']);
    case 'providers':
      return upsertProviders(tx, tenantId, loadId, rows as RowsOf['providers']);
    case 'modifier-rules':
      return insertModifierRules(tx, tenantId, loadId, rows as RowsOf['modifier-rules']);
    case 'authorizations':
      return insertAuthorizations(tx, tenantId, loadId, rows as RowsOf['authorizations']);
  }
}

function invalidRows(problems: readonly (RowProblem & { file: string })[]): ReclaimError {
  const listed = problems
    .slice(0, LISTED_PROBLEMS)
    .map((p) => `${p.file} row ${p.row}: ${p.field} ${p.message}`)
    .join('; ');
  const more = problems.length > LISTED_PROBLEMS ? `; and ${problems.length - LISTED_PROBLEMS} more` : '';
  const first = problems[0]!;
  return new ReclaimError('VALIDATION_FAILED', `nothing loaded: ${listed}${more}`, {
    file: first.file,
    row: first.row,
    field: first.field,
    problems: problems.map(({ file, row, field, message }) => ({ file, row, field, message })),
  });
}
