// Regenerates migrations/021_rcm_reference_data.sql after a change under src/codes/data.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { referenceMigrationSql } from './reference-sql.js';

export const REFERENCE_MIGRATION_PATH = fileURLToPath(
  new URL('../../migrations/021_rcm_reference_data.sql', import.meta.url),
);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(REFERENCE_MIGRATION_PATH, referenceMigrationSql());
  process.stdout.write(`wrote ${REFERENCE_MIGRATION_PATH}\n`);
}
