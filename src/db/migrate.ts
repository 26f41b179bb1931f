import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ReclaimError } from '../errors.js';
import type { Db, Queryable } from './db.js';

/** Migrations ship beside the package: `<root>/migrations/NNN_name.sql`. */
const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** An arbitrary constant: serialises migration across processes sharing one server. */
const MIGRATION_LOCK = 715_201;

export interface Migration {
  readonly id: number;
  readonly name: string;
  readonly sql: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((file) => ({
      id: Number(file.slice(0, 3)),
      name: file.slice(4, -4),
      sql: readFileSync(dir + file, 'utf8'),
    }));
}

/** Applies, in order and each in its own transaction, the migrations not applied yet. Returns their names. */
export async function migrate(db: Db, migrations = listMigrations()): Promise<string[]> {
  // Every command starts here: when all are applied already, one statement says so.
  const pending = await pendingMigrations(db, migrations);
  if (pending.length === 0) return [];
  try {
    return await apply(db, migrations);
  } catch (error) {
    // A role that may read and write rows but not change the schema (README, "Using a PostgreSQL
    // server"): say what to do instead of failing on the first statement it may not run.
    if ((error as { code?: string }).code !== '42501') throw error;
    const first = pending[0]!;
    throw new ReclaimError(
      'DATABASE_UNAVAILABLE',
      `migration ${label(first)} is not applied and this database role may not apply it ` +
        `(${(error as Error).message}): run 'reclaim migrate' as the role that owns the tables`,
      { migration: label(first) },
      { cause: error },
    );
  }
}

async function apply(db: Db, migrations: readonly Migration[]): Promise<string[]> {
  await db.transaction(async (tx) => {
    // Under the lock, so that processes starting together on one server do not race to create it.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS public.reclaim_migration (
      id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  });
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const seen = await tx.query('SELECT 1 FROM public.reclaim_migration WHERE id = $1', [m.id]);
      if (seen.length > 0) return false;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO public.reclaim_migration (id, name) VALUES ($1, $2)', [m.id, m.name]);
      return true;
    });
    if (done) applied.push(label(m));
  }
  return applied;
}

function label(m: Migration): string {
  return `${String(m.id).padStart(3, '0')}_${m.name}`;
}

/** The migrations this database has not applied (all of them where it has none). */
async function pendingMigrations(db: Db, migrations: readonly Migration[]): Promise<Migration[]> {
  const [table] = await db.query<{ present: boolean }>(
    `SELECT to_regclass('public.reclaim_migration') IS NOT NULL AS present`,
  );
  if (!table?.present) return [...migrations];
  const rows = await db.query<{ id: number }>('SELECT id FROM public.reclaim_migration');
  const applied = new Set(rows.map((r) => r.id));
  return migrations.filter((m) => !applied.has(m.id));
}

/** The names of the migrations applied to this database, oldest first. */
export async function appliedMigrations(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ name: string }>('SELECT name FROM public.reclaim_migration ORDER BY id');
  return rows.map((r) => r.name);
}
