import type { Tx } from './db.js';

/** A savepoint of the caller's transaction: undo back to it, or keep what was done since. */
export interface Savepoint {
  /** `ROLLBACK TO SAVEPOINT`: undoes what was done since, and the transaction goes on. */
  rollback(): Promise<void>;
  /** `RELEASE SAVEPOINT`: keeps what was done since. */
  release(): Promise<void>;
}

/**
 * Sets a savepoint named `name` (an identifier of the code, never input) in `tx`: a unit of work
 * that may be undone without ending the transaction. One statement per call, as written by hand.
 */
export async function savepoint(tx: Tx, name: string): Promise<Savepoint> {
  await tx.query(`SAVEPOINT ${name}`);
  return {
    rollback: async () => {
      await tx.query(`ROLLBACK TO SAVEPOINT ${name}`);
    },
    release: async () => {
      await tx.query(`RELEASE SAVEPOINT ${name}`);
    },
  };
}
