/**
 * A streaming RFC 4180 CSV reader: quoted fields, doubled quotes, delimiters and line breaks
 * inside quotes, CRLF or LF. Lines without quotes take a fast path (a plain split), which is
 * nearly every line of an EMR export.
 */
export interface CsvLine {
  /** Physical line number (1-based) where the record starts. */
  readonly line: number;
  readonly cells: string[];
}

const CR = 13;

/** Splits decoded text chunks into records. Throws only on an unterminated quote at end of input. */
export async function* readCsv(chunks: AsyncIterable<string>, delimiter = ','): AsyncGenerator<CsvLine[]> {
  const quoted = new QuotedRecords(delimiter);
  let carry = '';
  let line = 0;
  for await (const chunk of chunks) {
    const text = carry + chunk;
    const batch: CsvLine[] = [];
    let from = 0;
    // The next quote at or after `from` (text.length if none): looked up once and reused until
    // passed, so that a chunk without quotes costs one search, not one per line.
    let quote = -1;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
      line++;
      if (!quoted.pending && quote < from) quote = indexOrEnd(text, '"', from);
      if (quoted.pending || quote < nl) {
        const record = quoted.add(text.slice(from, nl), line);
        if (record) batch.push(record);
      } else {
        // The CR of a CRLF is removed when the record is complete (inside quotes it is data).
        const end = nl > from && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
        batch.push({ line, cells: text.slice(from, end).split(delimiter) });
      }
      from = nl + 1;
    }
    carry = text.slice(from);
    if (batch.length > 0) yield batch;
  }
  if (carry.length > 0) {
    // A last line without a newline: the quote-aware path splits a plain line the same way.
    const record = quoted.add(carry, ++line);
    if (record) yield [record];
  }
  if (quoted.pending) throw new Error(`unterminated quoted field starting on line ${quoted.start}`);
}

/** Assembles records from lines that hold quotes, a quoted field possibly running over several lines. */
class QuotedRecords {
  /** The record so far, when a quoted field in it is still open. */
  private text: string | null = null;
  /** The line the record starts on. */
  start = 0;
  /** Whether the quotes so far leave a field open (an odd count). */
  private open = false;

  constructor(private readonly delimiter: string) {}

  get pending(): boolean {
    return this.text !== null;
  }

  /** Takes the next physical line (without its LF); returns the record it completes, if any. */
  add(raw: string, line: number): CsvLine | null {
    if (this.text === null) {
      this.text = raw;
      this.start = line;
      this.open = false;
    } else this.text += '\n' + raw;
    if (oddQuotes(raw)) this.open = !this.open;
    if (this.open) return null;
    const record = { line: this.start, cells: splitQuoted(withoutCr(this.text), this.delimiter) };
    this.text = null;
    return record;
  }
}

function indexOrEnd(text: string, search: string, from: number): number {
  const at = text.indexOf(search, from);
  return at === -1 ? text.length : at;
}

function withoutCr(text: string): string {
  return text.charCodeAt(text.length - 1) === CR ? text.slice(0, -1) : text;
}

/** Whether the text holds an odd number of quote characters (a quoted field left open). */
function oddQuotes(text: string): boolean {
  let odd = false;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) odd = !odd;
  return odd;
}

function splitQuoted(text: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}
