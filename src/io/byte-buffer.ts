/**
 * A growable UTF-8 byte buffer for output built from many small strings (COPY rows, artifact
 * lines). Appending a string copies its bytes at once, so no chain of concatenated strings stays
 * alive between flushes: on million-row runs, those chains were most of the garbage collector's
 * work.
 */
/** Strings up to this length are copied character by character; longer ones through `Buffer.write`. */
const SHORT = 48;

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

  /**
   * Appends a short string without building anything: character codes go straight into the
   * buffer while they are ASCII (nearly always); anything else is encoded by `append`.
   */
  ascii(text: string): void {
    const n = text.length;
    if (n > SHORT) return this.append(text);
    if (this.length + n > this.bytes.length) this.reserve(n);
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) return this.append(text);
      bytes[at++] = c;
    }
    this.length = at;
  }

  /** Appends a non-negative integer in decimal (written digit by digit: no string is made). */
  digits(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0 || n >= 1e15) return this.ascii(String(n));
    let width = 1;
    for (let p = 10; p <= n; p *= 10) width++;
    if (this.length + width > this.bytes.length) this.reserve(width);
    const bytes = this.bytes;
    let at = this.length + width;
    this.length = at;
    do {
      const next = Math.floor(n / 10);
      bytes[--at] = 48 + n - next * 10;
      n = next;
    } while (n > 0);
  }

  // The integers are written byte by byte (a typed array keeps the low 8 bits of what it is
  // given): Buffer#writeInt32BE checks its arguments on every call, several times a row.

  /** Appends a 16-bit integer, big-endian (network order). */
  int16(n: number): void {
    if (this.length + 2 > this.bytes.length) this.reserve(2);
    const bytes = this.bytes;
    const at = this.length;
    bytes[at] = n >> 8;
    bytes[at + 1] = n;
    this.length = at + 2;
  }

  /** Appends a 32-bit integer, big-endian (network order). */
  int32(n: number): void {
    if (this.length + 4 > this.bytes.length) this.reserve(4);
    this.setInt32(this.length, n);
    this.length += 4;
  }

  /** Overwrites the 32-bit integer at `at` (a length written before what it measures). */
  setInt32(at: number, n: number): void {
    const bytes = this.bytes;
    bytes[at] = n >> 24;
    bytes[at + 1] = n >> 16;
    bytes[at + 2] = n >> 8;
    bytes[at + 3] = n;
  }

  /** Appends one byte (an ASCII character code). */
  byte(code: number): void {
    if (this.length + 1 > this.bytes.length) this.reserve(1);
    this.bytes[this.length++] = code;
  }

  appendBytes(bytes: Uint8Array): void {
    const n = bytes.length;
    if (this.length + n > this.bytes.length) this.reserve(n);
    if (n > SHORT) this.bytes.set(bytes, this.length);
    else {
      // A loop beats TypedArray#set on a few bytes (an encoded code or name), the usual case here.
      const target = this.bytes;
      for (let i = 0, at = this.length; i < n; i++, at++) target[at] = bytes[i]!;
    }
    this.length += n;
  }

  /** Forgets what was written; the memory is kept for what comes next. */
  clear(): void {
    this.length = 0;
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
