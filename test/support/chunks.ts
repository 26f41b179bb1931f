/** Helpers for feeding text to streaming readers in chosen pieces. */

export async function* chunksOf(parts: readonly string[]): AsyncGenerator<string> {
  yield* parts;
}

/** `text` cut at the given offsets (sorted, duplicates allowed: they make empty chunks). */
export function splitAt(text: string, offsets: readonly number[]): string[] {
  const cuts = [...offsets].sort((a, b) => a - b);
  const parts: string[] = [];
  let from = 0;
  for (const cut of cuts) {
    parts.push(text.slice(from, cut));
    from = cut;
  }
  parts.push(text.slice(from));
  return parts;
}
