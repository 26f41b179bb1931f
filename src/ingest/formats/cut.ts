/**
 * Cutting decoded text into runs of whole records, cheaply, so that the records can be parsed
 * elsewhere (another thread) with their numbering known in advance. A cutter never parses values:
 * it finds where records end and counts them exactly as the parsers number them.
 */

/** Whole records cut from the text seen so far. */
export interface Cut {
  readonly text: string;
  /** Physical line (1-based) on which `text` starts. */
  readonly firstLine: number;
  /** Records in `text` that the parser numbers (blank ones are not counted). */
  readonly records: number;
}

/**
 * Cuts CSV text after the last complete record (a newline outside double quotes ends a record).
 * Records are counted as `readCsv` + the row rules read them: a record that parses to one empty
 * cell (an empty line, or `""`) is blank and not counted, unless the file has a single column.
 */
export class CsvCutter {
  /** Text after the last cut, in the pieces it arrived in: a record not yet complete. */
  private parts: string[] = [];
  /** Physical lines before `parts`. */
  private line: number;
  // The record being read, as scanned so far (each character is scanned once, however many
  // reads a record runs over): its complete lines, whether all its quotes so far are odd in
  // number, and the start of its unfinished line when that is short enough to be a blank line
  // (null once it is longer).
  private lines = 0;
  private quoted = false;
  private head: string | null = '';

  /**
   * `singleColumn`: the header has one column (then an empty line is a record of one empty cell).
   * `linesBefore`: physical lines already read (the header's), so line numbers continue from them.
   */
  constructor(
    private readonly singleColumn: boolean,
    linesBefore = 0,
  ) {
    this.line = linesBefore;
  }

  /** The records completed by `chunk` (null when none). */
  push(chunk: string): Cut | null {
    const firstLine = this.line + 1;
    let records = 0;
    let cut = -1;
    let from = 0;
    // The next quote at or after `from` (chunk.length if none): looked up again only once passed,
    // so a chunk without quotes costs one search, not one per line.
    let quote = -1;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', from)) {
      this.lines++;
      for (
        quote = quote < from ? nextQuote(chunk, from) : quote;
        quote < nl;
        quote = nextQuote(chunk, quote + 1)
      )
        this.quoted = !this.quoted;
      if (!this.quoted) {
        if (this.lines > 1 || !this.blankLine(chunk, from, nl) || this.singleColumn) records++;
        this.line += this.lines;
        this.lines = 0;
        cut = nl + 1;
      }
      from = nl + 1;
      this.head = '';
    }
    for (
      quote = quote < from ? nextQuote(chunk, from) : quote;
      quote < chunk.length;
      quote = nextQuote(chunk, quote + 1)
    )
      this.quoted = !this.quoted;
    const tail = chunk.length - from;
    if (this.head !== null) this.head = this.head.length + tail <= 3 ? this.head + chunk.slice(from) : null;
    if (cut < 0) {
      this.parts.push(chunk);
      return null;
    }
    this.parts.push(chunk.slice(0, cut));
    const text = this.parts.join('');
    this.parts = cut < chunk.length ? [chunk.slice(cut)] : [];
    return { text, firstLine, records };
  }

  /** Whether the line ending at chunk[nl] (begun earlier when `from` is 0) is blank. */
  private blankLine(chunk: string, from: number, nl: number): boolean {
    if (from > 0) return blank(chunk, from, nl);
    if (this.head === null || this.head.length + nl > 3) return false;
    const line = this.head + chunk.slice(0, nl);
    return blank(line, 0, line.length);
  }

  /**
   * What is left at the end of input: a last record without a newline. Throws when it is inside
   * an unclosed double quote.
   */
  end(): Cut | null {
    const text = this.parts.join('');
    this.parts = [];
    if (text.length === 0) return null;
    if (this.quoted) throw new Error(`unterminated quoted field starting on line ${this.line + 1}`);
    const records = this.lines === 0 && blank(text, 0, text.length) && !this.singleColumn ? 0 : 1;
    return { text, firstLine: this.line + 1, records };
  }
}

function nextQuote(text: string, from: number): number {
  const at = text.indexOf('"', from);
  return at === -1 ? text.length : at;
}

/** Whether text[from, to) (one physical line) reads as a single empty cell: nothing, or `""`. */
function blank(text: string, from: number, to: number): boolean {
  if (to > from && text.charCodeAt(to - 1) === 13) to--;
  return to === from || (to - from === 2 && text.charCodeAt(from) === 34 && text.charCodeAt(from + 1) === 34);
}

/**
 * Cuts NDJSON text after its last newline. Every non-blank line is a record; `readNdjson` trims
 * lines and skips the blank ones, and so does this count.
 */
export class NdjsonCutter {
  private carry = '';
  private line = 0;

  push(chunk: string): Cut | null {
    const text = this.carry.length === 0 ? chunk : this.carry + chunk;
    const firstLine = this.line + 1;
    let records = 0;
    let from = 0;
    // `carry` holds no newline: the search starts after it.
    for (let nl = text.indexOf('\n', this.carry.length); nl !== -1; nl = text.indexOf('\n', from)) {
      this.line++;
      if (!whitespace(text, from, nl)) records++;
      from = nl + 1;
    }
    this.carry = text.slice(from);
    return from === 0 ? null : { text: text.slice(0, from), firstLine, records };
  }

  end(): Cut | null {
    const text = this.carry;
    this.carry = '';
    if (whitespace(text, 0, text.length)) return null;
    return { text, firstLine: this.line + 1, records: 1 };
  }
}

/** Whether text[from, to) holds only what String.prototype.trim removes. */
function whitespace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10 && c !== 11 && c !== 12 && c !== 0xa0 && c !== 0xfeff) {
      // Other Unicode spaces are rare enough to ask the engine.
      if (c < 0x80 || text[i]!.trim().length > 0) return false;
    }
  }
  return true;
}

/**
 * Where the first CSV record of `text` ends (just after its newline) and how many physical lines
 * it spans; null while the text does not hold a whole record yet.
 */
export function firstCsvRecord(text: string): { end: number; lines: number } | null {
  let quoted = false;
  let lines = 0;
  let from = 0;
  let quote = -1;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
    lines++;
    for (quote = quote < from ? nextQuote(text, from) : quote; quote < nl; quote = nextQuote(text, quote + 1))
      quoted = !quoted;
    from = nl + 1;
    if (!quoted) return { end: from, lines };
  }
  return null;
}
