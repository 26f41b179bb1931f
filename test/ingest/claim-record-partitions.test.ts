import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listMigrations, migrate } from '../../src/db/migrate.js';
import { createRecordPartition, insertSourceFile } from '../../src/resubmit/run.repository.js';
import { binaryCopy, CopyRows, RECORD_COLUMNS } from '../../src/resubmit/copy-rows.js';
import type { CopyOptions, Db } from '../../src/db/db.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';

const file = (name: string, checksum: string) => ({
  tenant: 'default',
  sourceSystem: 'alpha',
  format: 'csv',
  name,
  checksum,
  sizeBytes: 10,
});

/**
 * Records a new file and, in one transaction, creates its partition and loads `data` into it
 * frozen, as the batch run does.
 */
async function loadNewFile(
  db: Db,
  name: string,
  data: string | Uint8Array,
  options: CopyOptions = {},
): Promise<{ fileId: number; partition: string }> {
  const fileId = await insertSourceFile(db, file(name, `sha-of-${name}`));
  const partition = await db.transaction(async (tx) => {
    const made = await createRecordPartition(tx, { tenant: 'default', fileId, sourceSystem: 'alpha' });
    await tx.copyIn(made, RECORD_COLUMNS, data, { ...options, freeze: true });
    return made;
  });
  return { fileId, partition };
}

for (const engine of ENGINES) {
  describe(`ingest.claim_record partitions on ${engine}`, () => {
    let db: TestDb;
    before(async () => (db = await freshDb(engine)));
    after(() => db.dispose());

    it("a file's partition fills in the tenant, file id and source, and takes a frozen load in its own transaction", async () => {
      const { fileId, partition } = await loadNewFile(
        db,
        'a.csv',
        '1\tA1\tP1\t99213\tMissing modifier\tdenied\t2025-07-01\n',
      );
      assert.equal(partition, `ingest.claim_record_${fileId}`);
      const rows = await db.query(
        'SELECT tenant_id, file_id, source_system, row_number, claim_id, submitted_on FROM ingest.claim_record WHERE file_id = $1',
        [fileId],
      );
      assert.deepEqual(rows, [
        {
          tenant_id: 'default',
          file_id: fileId,
          source_system: 'alpha',
          row_number: 1,
          claim_id: 'A1',
          submitted_on: '2025-07-01',
        },
      ]);
      // Frozen loads are only for a table made in the same transaction: the option is real.
      await assert.rejects(
        db.transaction((tx) =>
          tx.copyIn(`ingest.claim_record_${fileId}`, RECORD_COLUMNS, '2\tA2\t\\N\t\\N\t\\N\t\\N\t\\N\n', {
            freeze: true,
          }),
        ),
        /FREEZE/i,
      );
    });

    it('records rendered for a binary COPY come back exactly as given', async () => {
      const records: [
        number,
        string,
        string | null,
        string | null,
        string | null,
        string | null,
        string | null,
      ][] = [
        [1, 'A1', 'P1', '99213', 'Missing modifier', 'denied', '2025-07-01'],
        [2, 'tab\there\\back\nline', null, null, null, null, null],
        [3, 'Ç-ü-日本-😀', 'Zoë', 'J1885', 'Précis: “quotes” and \r', 'approved', '2024-02-29'],
        [4, 'B4', 'P4', '99213', 'Missing modifier', 'denied', '2000-01-01'],
        [5, 'B5', 'P5', '', ' ', 'pending', '1999-12-31'],
        [6, 'B6', 'P6', '0', 'x'.repeat(5000), 'denied', '0099-03-01'],
        [7, 'B7', 'P7', '1', 'y', 'denied', '9999-12-31'],
      ];
      const rows = new CopyRows();
      for (const r of records) rows.record(...r);
      const batch = rows.take();
      assert.equal(batch.recordCount, records.length);
      const { fileId } = await loadNewFile(
        db,
        'binary.csv',
        binaryCopy([batch.records], batch.records.length),
        {
          format: 'binary',
        },
      );
      const back = await db.query<Record<string, unknown>>(
        `SELECT row_number, claim_id, patient_id, procedure_code, denial_reason, status, submitted_on::text AS submitted_on
         FROM ingest.claim_record WHERE file_id = $1 ORDER BY row_number`,
        [fileId],
      );
      assert.deepEqual(
        back.map((r) => Object.values(r)),
        records,
      );
    });

    it('a second partition for the same file is refused', async () => {
      const fileId = await insertSourceFile(db, file('b.csv', 'c2'));
      await createRecordPartition(db, { tenant: 'default', fileId, sourceSystem: 'alpha' });
      await assert.rejects(createRecordPartition(db, { tenant: 'default', fileId, sourceSystem: 'alpha' }));
    });
  });

  describe(`migration 002 on ${engine}, over records stored before it`, () => {
    let db: TestDb;
    const all = listMigrations();
    before(async () => (db = await freshDb(engine, { migrations: all.filter((m) => m.id !== 2) })));
    after(() => db.dispose());

    it('keeps them, in one partition, and later files get partitions of their own', async () => {
      const old = await insertSourceFile(db, file('old.csv', 'c0'));
      await db.query(
        `INSERT INTO ingest.claim_record (tenant_id, file_id, row_number, source_system, claim_id)
         VALUES ('default', $1, 1, 'alpha', 'A1'), ('default', $1, 2, 'alpha', 'A2')`,
        [old],
      );
      assert.deepEqual(await migrate(db, all), ['002_claim_record_by_file']);

      const { fileId: fresh } = await loadNewFile(db, 'new.csv', '1\tN1\t\\N\t\\N\t\\N\t\\N\t\\N\n');
      const where = await db.query<{ part: string; claim_id: string }>(
        'SELECT tableoid::regclass::text AS part, claim_id FROM ingest.claim_record ORDER BY file_id, row_number',
      );
      assert.deepEqual(where, [
        { part: 'ingest.claim_record_before_002', claim_id: 'A1' },
        { part: 'ingest.claim_record_before_002', claim_id: 'A2' },
        { part: `ingest.claim_record_${fresh}`, claim_id: 'N1' },
      ]);
    });
  });
}
