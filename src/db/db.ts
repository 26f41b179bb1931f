/** A row as returned by a query: column name → parsed value. */
export type Row = Record<string, unknown>;

/** What both engines can do inside or outside a transaction. */
export interface Queryable {
  /** Runs one parameterised statement and returns its rows. */
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Bulk-loads rows in PostgreSQL text COPY format (see `copyText`), as a string or UTF-8 bytes,
   * into `table (columns)`, or in binary COPY format (`format: 'binary'`). One round trip per
   * call, whatever the number of rows. `freeze` loads them frozen, which only a table created (or
   * truncated) in the same transaction allows.
   */
  copyIn(
    table: string,
    columns: readonly string[],
    data: string | Uint8Array,
    options?: CopyOptions,
  ): Promise<void>;
  /**
   * Several `copyIn`s, in order, as one call: a database on a thread of its own is handed them all
   * at once, so it starts each as soon as the one before it is done instead of waiting for the
   * calling thread to get round to asking (X12 posting: a batch's claim payments, lines,
   * adjustments and denials).
   */
  copyInMany(loads: readonly CopyLoad[]): Promise<void>;
}

/** BEGIN, `fn`, then COMMIT, or ROLLBACK when `fn` throws: a transaction on one connection. */
export async function oneTransaction<T>(
  run: (sql: string) => Promise<unknown>,
  fn: () => Promise<T>,
): Promise<T> {
  await run('BEGIN');
  try {
    const result = await fn();
    await run('COMMIT');
    return result;
  } catch (error) {
    await run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** `copyInMany` for an engine that runs on the calling thread: one `copyIn` after the other. */
export function oneAfterAnother(copyIn: Queryable['copyIn']): Queryable['copyInMany'] {
  return async (loads) => {
    for (const l of loads) await copyIn(l.table, l.columns, l.data, l.options);
  };
}

/** One `copyIn` of a `copyInMany`. */
export interface CopyLoad {
  readonly table: string;
  readonly columns: readonly string[];
  readonly data: string | Uint8Array;
  readonly options?: CopyOptions;
}

export interface CopyOptions {
  readonly freeze?: boolean;
  /** `binary`: the payload is PostgreSQL's binary COPY format (header, tuples, trailer). */
  readonly format?: 'text' | 'binary';
}

/** The COPY statement both drivers run. */
export function copyStatement(
  table: string,
  columns: readonly string[],
  source: string,
  options: CopyOptions = {},
): string {
  const settings = [
    ...(options.format === 'binary' ? ['FORMAT binary'] : []),
    ...(options.freeze ? ['FREEZE'] : []),
  ];
  return `COPY ${table} (${columns.join(', ')}) FROM ${source}${settings.length > 0 ? ` WITH (${settings.join(', ')})` : ''}`;
}

/** A transaction handle: the same operations, bound to one connection. */
export type Tx = Queryable;

export type Engine = 'pglite' | 'postgres';

/** One interface over embedded PGlite and a PostgreSQL server. */
export interface Db extends Queryable {
  readonly engine: Engine;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** PostgreSQL type oids whose default parsing we override in both drivers. */
export const TYPE_OIDS = { int8: 20, date: 1082 } as const;

/** int8 as a JS number (cents stay exact below 2^53) and dates as 'YYYY-MM-DD' strings, never local-time Dates. */
export const parsers: Record<number, (value: string) => unknown> = {
  [TYPE_OIDS.int8]: (value) => Number(value),
  [TYPE_OIDS.date]: (value) => value,
};
