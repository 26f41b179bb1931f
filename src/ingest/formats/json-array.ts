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

export async function* readJsonArray(chunks: AsyncIterable<string>): AsyncGenerator<JsonElement[]> {
  let state = 'before' as 'before' | 'between' | 'element' | 'after';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let element = '';
  let index = 0;
  for await (const chunk of chunks) {
    const batch: JsonElement[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (state === 'element') {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) inString = false;
          continue;
        }
        if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          if (depth === 0) {
            // The array closes right after a scalar element.
            batch.push({ index: ++index, text: (element + chunk.slice(start, i)).trim() });
            element = '';
            state = 'after';
            continue;
          }
          depth--;
          if (depth === 0 && c === CLOSE_BRACE) {
            batch.push({ index: ++index, text: element + chunk.slice(start, i + 1) });
            element = '';
            state = 'between';
          }
        } else if (c === COMMA && depth === 0) {
          batch.push({ index: ++index, text: (element + chunk.slice(start, i)).trim() });
          element = '';
          state = 'between';
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (state === 'before') {
        if (c !== OPEN_BRACKET)
          throw new JsonStructureError('expected a JSON array (the file must start with "[")');
        state = 'between';
      } else if (state === 'between') {
        if (c === COMMA) continue;
        if (c === CLOSE_BRACKET) {
          state = 'after';
          continue;
        }
        state = 'element';
        start = i;
        depth = 0;
        if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth = 1;
      } else {
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
