/**
 * A growable UTF-8 byte buffer for output built from many small strings (COPY rows, artifact
 * lines). Appending a string copies its bytes at once, so no chain of concatenated strings stays
 * alive between flushes: on million-row runs, those chains were most of the garbage collector's
 * work.
 */
export class ByteBuffer {
  private bytes: Buffer;
  length = 0;

  constructor(capacity = 1 << 20) {
    this.bytes = Buffer.allocUnsafe(capacity);
  }

  append(text: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    if (this.length + text.length * 3 > this.bytes.length) this.reserve(text.length * 3);
    this.length += this.bytes.write(text, this.length, 'utf8');
  }

  appendBytes(bytes: Uint8Array): void {
    if (this.length + bytes.length > this.bytes.length) this.reserve(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** The bytes so far, copied into a buffer of their own (safe to transfer or keep); then empty. */
  take(): Uint8Array {
    const out = new Uint8Array(this.length);
    out.set(this.bytes.subarray(0, this.length));
    this.length = 0;
    return out;
  }

  /** The bytes so far, as a view valid until the next append; then empty. */
  drain(): Buffer {
    const view = this.bytes.subarray(0, this.length);
    this.length = 0;
    return view;
  }

  private reserve(extra: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + extra));
    this.bytes.copy(next, 0, 0, this.length);
    this.bytes = next;
  }
}
