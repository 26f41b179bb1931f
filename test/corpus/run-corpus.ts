import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { correctAll, type BulkSummary } from '../../src/correction/bulk.js';
import type { Db } from '../../src/db/db.js';
import { ingestX12File } from '../../src/ingest/x12/ingest-x12.js';
import { importReference } from '../../src/reference/import-reference.js';
import { REFERENCE_KINDS } from '../../src/reference/kinds.js';
import { readReferenceFile } from '../../src/reference/reference-file.js';

/** Everything in one corpus folder, in name order. */
export const filesIn = (dir: string, folder: string): string[] =>
  readdirSync(join(dir, folder))
    .sort()
    .map((f) => join(dir, folder, f));

/** Loads a corpus's four reference files as `reclaim reference import` does. */
export async function importCorpusReference(db: Db, dir: string, tenantId: string): Promise<void> {
  for (const kind of REFERENCE_KINDS) {
    const file = await readReferenceFile(join(dir, 'reference', `${kind}.csv`), kind);
    await db.transaction((tx) => importReference(tx, { tenantId, kind, loadedBy: 'test' }, [file]));
  }
}

/** Ingests files one transaction each, as `reclaim ingest` does. */
export async function ingestAll(db: Db, files: readonly string[], tenantId: string): Promise<void> {
  for (const path of files) {
    await db.transaction((tx) => ingestX12File(tx, path, { tenantId, sourceSystem: 'corpus' }));
  }
}

export function correctEverything(db: Db, tenantId: string): Promise<BulkSummary> {
  return correctAll(db, { envelope: { tenantId, orgId: null, correlationId: 'corpus-test' } });
}
