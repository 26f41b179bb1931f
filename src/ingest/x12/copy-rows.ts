import { copyValue } from '../../db/copy-text.js';

type Cell = string | number | boolean | null | undefined;

/**
 * Rows for one table in text COPY format, each written into a byte buffer as soon as it is added.
 * A large 837 adds a quarter of a million rows: kept as strings until their batch is sent, they
 * outlived the young generation and most of the garbage collector's time was spent copying them;
 * written at once, each row's string dies young and the batch's bytes sit outside the heap.
 */
export class CopyRows {
  private buffer: Buffer;
  private length = 0;
  /** One row's encoded cells, reused from row to row. */
  private readonly cells: string[];
  constructor(
    readonly name: string,
    readonly columns: readonly string[],
    initialBytes = 1 << 16,
  ) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
    this.cells = new Array<string>(columns.length).fill('');
  }

  add(cells: readonly Cell[]): void {
    // A row of another width would be cut short or padded with NULLs here: COPY would not see it.
    if (cells.length !== this.columns.length)
      throw new Error(`${this.name}: a row of ${cells.length} cells for ${this.columns.length} columns`);
    const encoded = this.cells;
    for (let i = 0; i < encoded.length; i++) encoded[i] = copyValue(cells[i]);
    this.write(encoded.join('\t'));
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
    // A UTF-16 code unit is at most 3 bytes of UTF-8; one more for the newline.
    const room = row.length * 3 + 1;
    if (this.length + room > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + room));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.length += this.buffer.write(row, this.length, 'utf8');
    this.buffer[this.length++] = 0x0a;
  }
}
