import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
  if (await allApplied(db, migrations)) return [];
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
    if (done) applied.push(`${String(m.id).padStart(3, '0')}_${m.name}`);
  }
  return applied;
}

async function allApplied(db: Db, migrations: readonly Migration[]): Promise<boolean> {
  const [table] = await db.query<{ present: boolean }>(
    `SELECT to_regclass('public.reclaim_migration') IS NOT NULL AS present`,
  );
  if (!table?.present) return false;
  const rows = await db.query<{ id: number }>('SELECT id FROM public.reclaim_migration');
  const applied = new Set(rows.map((r) => r.id));
  return migrations.every((m) => applied.has(m.id));
}

/** The names of the migrations applied to this database, oldest first. */
export async function appliedMigrations(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ name: string }>('SELECT name FROM public.reclaim_migration ORDER BY id');
  return rows.map((r) => r.name);
}
