// Regenerates the newest policy-data migration after a change under src/codes/data or to the
// categories. Each such migration replaces the whole policy (DELETE, then INSERT), so a database that
// applied an older one gets the current rows from the newest. Once a policy migration has been on
// `main` it is frozen: a change to the data after that goes into a new migration, with this path
// moved to it (021, 023 and 024 are frozen this way; a database that ran them keeps running).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { policyMigrationSql } from './reference-sql.js';

export const POLICY_MIGRATION_PATH = fileURLToPath(
  new URL('../../migrations/071_denial_policy_refresh.sql', import.meta.url),
);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(POLICY_MIGRATION_PATH, policyMigrationSql());
  process.stdout.write(`wrote ${POLICY_MIGRATION_PATH}\n`);
}
