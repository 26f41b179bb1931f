/**
 * Streams the elements of a top-level JSON array without holding the whole document: a small
 * scanner finds where each element starts and ends (tracking strings, escapes and nesting) and
 * checks what lies between elements. An element that is a flat object (what nearly every EMR
 * record is) is read on the spot by a FlatObjectReader, much faster than JSON.parse; any other
 * element is left to the caller's JSON.parse (see elementText). Memory stays at one chunk plus
 * the element spanning into it.
 */

/** The elements that end in one chunk. */
export interface JsonBatch {
  /** 1-based index in the array of the batch's first element. */
  readonly first: number;
  /** The chunk. */
  readonly text: string;
  /** The start of the first element, when it was read from earlier chunks ('' otherwise). */
  readonly head: string;
  /**
   * Element k of the batch (0-based) spans text.slice(starts[k], ends[k]), after `head` for the
   * first: an object or array from its opening to its closing bracket, a scalar up to the "," or
   * "]" after it.
   */
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  /** Element k's values under the reader's keys if the reader read it, else null (for JSON.parse). */
  readonly values: readonly (unknown[] | null)[];
}

export class JsonStructureError extends Error {}

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const ZERO = 48;
const ONE = 49;
const NINE = 57;
const LOWER_E = 101;
const UPPER_E = 69;

type State = 'before' | 'first' | 'value' | 'element' | 'comma' | 'after';

/** The JSON text of element k of a batch on its own (a scalar without the spaces around it). */
export function elementText(batch: JsonBatch, k: number): string {
  const text = batch.text.slice(batch.starts[k], batch.ends[k]);
  return (k === 0 ? batch.head + text : text).trim();
}

/**
 * Reads the array, handing each element that is a flat object to `reader` when there is one.
 * Throws JsonStructureError when the text is not one whole array of comma-separated values.
 */
export async function* readJsonArray(
  chunks: AsyncIterable<string>,
  reader?: FlatObjectReader,
): AsyncGenerator<JsonBatch> {
  // before '[' → first (a value or ']') → element → comma (',' → value, ']' → after).
  let state = 'before' as State;
  let depth = 0;
  let closer = 0;
  let inString = false;
  let escaped = false;
  // The part of the current element read from earlier chunks.
  let head = '';
  let index = 0;
  for await (const chunk of chunks) {
    const starts: number[] = [];
    const ends: number[] = [];
    const values: (unknown[] | null)[] = [];
    const first = index + 1;
    // The start of an element left open by earlier chunks: the batch's first, if it ends here.
    const elementHead = head;
    // Whether the element being read started in this chunk, and where.
    let started = false;
    let start = 0;
    let i = 0;
    // The next backslash at or after i (chunk.length if none): looked up once and reused until
    // passed, since most chunks hold none.
    let slash = -1;
    if (escaped && chunk.length > 0) {
      // The previous chunk ended in a backslash inside a string: this chunk's first character is escaped.
      escaped = false;
      i = 1;
    }
    for (; i < chunk.length; i++) {
      if (state === 'element') {
        if (inString) {
          // String contents are most of an export's bytes: jump to the closing quote with
          // indexOf, stopping at backslashes on the way to skip what each escapes.
          if (slash < i) slash = indexOrEnd(chunk, '\\', i);
          const quote = indexOrEnd(chunk, '"', i);
          if (slash < quote) {
            i = slash + 1; // the loop's i++ steps over the escaped character
            if (i === chunk.length) escaped = true;
          } else {
            i = quote; // the closing quote, or the end of the chunk with the string still open
            inString = quote === chunk.length;
          }
          continue;
        }
        const c = chunk.charCodeAt(i);
        if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          if (depth === 0) {
            // Only ']' may end the array right after a scalar element.
            if (c === CLOSE_BRACE) throw new JsonStructureError(`unexpected "}" after element ${index + 1}`);
            index++;
            starts.push(start);
            ends.push(i);
            values.push(null);
            state = 'after';
            continue;
          }
          // A mismatched closer leaves the element open; JSON.parse rejects it later, row by row.
          if (--depth === 0 && c === closer) {
            index++;
            starts.push(start);
            ends.push(i + 1);
            values.push(null);
            state = 'comma';
          }
        } else if (c === COMMA && depth === 0) {
          index++;
          starts.push(start);
          ends.push(i);
          values.push(null);
          state = 'value';
        }
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (isSpace(c)) continue;
      switch (state) {
        case 'before':
          if (c !== OPEN_BRACKET)
            throw new JsonStructureError('expected a JSON array (the file must start with "[")');
          state = 'first';
          break;
        case 'comma':
          if (c === COMMA) state = 'value';
          else if (c === CLOSE_BRACKET) state = 'after';
          else throw new JsonStructureError(`expected "," or "]" after element ${index}`);
          break;
        case 'first':
        case 'value':
          if (c === CLOSE_BRACKET && state === 'first') {
            state = 'after';
            break;
          }
          if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE) {
            throw new JsonStructureError(`expected a value for element ${index + 1}`);
          }
          if (c === OPEN_BRACE && reader) {
            const read = reader.read(chunk, i);
            if (read !== null) {
              index++;
              starts.push(i);
              ends.push(reader.end);
              values.push(read);
              state = 'comma';
              i = reader.end - 1;
              break;
            }
          }
          state = 'element';
          started = true;
          start = i;
          depth = c === OPEN_BRACE || c === OPEN_BRACKET ? 1 : 0;
          closer = c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
          inString = c === QUOTE;
          break;
        case 'after':
          throw new JsonStructureError(`unexpected content after the closing "]" (after element ${index})`);
      }
    }
    if (starts.length > 0) yield { first, text: chunk, head: elementHead, starts, ends, values };
    // Carry the open element's text so far: ropes (no copying) while it spans chunks.
    if (state !== 'element') head = '';
    else head = started ? chunk.slice(start) : head + chunk;
  }
  if (state !== 'after') {
    throw new JsonStructureError(
      state === 'before'
        ? 'the file holds no JSON array'
        : `the JSON array is not closed (truncated after element ${index})`,
    );
  }
}

