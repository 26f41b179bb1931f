import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { splitRecord } from '../kpi/delimited.js';
import { ReclaimError } from '../errors.js';
import { KIND_SCHEMAS, OPTIONAL_COLUMNS, type ReferenceKind } from './kinds.js';

/** One data row of a reference file, its fields as text; `row` counts data rows from 1. */
export interface RawRow {
  readonly row: number;
  readonly values: Readonly<Record<string, string>>;
}

export interface ReferenceFile {
  readonly name: string;
  readonly checksum: string;
  readonly rows: RawRow[];
}

/**
 * Reads a reference file as CSV (a header row naming the columns, in any order) or JSON (an
 * array of objects with the same keys), chosen by the `.json` extension or a leading `[`.
 * A file whose shape is wrong (unknown or missing columns, broken JSON) is refused as a whole.
 */
export async function readReferenceFile(path: string, kind: ReferenceKind): Promise<ReferenceFile> {
  const name = basename(path);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new ReclaimError(
      'INPUT_NOT_FOUND',
      `${name}: cannot read the file`,
      { file: name },
      { cause: error },
    );
  }
  return parseReferenceText(name, bytes, kind, extname(path).toLowerCase() === '.json');
}

/** The same from bytes in hand (`demo seed` loads the reference files it makes this way). */
export function parseReferenceText(
  name: string,
  bytes: Buffer,
  kind: ReferenceKind,
  json = false,
): ReferenceFile {
  const checksum = createHash('sha256').update(bytes).digest('hex');
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const rows = json || text.trimStart().startsWith('[') ? jsonRows(name, text) : csvRows(name, text);
  checkColumns(name, kind, rows);
  return { name, checksum, rows };
}

function csvRows(name: string, text: string): RawRow[] {
  const lines = text.split(/\r?\n/);
  const headerLine = lines[0] ?? '';
  const header = splitRecord(headerLine, ',')?.map((h) => h.trim().toLowerCase());
  if (!header || header.every((h) => h === '')) {
    throw new ReclaimError('INPUT_INVALID', `${name}: line 1: a header row naming the columns is required`, {
      file: name,
      line: 1,
    });
  }
  const rows: RawRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const fields = splitRecord(line, ',');
    if (!fields) {
      throw new ReclaimError('INPUT_INVALID', `${name}: row ${rows.length + 1}: a quote is left open`, {
        file: name,
        row: rows.length + 1,
      });
    }
    if (fields.length !== header.length) {
      throw new ReclaimError(
        'INPUT_INVALID',
        `${name}: row ${rows.length + 1}: ${fields.length} fields where the header has ${header.length}`,
        { file: name, row: rows.length + 1 },
      );
    }
    rows.push({
      row: rows.length + 1,
      values: Object.fromEntries(header.map((h, k) => [h, fields[k] ?? ''])),
    });
  }
  return rows;
}

function jsonRows(name: string, text: string): RawRow[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ReclaimError('INPUT_INVALID', `${name}: not valid JSON`, { file: name }, { cause: error });
  }
  if (!Array.isArray(parsed)) {
    throw new ReclaimError('INPUT_INVALID', `${name}: a JSON reference file is an array of objects`, {
      file: name,
    });
  }
  return parsed.map((item: unknown, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new ReclaimError('INPUT_INVALID', `${name}: row ${i + 1}: not an object`, {
        file: name,
        row: i + 1,
      });
    }
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
      values[key.toLowerCase()] = value === null || value === undefined ? '' : String(value);
    }
    return { row: i + 1, values };
  });
}

function checkColumns(name: string, kind: ReferenceKind, rows: readonly RawRow[]): void {
  const known: readonly string[] = KIND_SCHEMAS[kind].columns;
  const seen = new Set(rows.flatMap((r) => Object.keys(r.values)));
  const unknown = [...seen].filter((c) => !known.includes(c));
  if (unknown.length > 0) {
    throw new ReclaimError(
      'INPUT_INVALID',
      `${name}: unknown column ${unknown.join(', ')} for ${kind} (columns: ${known.join(', ')})`,
      { file: name, field: unknown[0] },
    );
  }
  const missing = rows.length === 0 ? [] : known.filter((c) => !OPTIONAL_COLUMNS.has(c) && !seen.has(c));
  if (missing.length > 0) {
    throw new ReclaimError('INPUT_INVALID', `${name}: missing column ${missing.join(', ')} for ${kind}`, {
      file: name,
      field: missing[0],
    });
  }
}
