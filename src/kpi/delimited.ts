/**
 * Splits one record of a delimited file. Handles double-quoted fields with "" escapes (the
 * DE-SynPUF header is quoted); a record is one physical line, which every CMS layout here holds to.
 * Returns undefined when a quote is left open.
 */
export function splitRecord(line: string, delimiter: string): string[] | undefined {
  if (!line.includes('"')) return line.split(delimiter);
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (line[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  if (quoted) return undefined;
  fields.push(field);
  return fields;
}

/** The delimiter of a header line: CMS RIF files use '|', the others ','. */
export function detectDelimiter(header: string): string {
  return header.includes('|') ? '|' : ',';
}
