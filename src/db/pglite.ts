import { setFlagsFromString } from 'node:v8';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { makeDirectory } from '../io/directories.js';
import { copyStatement, oneAfterAnother, parsers, type Db, type Queryable, type Row } from './db.js';

// PGlite is PostgreSQL compiled to WebAssembly. V8 runs it first with its baseline compiler and
// recompiles the functions that get warm with its optimising one, on background threads. On a
// million-row batch run that recompiling took about 1.4 s of CPU (495 functions, the five
// largest 100 KB and more each), on the cores the run itself needs, and each large function's
// compilation holds 24–37 MB that the allocator keeps after it is freed: most of what a command's
// peak memory holds beyond PGlite's own. A budget 300 times the default (30 times the 20,000,000
// used before) keeps recompiling to the hottest few: on the 20 MB ingest benchmark peak RSS fell
// 30–60 MB (837 on PGlite 307 → 232–245 MB, opening 203 → 169 MB) with less CPU, and the million-row
// batch run took 4.12–4.37 s against 4.51–4.68 s (three rounds each, same machine and minutes).
// Process-wide; it touches nothing but WebAssembly, and is read when a module is compiled, so it
// is set before PGlite is.
setFlagsFromString('--wasm-tiering-budget=300000000');

export interface PgliteOptions {
  /** Start from a dump of a data directory (tests use a migrated template). */
  readonly loadDataDir?: Blob;
  /** Wrap an instance that is already open. */
  readonly instance?: PGlite;
  /**
   * PostgreSQL's buffer pool, which it allocates and zeroes when it starts (so it is resident for
   * the whole process, used or not). `small`, the default: 16 MB, for commands, which read or load
   * one file's worth and exit. Opening a migrated database then peaks about 120 MB lower than with
   * PostgreSQL's default 128 MB (`reclaim migrate` with nothing to apply: 328 → 208 MB) and opens
   * sooner; a load's dirty pages are written out while it runs, on the database thread beside the
   * others, rather than all at its commit, when nothing else is left to run (a million-row run's
   * commit went from about 0.14 s to 0.01 s). A page not in the pool is one read of the data file,
   * which the operating system's cache holds (memory, for an in-memory database). `large`:
   * PostgreSQL's default 128 MB, for `serve`, which runs for hours and reads the same worklists
   * again and again. The other settings that size shared memory matter little: max_connections = 5
   * would save 3 MB, and shrink the lock table that one transaction of many migrations needs.
   */
  readonly bufferPool?: 'small' | 'large';
}

/** Opens embedded PostgreSQL; `dataDir` undefined means in memory. */
export async function openPglite(dataDir: string | undefined, options: PgliteOptions = {}): Promise<Db> {
  if (dataDir) makeDirectory(dataDir);
  const pg =
    options.instance ??
    (await PGlite.create(dataDir, {
      parsers,
      // An embedded database has no replicas: with minimal write-ahead logging, a table created
      // and loaded in one transaction (a file's records) is written once, not twice.
      postgresqlconf: [
        'wal_level = minimal',
        'max_wal_senders = 0',
        ...(options.bufferPool === 'large' ? [] : ['shared_buffers = 16MB']),
      ],
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    }));
  const ops = queryable(pg, pg);
  return {
    engine: 'pglite',
    ...ops,
    transaction: (fn) => pg.transaction((tx) => fn(queryable(tx, pg))),
    close: () => pg.close(),
  };
}

let copies = 0;

/** `pg` runs the statements (the instance, or a transaction of it); `instance` owns the file system. */
function queryable(pg: PGlite | Transaction, instance: PGlite): Queryable {
  const copyIn: Queryable['copyIn'] = async (table, columns, data, options) => {
    // PGlite has no COPY protocol stream. The data goes into a file of its in-memory file
    // system, which PostgreSQL reads with whole-block copies (PGlite's /dev/blob device copies
    // byte by byte: 0.3 s of a million-row load). The file takes the bytes as they are
    // (`canOwn`) rather than a copy: they are not used again, and the file is gone when this
    // returns. Text is encoded here first: given a string, the file system would build an array
    // of numbers, one per byte, before its bytes.
    const fs = instance.Module.FS;
    const path = `/tmp/reclaim-copy-${++copies}`;
    fs.writeFile(path, typeof data === 'string' ? new TextEncoder().encode(data) : data, { canOwn: true });
    try {
      await pg.query(copyStatement(table, columns, `'${path}'`, options));
    } finally {
      fs.unlink(path);
    }
  };
  return {
    async query<T extends Row>(sql: string, params: readonly unknown[] = []) {
      const result = await pg.query<T>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql) {
      await pg.exec(sql);
    },
    copyIn,
    copyInMany: oneAfterAnother(copyIn),
  };
}