/**
 * Reads the values of a flat JSON object under a profile's keys, without JSON.parse: an object
 * whose keys and string values hold no escape and no control character, and whose other values
 * are numbers, true, false or null. Anything else (a nested value, an escape, invalid JSON, an
 * object running past the end of the text) makes read() return null, which only means "left to
 * JSON.parse", never "invalid". What read() returns is what `JSON.parse(text)[key]` gives for
 * each key, a later duplicate key winning as there.
 */
export class FlatObjectReader {
  /** Index just after the closing brace of the object last read. */
  end = 0;
  // Per field: its key ('' for none), the key's length (-1 for none), and the next field mapped to
  // the same key (-1 for none).
  private readonly names: readonly string[];
  private readonly lengths: readonly number[];
  private readonly next: readonly number[];
  private readonly absent: readonly unknown[];

  /** `keys[j]` is the object key whose value goes to values[j]; undefined for none. */
  constructor(keys: readonly (string | undefined)[]) {
    this.names = keys.map((k) => k ?? '');
    this.lengths = keys.map((k) => (k === undefined ? -1 : k.length));
    this.next = keys.map((k, j) => (k === undefined ? -1 : keys.indexOf(k, j + 1)));
    // A key the object lacks reads as it would on a parsed object: undefined, or an inherited
    // member of Object.prototype when the key names one ('constructor', '__proto__').
    this.absent = keys.map((k) => (k === undefined ? undefined : ({} as Record<string, unknown>)[k]));
  }

