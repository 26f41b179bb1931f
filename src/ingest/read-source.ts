import { createHash } from 'node:crypto';
import { isAscii } from 'node:buffer';
import { createReadStream, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { ReclaimError } from '../errors.js';
import { readCsv } from './formats/csv.js';
import { CsvCutter, firstCsvRecord, NdjsonCutter, type Cut } from './formats/cut.js';
import {
  elementText,
  FlatObjectReader,
  JsonStructureError,
  readJsonArray,
  type JsonBatch,
} from './formats/json-array.js';
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
  readonly reason: 'malformed_row' | 'invalid_json' | 'not_an_object' | 'invalid_text';
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

/**
 * Bytes read at a time, and so the size of a batch of records. Small enough that a batch's
 * objects die young on the thread that decides it: its text is one string, and V8 puts a string
 * of more than 128 KiB straight into the old generation, which only a full collection empties and
 * which V8 lets grow the longer a run goes (at 256 KiB a 5 M-row run on the server peaked at
 * 366-394 MB, at 120 KiB 320-373 MB, in the same time; at 1 MiB a million rows peaked 120 MB
 * higher). Large enough that per-batch costs (a message, a merge) stay negligible.
 */
const CHUNK_BYTES = 120 << 10;

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
 * A run of whole records of one file, cut where the file is read; `rowsOf` turns it into rows
 * anywhere (another thread), with the row numbers they have in the file.
 */
export type SourceBatch =
  | (BatchPosition & {
      readonly format: 'csv';
      /** Physical line on which the text starts. */
      readonly firstLine: number;
      readonly text: string;
      readonly delimiter: string;
      /** Header position of each canonical field (-1 for none), and the header's width. */
      readonly columns: readonly number[];
      readonly width: number;
    })
  | (BatchPosition & { readonly format: 'json'; readonly json: JsonBatch })
  | (BatchPosition & { readonly format: 'ndjson'; readonly firstLine: number; readonly text: string });

interface BatchPosition {
  /** Row number of the batch's first record. */
  readonly firstRow: number;
  /** Records in the batch. */
  readonly records: number;
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
  for await (const batch of splitSource(file, profile)) yield await rowsOf(batch, profile);
}

/**
 * Reads a source file as batches of whole records, without parsing them: what the file as a whole
 * must satisfy (not binary, the mapped columns present, a well-formed JSON array, at least one
 * record) is checked here and throws a ReclaimError naming the file.
 */
export async function* splitSource(file: SourceFile, profile: SourceProfile): AsyncGenerator<SourceBatch> {
  const chunks = decodedChunks(file);
  try {
    switch (file.format) {
      case 'csv':
        yield* csvBatches(file, profile, chunks);
        break;
      case 'json':
        yield* jsonBatches(file, chunks);
        break;
      case 'ndjson':
        yield* ndjsonBatches(chunks);
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

/** The rows and rejected records of a batch, numbered as in the file. */
export async function rowsOf(batch: SourceBatch, profile: SourceProfile): Promise<(RawRow | Rejected)[]> {
  let out: (RawRow | Rejected)[];
  switch (batch.format) {
    case 'csv':
      out = await csvRows(batch);
      break;
    case 'json':
      out = jsonRows(batch.json, profile);
      break;
    case 'ndjson':
      out = await ndjsonRows(batch, profile);
      break;
  }
  // The cut and the parse count records by the same rules; a difference would shift every row after it.
  if (out.length !== batch.records)
    throw new Error(`the batch from row ${batch.firstRow} held ${out.length} records, not ${batch.records}`);
  return out;
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
  if (file.format === 'json') {
    yield* decodeUtf8(checkedReads(file));
    return;
  }
  // Line-based formats: a file whose lines end with CR alone (old Mac exports) is read as if they
  // ended with LF. Decided by the first read: CRs and no LF in it.
  let crOnly: boolean | null = null;
  for await (const text of decodeUtf8(checkedReads(file))) {
    crOnly ??= text.includes('\r') && !text.includes('\n');
    yield crOnly ? text.replaceAll('\r', '\n') : text;
  }
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

async function* csvBatches(
  file: SourceFile,
  profile: SourceProfile,
  chunks: AsyncIterable<string>,
): AsyncGenerator<SourceBatch> {
  const delimiter = profile.csv.delimiter;
  let head = '';
  let cutter: CsvCutter | null = null;
  let columns: number[] = [];
  let width = 0;
  let row = 0;
  const batch = (cut: Cut): SourceBatch => {
    const out = { format: 'csv' as const, firstRow: row + 1, records: cut.records, firstLine: cut.firstLine };
    row += cut.records;
    return { ...out, text: cut.text, delimiter, columns, width };
  };
  for await (const chunk of chunks) {
    let text = chunk;
    if (cutter === null) {
      // The header is the first record, whatever it holds.
      head += chunk;
      const first = firstCsvRecord(head);
      if (first === null) continue;
      ({ columns, width } = await headerOf(file, profile, head.slice(0, first.end)));
      cutter = new CsvCutter(width === 1, first.lines);
      text = head.slice(first.end);
      head = '';
    }
    const cut = cutter.push(text);
    if (cut) yield batch(cut);
  }
  if (cutter === null) {
    if (head.length === 0)
      throw new ReclaimError('INPUT_INVALID', `${file.path}: no header line`, { file: file.path });
    await headerOf(file, profile, head);
  } else {
    const last = cutter.end();
    if (last) yield batch(last);
  }
  if (row === 0)
    throw new ReclaimError('INPUT_INVALID', `${file.path}: a header but no data rows`, { file: file.path });
}

async function headerOf(
  file: SourceFile,
  profile: SourceProfile,
  text: string,
): Promise<{ columns: number[]; width: number }> {
  let cells: readonly string[] = [''];
  for await (const lines of readCsv(once(text), profile.csv.delimiter)) cells = lines[0]?.cells ?? cells;
  return { columns: headerColumns(file, profile, cells), width: cells.length };
}

async function csvRows(batch: Extract<SourceBatch, { format: 'csv' }>): Promise<(RawRow | Rejected)[]> {
  const { columns, width, delimiter } = batch;
  // Whether the header is exactly the canonical fields in order: a record's cells are then the row's.
  const canonical = width === columns.length && columns.every((c, i) => c === i);
  const suspicious = mayHoldInvalidText(batch.text, false);
  const out: (RawRow | Rejected)[] = [];
  let row = batch.firstRow - 1;
  for await (const lines of readCsv(once(batch.text), delimiter)) {
    for (const { line, cells } of lines) {
      if (cells.length !== width) {
        if (cells.length === 1 && cells[0] === '') continue; // a blank line is not a record
        out.push({
          kind: 'rejected',
          row: ++row,
          reason: 'malformed_row',
          detail: `line ${line + batch.firstLine - 1}: ${cells.length} cells, the header has ${width}`,
          raw: cells.join(delimiter),
        });
        continue;
      }
      const kept = canonical ? cells : picked(cells, columns);
      const bad = suspicious ? invalidText(kept) : null;
      out.push(
        bad === null
          ? { kind: 'row', row: ++row, cells: kept }
          : rejectedText(++row, `line ${line + batch.firstLine - 1}: ${bad}`, cells.join(delimiter)),
      );
    }
  }
  return out;
}

/**
 * Whether a batch's text may hold a value the database cannot store as it is (a NUL character, a
 * JSON escape of one or of half a surrogate pair) or that decoding made up (U+FFFD stands for
 * bytes that are not UTF-8): one search over the batch, so that only such batches check each value.
 */
function mayHoldInvalidText(text: string, json: boolean): boolean {
  return text.includes('\0') || text.includes('\ufffd') || (json && text.includes('\\u'));
}

/** What is wrong with the first value that cannot be stored as text, or null when all can. */
function invalidText(cells: readonly unknown[]): string | null {
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (typeof cell !== 'string') continue;
    const field = CANONICAL_FIELDS[i] ?? `field ${i + 1}`;
    if (cell.includes('\0')) return `${field} holds a NUL character`;
    if (cell.includes('\ufffd')) return `${field} holds bytes that are not UTF-8 (or U+FFFD)`;
    if (!(cell as unknown as { isWellFormed(): boolean }).isWellFormed())
      return `${field} holds half of a UTF-16 surrogate pair`;
  }
  return null;
}

function rejectedText(row: number, detail: string, raw: string): Rejected {
  return { kind: 'rejected', row, reason: 'invalid_text', detail, raw };
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
  const twice: string[] = [];
  const columns = CANONICAL_FIELDS.map((field) => {
    const mapped = profile.fields[field];
    if (mapped === undefined) return -1;
    const at = names.indexOf(mapped);
    if (at < 0) missing.push(mapped);
    else if (names.indexOf(mapped, at + 1) >= 0) twice.push(mapped);
    return at;
  });
  // Which of two columns of one name holds the value is anyone's guess: neither is taken.
  if (twice.length > 0)
    throw new ReclaimError(
      'INPUT_INVALID',
      `${file.path}: column${twice.length > 1 ? 's' : ''} ${twice.map((m) => `'${m}'`).join(', ')} named by profile ${profile.name} appear${twice.length > 1 ? '' : 's'} more than once in the header`,
      { file: file.path, duplicated: twice },
    );
  if (missing.length > 0) {
    throw new ReclaimError(
      'INPUT_INVALID',
      `${file.path}: column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')} named by profile ${profile.name} missing from the header`,
      { file: file.path, missing },
    );
  }
  return columns;
}

async function* jsonBatches(file: SourceFile, chunks: AsyncIterable<string>): AsyncGenerator<SourceBatch> {
  let count = 0;
  try {
    for await (const json of readJsonArray(chunks)) {
      yield { format: 'json', firstRow: json.first, records: json.starts.length, json };
      count += json.starts.length;
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

function jsonRows(batch: JsonBatch, profile: SourceProfile): (RawRow | Rejected)[] {
  const keys = keysOf(profile);
  const reader = new FlatObjectReader(keys);
  const { text, starts, ends } = batch;
  const suspicious = mayHoldInvalidText(batch.head, true) || mayHoldInvalidText(text, true);
  const out: (RawRow | Rejected)[] = [];
  for (let k = 0; k < starts.length; k++) {
    const row = batch.first + k;
    // A flat object read to its closing brace needs no JSON.parse (the first element may have
    // started in an earlier chunk: that one is parsed from its whole text).
    const start = starts[k]!;
    const cells =
      (k > 0 || batch.head === '') && text.charCodeAt(start) === 123 ? reader.read(text, start) : null;
    const read: RawRow | Rejected =
      cells && reader.end === ends[k]
        ? { kind: 'row', row, cells }
        : objectRow(keys, row, elementText(batch, k), `element ${row}`);
    const bad = suspicious && read.kind === 'row' ? invalidText(read.cells) : null;
    out.push(bad === null ? read : rejectedText(row, `element ${row}: ${bad}`, elementText(batch, k)));
  }
  return out;
}

async function* ndjsonBatches(chunks: AsyncIterable<string>): AsyncGenerator<SourceBatch> {
  const cutter = new NdjsonCutter();
  let row = 0;
  const batch = (cut: Cut): SourceBatch => {
    const out = { format: 'ndjson' as const, firstRow: row + 1, records: cut.records };
    row += cut.records;
    return { ...out, firstLine: cut.firstLine, text: cut.text };
  };
  for await (const chunk of chunks) {
    const cut = cutter.push(chunk);
    if (cut) yield batch(cut);
  }
  const last = cutter.end();
  if (last) yield batch(last);
  if (row === 0) throw new Error('no records (only blank lines)');
}

async function ndjsonRows(
  batch: Extract<SourceBatch, { format: 'ndjson' }>,
  profile: SourceProfile,
): Promise<(RawRow | Rejected)[]> {
  const keys = keysOf(profile);
  const reader = new FlatObjectReader(keys);
  const out: (RawRow | Rejected)[] = [];
  const suspicious = mayHoldInvalidText(batch.text, true);
  let row = batch.firstRow - 1;
  for await (const lines of readNdjson(once(batch.text))) {
    for (const { line, text } of lines) {
      row++;
      // A line that is one flat object, and nothing after it, needs no JSON.parse.
      const cells = text.startsWith('{') ? reader.read(text, 0) : null;
      const where = `line ${line + batch.firstLine - 1}`;
      const read: RawRow | Rejected =
        cells && reader.end === text.length ? { kind: 'row', row, cells } : objectRow(keys, row, text, where);
      const bad = suspicious && read.kind === 'row' ? invalidText(read.cells) : null;
      out.push(bad === null ? read : rejectedText(row, `${where}: ${bad}`, text));
    }
  }
  return out;
}

function keysOf(profile: SourceProfile): (string | undefined)[] {
  return CANONICAL_FIELDS.map((f) => profile.fields[f]);
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
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
      // V8's message quotes the text around the problem: only where it is is kept.
      detail: `${where}: not valid JSON${jsonErrorAt(error as Error)}`,
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

/** ` at character N` from a JSON.parse error, when it says where. */
function jsonErrorAt(error: Error): string {
  const at = /position (\d+)/.exec(error.message);
  return at ? ` at character ${Number(at[1]) + 1}` : '';
}
