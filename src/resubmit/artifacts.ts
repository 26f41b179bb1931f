import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  fsync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { ReclaimError } from '../errors.js';
import { ByteBuffer } from '../io/byte-buffer.js';

const FLUSH_AT = 1 << 20;
const fsyncOnPool = promisify(fsync);
const DIRECT_WRITE = 64 << 10;
/**
 * Written bytes after which the file is synced in the background (on the thread pool): the disk
 * then takes a large artifact as it is written, and the sync that seals it has little left to do
 * (at the end of a million-row run, 330 MB in one go took a third of a second).
 */
const SYNC_EVERY = 32 << 20;

/**
 * A file that appears under its final name only when complete: it is written to a temporary
 * name in the same directory, flushed to disk, then renamed (atomic on POSIX). A crash leaves at
 * most a stray temporary file, never a half-written artifact.
 */
export class AtomicFile {
  private static opened = 0;
  private readonly temp: string;
  private fd: number | null;
  private readonly buffer = new ByteBuffer();
  private unsynced = 0;
  private syncing: Promise<void> | null = null;

  constructor(readonly path: string) {
    this.temp = join(dirname(path), `.${basename(path)}.${process.pid}.${++AtomicFile.opened}.tmp`);
    try {
      this.fd = openSync(this.temp, 'w');
    } catch (error) {
      throw new ReclaimError(
        'OUTPUT_NOT_WRITABLE',
        `cannot write in ${dirname(path)}: ${(error as Error).message}`,
        {},
        { cause: error },
      );
    }
  }

  write(text: string): void {
    this.buffer.append(text);
    if (this.buffer.length >= FLUSH_AT) this.flush();
  }

  /** Appends bytes rendered elsewhere (another thread); large blocks go to disk without a copy. */
  writeBytes(bytes: Uint8Array): void {
    if (bytes.length < DIRECT_WRITE) {
      this.buffer.appendBytes(bytes);
      if (this.buffer.length >= FLUSH_AT) this.flush();
      return;
    }
    this.flush();
    this.writeOut(bytes);
  }

  /** Makes the file visible under its final name. */
  commit(): void {
    this.flush();
    fsyncSync(this.open());
    this.publish();
  }

  /**
   * Writes out what is buffered and waits until the file is on disk, on the thread pool, so that
   * several files sync side by side while other work goes on. `publish` then renames it.
   */
  async seal(): Promise<void> {
    this.flush();
    await this.syncing;
    await fsyncOnPool(this.open());
  }

  /** Makes a sealed file visible under its final name. */
  publish(): void {
    closeSync(this.take());
    renameSync(this.temp, this.path);
  }

  /** Drops the temporary file; the final name is left as it was. */
  abort(): void {
    // A background sync may still be running: on the closed descriptor it fails, and is ignored.
    if (this.fd !== null) closeSync(this.take());
    rmSync(this.temp, { force: true });
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    this.writeOut(this.buffer.drain());
  }

  private writeOut(bytes: Uint8Array): void {
    const fd = this.open();
    writeAll(fd, bytes);
    this.unsynced += bytes.length;
    if (this.unsynced >= SYNC_EVERY && this.syncing === null) {
      this.unsynced = 0;
      this.syncing = fsyncOnPool(fd)
        .catch(() => undefined)
        .finally(() => (this.syncing = null));
    }
  }

  private open(): number {
    if (this.fd === null) throw new Error(`${this.path} is already closed`);
    return this.fd;
  }

  private take(): number {
    const fd = this.fd;
    if (fd === null) throw new Error(`${this.path} is already closed`);
    this.fd = null;
    return fd;
  }
}

/** Writes every byte: `writeSync` may write fewer than asked (a full disk, a signal). */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
}

/**
 * Appends the complete lines of `source` to an append-only log and flushes them to disk. If an earlier writer
 * died mid-line, that torn tail (after the last newline) is cut first, so every line in the file
 * is whole; lines before it are never touched.
 */
export function appendLinesFrom(path: string, source: string): void {
  const fd = openSync(path, existsSync(path) ? 'r+' : 'w+');
  const from = openSync(source, 'r');
  try {
    const size = statSync(path).size;
    let at = size === 0 ? 0 : completeLength(fd, size);
    if (at !== size) ftruncateSync(fd, at);
    // Only the source's complete lines: a torn tail there is as unusable as one in the log.
    const end = completeLength(from, fstatSync(from).size);
    const chunk = Buffer.alloc(1 << 20);
    for (let copied = 0; copied < end;) {
      const read = readSync(from, chunk, 0, Math.min(chunk.length, end - copied), copied);
      at += writeSync(fd, chunk, 0, read, at);
      copied += read;
    }
    fsyncSync(fd);
  } finally {
    closeSync(from);
    closeSync(fd);
  }
}

/** Length of the file up to and including its last newline. */
function completeLength(fd: number, size: number): number {
  const window = Buffer.alloc(64 * 1024);
  for (let end = size; end > 0;) {
    const start = Math.max(0, end - window.length);
    const read = readSync(fd, window, 0, end - start, start);
    const at = window.subarray(0, read).lastIndexOf(10);
    if (at >= 0) return start + at + 1;
    end = start;
  }
  return 0;
}
