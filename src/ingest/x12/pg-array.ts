/** Characters an element of an array literal escapes with a backslash. */
const ESCAPED = /["\\]/;

/** A PostgreSQL array literal (`{"a","b"}`) for text COPY; elements quoted, `"` and `\` escaped. */
export function pgArray(values: readonly string[]): string {
  if (values.length === 0) return '{}';
  // Built in one pass (no array of quoted elements per call): it runs for several columns of every row.
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out += `${i === 0 ? '"' : ',"'}${ESCAPED.test(v) ? v.replace(/["\\]/g, (c) => `\\${c}`) : v}"`;
  }
  return `${out}}`;
}
