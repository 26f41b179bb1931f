import { copyValue } from '../../db/copy-text.js';

type Cell = string | number | boolean | null | undefined;

/**
 * Rows for one table in text COPY format, each written into a byte buffer as soon as it is added.
 * A large 837 adds a quarter of a million rows: kept as strings until their batch is sent, they
 * outlived the young generation and most of the garbage collector's time was spent copying them;
 * written at once, cell by cell, no row or cell becomes a string and the batch's bytes sit outside
 * the heap.
 */
export class CopyRows {
  private buffer: Buffer;
  private length = 0;
  constructor(
    readonly name: string,
    readonly columns: readonly string[],
    initialBytes = 1 << 16,
  ) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  add(cells: readonly Cell[]): void {
    // A row of another width would be cut short or padded with NULLs here: COPY would not see it.
    if (cells.length !== this.columns.length)
      throw new Error(`${this.name}: a row of ${cells.length} cells for ${this.columns.length} columns`);
    // Cell by cell, straight into the buffer: no string is made for a cell or the row (integers
    // and ASCII text, nearly every cell, are written byte by byte), which took a large 835's
    // encoding and the garbage collector's share of it down by about half (docs/x12.md).
    for (let i = 0; i < cells.length; i++) {
      if (i > 0) this.byte(TAB);
      this.cell(cells[i]);
    }
    this.byte(NEWLINE);
  }

  /** Adds a row already encoded: cells joined by tabs, each as `copyValue` gives it. */
  addEncoded(row: string): void {
    this.write(row);
  }

  get empty(): boolean {
    return this.length === 0;
  }

  /** The rows added since the last call, as UTF-8 bytes of COPY text. */
  take(): Buffer {
    // Handed over whole (it is sent while the next batch is written): the next starts anew.
    const bytes = this.buffer.subarray(0, this.length);
    this.buffer = Buffer.allocUnsafe(this.buffer.length);
    this.length = 0;
    return bytes;
  }

  private write(row: string): void {
    this.reserve(row.length * 3 + 1);
    this.length += this.buffer.write(row, this.length, 'utf8');
    this.buffer[this.length++] = NEWLINE;
  }

  /** One cell as `copyValue` encodes it. */
  private cell(value: Cell): void {
    if (value === null || value === undefined) {
      this.reserve(2);
      this.buffer[this.length++] = BACKSLASH;
      this.buffer[this.length++] = 0x4e; // N
    } else if (typeof value === 'string') this.text(value);
    else if (typeof value === 'number' && Number.isSafeInteger(value)) this.integer(value);
    else this.text(String(value));
  }

  /** A safe integer in decimal, digit by digit. */
  private integer(n: number): void {
    this.reserve(17);
    const bytes = this.buffer;
    if (n < 0) {
      bytes[this.length++] = 0x2d; // -
      n = -n;
    }
    let width = 1;
    for (let p = 10; p <= n; p *= 10) width++;
    let at = this.length + width;
    this.length = at;
    do {
      const next = Math.floor(n / 10);
      bytes[--at] = 48 + (n - next * 10);
      n = next;
    } while (n > 0);
  }

  /** Text, escaped for COPY; ASCII byte by byte, anything else through `copyValue` and UTF-8. */
  private text(s: string): void {
    const n = s.length;
    // An escape is 2 bytes for 1 character, a NUL's U+FFFD 3.
    this.reserve(n * 3);
    const bytes = this.buffer;
    const start = this.length;
    let at = start;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        const encoded = copyValue(s);
        this.reserve(encoded.length * 3);
        this.length = start + this.buffer.write(encoded, start, 'utf8');
        return;
      }
      const escape = c < ESCAPES.length ? ESCAPES[c]! : 0;
      if (escape === 0) bytes[at++] = c;
      else if (escape === NUL_REPLACEMENT) {
        bytes[at++] = 0xef;
        bytes[at++] = 0xbf;
        bytes[at++] = 0xbd;
      } else {
        bytes[at++] = BACKSLASH;
        bytes[at++] = escape;
      }
    }
    this.length = at;
  }

  private byte(code: number): void {
    this.reserve(1);
    this.buffer[this.length++] = code;
  }

  /** Makes room for `bytes` more. */
  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}

const TAB = 0x09;
const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;
/** Marks NUL in `ESCAPES`: PostgreSQL's text holds none, so it is written as U+FFFD (`copyValue`). */
const NUL_REPLACEMENT = 0xff;
/** For each ASCII code below 0x5d, the letter after the backslash that escapes it, or 0. */
const ESCAPES = (() => {
  const table = new Uint8Array(BACKSLASH + 1);
  table[0] = NUL_REPLACEMENT;
  table[TAB] = 0x74; // t
  table[NEWLINE] = 0x6e; // n
  table[0x0d] = 0x72; // r
  table[BACKSLASH] = BACKSLASH;
  return table;
})();
