/**
 * Streams the elements of a top-level JSON array without holding the whole document: a small
 * scanner finds where each element ends (tracking strings, escapes and nesting), and each element
 * is handed to JSON.parse on its own. Memory stays at one chunk plus one element.
 */
export interface JsonElement {
  /** 1-based index of the element in the array. */
  readonly index: number;
  /** The element's JSON text. */
  readonly text: string;
}

export class JsonStructureError extends Error {}

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;

type State = 'before' | 'first' | 'value' | 'element' | 'comma' | 'after';

export async function* readJsonArray(chunks: AsyncIterable<string>): AsyncGenerator<JsonElement[]> {
  // before '[' → first (a value or ']') → element → comma (',' → value, ']' → after).
  let state = 'before' as State;
  let depth = 0;
  let closer = 0;
  let inString = false;
  let escaped = false;
  let element = '';
  let index = 0;
  for await (const chunk of chunks) {
    const batch: JsonElement[] = [];
    let start = 0;
    let slash = chunk.indexOf('\\');
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (state === 'element') {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) inString = false;
          else {
            // Jump to the next quote or backslash: string contents are most of an export's bytes.
            // (The next backslash is looked up once and reused until passed: most chunks have none.)
            const quote = chunk.indexOf('"', i + 1);
            if (slash !== -1 && slash <= i) slash = chunk.indexOf('\\', i + 1);
            const stop = quote === -1 ? slash : slash === -1 ? quote : Math.min(quote, slash);
            i = (stop === -1 ? chunk.length : stop) - 1;
          }
          continue;
        }
        if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          if (depth === 0) {
            // Only ']' may end the array right after a scalar element.
            if (c === CLOSE_BRACE) throw new JsonStructureError(`unexpected "}" after element ${index + 1}`);
            batch.push({ index: ++index, text: (element + chunk.slice(start, i)).trim() });
            element = '';
            state = 'after';
            continue;
          }
          // A mismatched closer leaves the element open; JSON.parse rejects it later, row by row.
          if (--depth === 0 && c === closer) {
            batch.push({ index: ++index, text: element + chunk.slice(start, i + 1) });
            element = '';
            state = 'comma';
          }
        } else if (c === COMMA && depth === 0) {
          batch.push({ index: ++index, text: (element + chunk.slice(start, i)).trim() });
          element = '';
          state = 'value';
        }
        continue;
      }
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
          state = 'element';
          start = i;
          depth = c === OPEN_BRACE || c === OPEN_BRACKET ? 1 : 0;
          closer = c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
          inString = c === QUOTE;
          break;
        case 'after':
          throw new JsonStructureError(`unexpected content after the closing "]" (after element ${index})`);
      }
    }
    if (state === 'element') element += chunk.slice(start);
    if (batch.length > 0) yield batch;
  }
  if (state !== 'after') {
    throw new JsonStructureError(
      state === 'before'
        ? 'the file holds no JSON array'
        : `the JSON array is not closed (truncated after element ${index})`,
    );
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}
