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

/** Splits decoded text chunks into records. Throws only on an unterminated quote at end of input. */
export async function* readCsv(chunks: AsyncIterable<string>, delimiter = ','): AsyncGenerator<CsvLine[]> {
  let carry = '';
  let line = 0;
  // Held in an object: the closure below reassigns it, which flow analysis cannot see.
  const open: { pending: { start: number; text: string } | null } = { pending: null };
  for await (const chunk of chunks) {
    const text = carry + chunk;
    const batch: CsvLine[] = [];
    let from = 0;
    for (let nl = text.indexOf('\n', from); nl !== -1; nl = text.indexOf('\n', from)) {
      // The CR of a CRLF is removed when the record is complete: inside quotes it is data.
      const raw = text.slice(from, nl);
      from = nl + 1;
      line++;
      const record = take(raw);
      if (record) batch.push(record);
    }
    carry = text.slice(from);
    if (batch.length > 0) yield batch;
  }
  if (carry.length > 0) {
    line++;
    const record = take(carry);
    if (record) yield [record];
  }
  if (open.pending) throw new Error(`unterminated quoted field starting on line ${open.pending.start}`);

  function take(raw: string): CsvLine | null {
    const pending = open.pending;
    if (pending) {
      pending.text += '\n' + raw;
      if (!balanced(pending.text)) return null;
      open.pending = null;
      return { line: pending.start, cells: splitQuoted(withoutCr(pending.text), delimiter) };
    }
    if (raw.indexOf('"') === -1) return { line, cells: withoutCr(raw).split(delimiter) };
    if (!balanced(raw)) {
      open.pending = { start: line, text: raw };
      return null;
    }
    return { line, cells: splitQuoted(withoutCr(raw), delimiter) };
  }
}

function withoutCr(text: string): string {
  return text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text;
}

/** A record is complete when it holds an even number of quote characters. */
function balanced(text: string): boolean {
  let count = 0;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) count++;
  return count % 2 === 0;
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
