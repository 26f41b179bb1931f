/** A table as the reports render it: header cells, then rows of cells. */
export interface TextTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

/** A Markdown table; a pipe inside a cell is escaped (it would end the cell). */
export function markdownTable({ header, rows }: TextTable): string {
  const cell = (v: string | number) => String(v).replace(/\|/g, '\\|');
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}
