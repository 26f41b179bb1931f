import { KIND_SCHEMAS, type ReferenceKind, type RowsOf } from './kinds.js';
import type { RawRow } from './reference-file.js';

/** One bad field of one row. */
export interface RowProblem {
  readonly row: number;
  readonly field: string;
  readonly message: string;
}

/**
 * Validates every row of a file against its kind's schema: the valid rows, normalised, and every
 * problem with its row number. A column a row leaves out counts as empty.
 */
export function validateRows<K extends ReferenceKind>(
  kind: K,
  rows: readonly RawRow[],
): { rows: RowsOf[K]; problems: RowProblem[] } {
  const { schema, columns } = KIND_SCHEMAS[kind];
  const valid: unknown[] = [];
  const problems: RowProblem[] = [];
  for (const raw of rows) {
    const input = Object.fromEntries(columns.map((c) => [c, raw.values[c] ?? '']));
    const parsed = schema.safeParse(input);
    if (parsed.success) valid.push(parsed.data);
    else {
      for (const issue of parsed.error.issues) {
        problems.push({ row: raw.row, field: issue.path.join('.') || '(row)', message: issue.message });
      }
    }
  }
  return { rows: valid as RowsOf[K], problems };
}
