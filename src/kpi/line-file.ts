import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ReclaimError } from '../errors.js';
import { detectDelimiter, splitRecord } from './delimited.js';

/** One data record of a delimited file; position 1 is the first row after the header. */
export interface FileRecord {
  readonly position: number;
  /** undefined when the record cannot be split (an open quote). */
  readonly fields: string[] | undefined;
}

/** Reads a delimited file: its header, then its records lazily. */
export async function openDelimited(
  path: string,
): Promise<{ header: string[]; records: () => AsyncGenerator<FileRecord> }> {
  if (!existsSync(path)) throw new ReclaimError('INPUT_NOT_FOUND', `${path}: no such file`, { file: path });
  const first = await firstLine(path);
  if (first === undefined)
    throw new ReclaimError('INPUT_INVALID', `${path}: empty file, no header row`, { file: path });
  const delimiter = detectDelimiter(first);
  const header = splitRecord(first, delimiter);
  if (!header)
    throw new ReclaimError('INPUT_INVALID', `${path}: header row has an open quote`, { file: path });
  return {
    header,
    async *records() {
      let position = -1;
      for await (const raw of lines(path)) {
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

async function firstLine(path: string): Promise<string | undefined> {
  for await (const line of lines(path)) if (line.trim() !== '') return line;
  return undefined;
}
