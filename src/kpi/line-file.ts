import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ReclaimError } from '../errors.js';
import { requireInputFile } from '../io/input-file.js';
import { detectDelimiter, splitRecord } from './delimited.js';

/** One data record of a delimited file; position 1 is the first row after the header. */
export interface FileRecord {
  readonly position: number;
  /** undefined when the record cannot be split (an open quote). */
  readonly fields: string[] | undefined;
}

/** A delimited table: its header, then its records lazily. */
export interface DelimitedTable {
  readonly header: string[];
  readonly records: () => AsyncGenerator<FileRecord>;
}

/** Reads a delimited file: its header, then its records lazily. */
export async function openDelimited(path: string): Promise<DelimitedTable> {
  requireInputFile(path);
  return delimited(path, () => lines(path));
}

/**
 * The same reading over text already in memory (a table pasted or uploaded in the web UI);
 * `name` stands for the file in messages.
 */
export async function delimitedText(name: string, text: string): Promise<DelimitedTable> {
  return delimited(name, () => textLines(text));
}

async function delimited(name: string, source: () => AsyncIterable<string>): Promise<DelimitedTable> {
  let first: string | undefined;
  for await (const line of source())
    if (line.trim() !== '') {
      first = line;
      break;
    }
  if (first === undefined)
    throw new ReclaimError('INPUT_INVALID', `${name}: empty file, no header row`, { file: name });
  const delimiter = detectDelimiter(first);
  const header = splitRecord(first, delimiter);
  if (!header)
    throw new ReclaimError('INPUT_INVALID', `${name}: header row has an open quote`, { file: name });
  return {
    header,
    async *records() {
      let position = -1;
      for await (const raw of source()) {
        position++;
        if (position === 0) continue;
        if (raw.trim() === '') {
          position--;
          continue;
        }
        yield { position, fields: splitRecord(raw, delimiter) };
      }
    },
  };
}

/** SHA-256 of a file's bytes, streamed. */
export async function fileChecksum(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function* lines(path: string): AsyncGenerator<string> {
  const rl = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let first = true;
  for await (let line of rl) {
    if (first && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    first = false;
    yield line.endsWith('\r') ? line.slice(0, -1) : line;
  }
}

/** Lines of a text as `lines` reads a file's: a leading BOM dropped; CRLF, LF or CR ends a line. */
async function* textLines(text: string): AsyncGenerator<string> {
  const all = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\r|\n/);
  if (all.at(-1) === '') all.pop();
  yield* all;
}
