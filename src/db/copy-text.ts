/**
 * Encodes one value for PostgreSQL's text COPY format (`\N` is NULL; tab, newline, CR and
 * backslash escaped). PostgreSQL's text holds no NUL character: one (in the raw text of a
 * quarantined row) is stored as U+FFFD, the detail saying where it was.
 */
export function copyValue(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value !== 'string') return String(value);
  if (!/[\t\n\r\\\0]/.test(value)) return value;
  return value.replace(/[\t\n\r\\\0]/g, (ch) => COPY_ESCAPES[ch] ?? ch);
}

const COPY_ESCAPES: Record<string, string> = {
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\\': '\\\\',
  '\0': '\ufffd',
};

/** Encodes rows (arrays in column order) as a text COPY payload. */
export function copyText(
  rows: readonly (readonly (string | number | boolean | null | undefined)[])[],
): string {
  let out = '';
  for (const row of rows) out += row.map(copyValue).join('\t') + '\n';
  return out;
}
