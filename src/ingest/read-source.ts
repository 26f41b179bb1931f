import { createHash } from 'node:crypto';
import { isAscii } from 'node:buffer';
import { createReadStream, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { ReclaimError } from '../errors.js';
import { readCsv } from './formats/csv.js';
import { elementText, FlatObjectReader, JsonStructureError, readJsonArray } from './formats/json-array.js';
import { readNdjson } from './formats/ndjson.js';
import { CANONICAL_FIELDS, type SourceProfile } from './profile.js';

export type Format = SourceProfile['format'];

/** A row as read, its cells in CANONICAL_FIELDS order (undefined where the profile maps no column). */
export interface RawRow {
  readonly kind: 'row';
  /** 1-based record number within the file (data rows; a CSV header is not counted). */
  readonly row: number;
  readonly cells: readonly unknown[];
}

/** A record that cannot be accepted, with why. */
export interface Rejected {
  readonly kind: 'rejected';
  readonly row: number;
  readonly reason: 'malformed_row' | 'invalid_json' | 'not_an_object';
  readonly detail: string;
  readonly raw: string;
}

export interface SourceFile {
  readonly path: string;
  readonly name: string;
  readonly format: Format;
  readonly sizeBytes: number;
  /** Bytes read so far (for progress). */
  bytesRead: number;
}

const CHUNK_BYTES = 1 << 20;

/** Picks the format from the extension; the profile's format otherwise. */
export function formatOf(path: string, profile: SourceProfile): Format {
  switch (extname(path).toLowerCase()) {
    case '.csv':
      return 'csv';
    case '.json':
      return 'json';
    case '.ndjson':
    case '.jsonl':
      return 'ndjson';
    default:
      return profile.format;
  }
}

/** Checks what can be checked before reading: the file exists, is a file and is not empty. */
export function openSource(path: string, profile: SourceProfile): SourceFile {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new ReclaimError('INPUT_INVALID', `${path}: not a regular file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof ReclaimError) throw error;
    throw new ReclaimError('INPUT_NOT_FOUND', `${path}: no such file`, { file: path });
  }
  if (size === 0) throw new ReclaimError('INPUT_INVALID', `${path}: the file is empty`, { file: path });
  return { path, name: basename(path), format: formatOf(path, profile), sizeBytes: size, bytesRead: 0 };
}

/**
 * Reads a source file as batches of rows and rejected records. Structural problems that make the
 * whole file unreadable (binary content, a missing mapped column, a broken JSON array) throw a
 * ReclaimError naming the file.
 */
export async function* readSource(
  file: SourceFile,
  profile: SourceProfile,
): AsyncGenerator<(RawRow | Rejected)[]> {
  const chunks = decodedChunks(file);
  try {
    switch (file.format) {
      case 'csv':
        yield* csvRows(file, profile, chunks);
        break;
      case 'json':
        yield* jsonRows(file, profile, chunks);
        break;
      case 'ndjson':
        yield* ndjsonRows(profile, chunks);
        break;
    }
  } catch (error) {
    if (error instanceof ReclaimError) throw error;
    throw new ReclaimError(
      'INPUT_INVALID',
      `${file.path}: ${(error as Error).message}`,
      { file: file.path },
      {
        cause: error,
      },
    );
  }
}

/** SHA-256 of the file's bytes: how a file already ingested is recognised. */
export async function checksumOf(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const buffer of createReadStream(path, {
    highWaterMark: CHUNK_BYTES,
  }) as AsyncIterable<Buffer>) {
    hash.update(buffer);
  }
  return hash.digest('hex');
}

async function* decodedChunks(file: SourceFile): AsyncGenerator<string> {
  yield* decodeUtf8(checkedReads(file));
}

async function* checkedReads(file: SourceFile): AsyncGenerator<Buffer> {
  let first = true;
  for await (const buffer of createReadStream(file.path, {
    highWaterMark: CHUNK_BYTES,
  }) as AsyncIterable<Buffer>) {
    file.bytesRead += buffer.length;
    if (first) {
      first = false;
      // A NUL byte never occurs in a text export; it means a binary file (a spreadsheet, an archive).
      if (buffer.subarray(0, 8192).includes(0)) throw new Error('this is a binary file, not a text export');
    }
    yield buffer;
  }
}

/**
 * Decodes UTF-8 reads exactly as one streaming TextDecoder would (U+FFFD for invalid bytes, a
 * byte-order mark dropped at the start of the stream and only there), one string per read. A read
 * of ASCII bytes only, with no character left open by the read before, is taken as Latin-1
 * instead: the same characters, but a one-byte string, where the decoder's streaming mode always
 * makes two-byte strings, which JSON.parse, indexOf and split scan more slowly and which double the
 * memory of every cell cut from them.
 */
export async function* decodeUtf8(buffers: AsyncIterable<Buffer>): AsyncGenerator<string> {
  // The mark is dropped below: the decoder would drop it only if it saw the first bytes.
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  let atStart = true;
  // Whether the decoder may hold the first bytes of a character continued in the next read. After
  // an ASCII byte it holds none: a byte that cannot continue a character ends it (as U+FFFD).
  let open = false;
  for await (const buffer of buffers) {
    let text: string;
    if (!open && isAscii(buffer)) text = buffer.toString('latin1');
    else {
      text = decoder.decode(buffer, { stream: true });
      open = buffer.length > 0 ? buffer[buffer.length - 1]! >= 0x80 : open;
    }
    if (atStart && text.length > 0) {
      atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    yield text;
  }
  // Only U+FFFD for a character cut off by the end of the stream, never a byte-order mark.
  const tail = decoder.decode();
  if (tail) yield tail;
}

async function* csvRows(file: SourceFile, profile: SourceProfile, chunks: AsyncIterable<string>) {
  let columns: number[] | null = null;
  let width = 0;
  // Whether the header is exactly the canonical fields in order: a record's cells are then the row's.
  let canonical = false;
  let row = 0;
  for await (const lines of readCsv(chunks, profile.csv.delimiter)) {
    const out: (RawRow | Rejected)[] = [];
    for (const { line, cells } of lines) {
      if (columns === null) {
        columns = headerColumns(file, profile, cells);
        width = cells.length;
        canonical = width === columns.length && columns.every((c, i) => c === i);
        continue;
      }
      row++;
      if (cells.length !== width) {
        if (cells.length === 1 && cells[0] === '') {
          row--; // a blank line is not a record
          continue;
        }
        out.push({
          kind: 'rejected',
          row,
          reason: 'malformed_row',
          detail: `line ${line}: ${cells.length} cells, the header has ${width}`,
          raw: cells.join(profile.csv.delimiter),
        });
        continue;
      }
      out.push({ kind: 'row', row, cells: canonical ? cells : picked(cells, columns) });
    }
    if (out.length > 0) yield out;
  }
  if (columns === null)
    throw new ReclaimError('INPUT_INVALID', `${file.path}: no header line`, { file: file.path });
  if (row === 0)
    throw new ReclaimError('INPUT_INVALID', `${file.path}: a header but no data rows`, { file: file.path });
}

/** The cells at `columns` (undefined for -1), in that order (a plain loop: this runs once per record). */
function picked(cells: readonly string[], columns: readonly number[]): (string | undefined)[] {
  const out = new Array<string | undefined>(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    out[i] = c < 0 ? undefined : cells[c];
  }
  return out;
}

function headerColumns(file: SourceFile, profile: SourceProfile, header: readonly string[]): number[] {
  const names = header.map((h) => h.trim());
  const missing: string[] = [];
  const columns = CANONICAL_FIELDS.map((field) => {
    const mapped = profile.fields[field];
    if (mapped === undefined) return -1;
    const at = names.indexOf(mapped);
    if (at < 0) missing.push(mapped);
    return at;
  });
  if (missing.length > 0) {
    throw new ReclaimError(
      'INPUT_INVALID',
      `${file.path}: column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')} named by profile ${profile.name} missing from the header`,
      { file: file.path, missing },
    );
  }
  return columns;
}