  /** The values of the object whose "{" is at text[at], or null (see above). */
  read(text: string, at: number): unknown[] | null {
    const values = this.absent.slice();
    let i = spacesEnd(text, at + 1);
    if (text.charCodeAt(i) === CLOSE_BRACE) {
      this.end = i + 1;
      return values;
    }
    for (;;) {
      if (text.charCodeAt(i) !== QUOTE) return null;
      const keyEnd = plainStringEnd(text, i + 1);
      if (keyEnd < 0) return null;
      const field = this.fieldOf(text, i + 1, keyEnd);
      i = spacesEnd(text, keyEnd + 1);
      if (text.charCodeAt(i) !== COLON) return null;
      i = spacesEnd(text, i + 1);
      const c = text.charCodeAt(i);
      let value: unknown;
      if (c === QUOTE) {
        const close = plainStringEnd(text, i + 1);
        if (close < 0) return null;
        if (field >= 0) value = detachedSlice(text, i + 1, close);
        i = close + 1;
      } else if (c === MINUS || (c >= ZERO && c <= NINE)) {
        const close = numberEnd(text, i);
        if (close < 0) return null;
        if (field >= 0) value = Number(text.slice(i, close));
        i = close;
      } else if (text.startsWith('true', i)) {
        value = true;
        i += 4;
      } else if (text.startsWith('false', i)) {
        value = false;
        i += 5;
      } else if (text.startsWith('null', i)) {
        value = null;
        i += 4;
      } else return null;
      // Every field mapped to this key gets the value.
      for (let j = field; j >= 0; j = this.next[j]!) values[j] = value;
      // Past the end of the text charCodeAt gives NaN, which matches neither: null.
      i = spacesEnd(text, i);
      const after = text.charCodeAt(i);
      if (after === CLOSE_BRACE) {
        this.end = i + 1;
        return values;
      }
      if (after !== COMMA) return null;
      i = spacesEnd(text, i + 1);
    }
  }

  /** The first field whose key is text.slice(from, to), or -1. */
  private fieldOf(text: string, from: number, to: number): number {
    const length = to - from;
    for (let j = 0; j < this.names.length; j++) {
      if (this.lengths[j] === length && text.startsWith(this.names[j]!, from)) return j;
    }
    return -1;
  }
}

/**
 * text.slice(from, to) as a string of its own. V8 makes a slice of 13 or more characters a view
 * that keeps its whole parent alive, and a cell cached downstream (the classifier caches reason
 * texts) would then hold a 1 MiB chunk; flattening the slice plus one character into a new string
 * and slicing that instead leaves only the new string behind.
 */
function detachedSlice(text: string, from: number, to: number): string {
  return to - from < 13 ? text.slice(from, to) : (text.slice(from, to) + ' ').slice(0, -1);
}

/**
 * Index of the quote ending the string whose contents start at `from`; -1 at an escape or a
 * control character (left to JSON.parse), or if the string does not end within text.
 */
function plainStringEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > QUOTE && c !== BACKSLASH) continue; // most characters: one comparison
    if (c === QUOTE) return i;
    if (c === BACKSLASH || c < 32) return -1;
  }
  return -1;
}

/** Index after the JSON number at text[i] (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?), or -1. */
function numberEnd(text: string, i: number): number {
  if (text.charCodeAt(i) === MINUS) i++;
  const lead = text.charCodeAt(i);
  if (lead === ZERO) i++;
  else if (lead >= ONE && lead <= NINE) i = digitsEnd(text, i + 1);
  else return -1;
  if (text.charCodeAt(i) === DOT) {
    const end = digitsEnd(text, i + 1);
    if (end === i + 1) return -1;
    i = end;
  }
  const e = text.charCodeAt(i);
  if (e === LOWER_E || e === UPPER_E) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === PLUS || sign === MINUS) i++;
    const end = digitsEnd(text, i);
    if (end === i) return -1;
    i = end;
  }
  return i;
}

function digitsEnd(text: string, i: number): number {
  for (let c = text.charCodeAt(i); c >= ZERO && c <= NINE; c = text.charCodeAt(++i));
  return i;
}

function spacesEnd(text: string, i: number): number {
  // Every JSON space is at most 32: one comparison for anything else.
  for (let c = text.charCodeAt(i); c <= 32 && isSpace(c); c = text.charCodeAt(++i));
  return i;
}

/** Where `search` next occurs in `text` from `from`, or text.length if it does not. */
function indexOrEnd(text: string, search: string, from: number): number {
  const at = text.indexOf(search, from);
  return at === -1 ? text.length : at;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}
