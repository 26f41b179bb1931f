/** A PostgreSQL array literal (`{"a","b"}`) for text COPY; elements quoted, `"` and `\` escaped. */
export function pgArray(values: readonly string[]): string {
  if (values.length === 0) return '{}';
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