async function* jsonRows(file: SourceFile, profile: SourceProfile, chunks: AsyncIterable<string>) {
  const keys = CANONICAL_FIELDS.map((f) => profile.fields[f]);
  let count = 0;
  try {
    for await (const batch of readJsonArray(chunks, new FlatObjectReader(keys))) {
      const size = batch.values.length;
      const out: (RawRow | Rejected)[] = [];
      for (let k = 0; k < size; k++) {
        const index = batch.first + k;
        const cells = batch.values[k];
        out.push(
          cells
            ? { kind: 'row', row: index, cells }
            : objectRow(keys, index, elementText(batch, k), `element ${index}`),
        );
      }
      count += size;
      yield out;
    }
  } catch (error) {
    if (error instanceof JsonStructureError) {
      throw new ReclaimError('INPUT_INVALID', `${file.path}: malformed JSON: ${error.message}`, {
        file: file.path,
      });
    }
    throw error;
  }
  if (count === 0)
    throw new ReclaimError('INPUT_INVALID', `${file.path}: the JSON array is empty`, { file: file.path });
}

async function* ndjsonRows(profile: SourceProfile, chunks: AsyncIterable<string>) {
  const keys = CANONICAL_FIELDS.map((f) => profile.fields[f]);
  const reader = new FlatObjectReader(keys);
  let row = 0;
  for await (const lines of readNdjson(chunks)) {
    const out: (RawRow | Rejected)[] = [];
    for (const { line, text } of lines) {
      row++;
      // A line that is one flat object, and nothing after it, needs no JSON.parse.
      const cells = text.startsWith('{') ? reader.read(text, 0) : null;
      out.push(
        cells && reader.end === text.length
          ? { kind: 'row', row, cells }
          : objectRow(keys, row, text, `line ${line}`),
      );
    }
    yield out;
  }
  if (row === 0) throw new Error('no records (only blank lines)');
}

/** Parses one record's JSON text: a row, or why it cannot be one. */
function objectRow(
  keys: readonly (string | undefined)[],
  row: number,
  text: string,
  where: string,
): RawRow | Rejected {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      kind: 'rejected',
      row,
      reason: 'invalid_json',
      detail: `${where}: ${(error as Error).message}`,
      raw: text,
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      kind: 'rejected',
      row,
      reason: 'not_an_object',
      detail: `${where}: not a JSON object`,
      raw: text,
    };
  }
  const record = value as Record<string, unknown>;
  // A plain loop, not keys.map and a closure: this runs once per record.
  const cells = new Array<unknown>(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    cells[i] = key === undefined ? undefined : record[key];
  }
  return { kind: 'row', row, cells };
}
