// Regenerates migrations/023_denial_policy_data.sql after a change under src/codes/data or to the
// categories. (021 was generated the same way from the first release of the data and is frozen.)
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { policyMigrationSql } from './reference-sql.js';

export const POLICY_MIGRATION_PATH = fileURLToPath(
  new URL('../../migrations/023_denial_policy_data.sql', import.meta.url),
);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(POLICY_MIGRATION_PATH, policyMigrationSql());
  process.stdout.write(`wrote ${POLICY_MIGRATION_PATH}\n`);
}
