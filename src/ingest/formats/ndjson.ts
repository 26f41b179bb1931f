/** Splits decoded chunks into NDJSON lines (blank lines skipped; `line` is the physical line number). */
export interface NdjsonLine {
  readonly line: number;
  readonly text: string;
}

export async function* readNdjson(chunks: AsyncIterable<string>): AsyncGenerator<NdjsonLine[]> {
  let carry = '';
  let line = 0;
  for await (const chunk of chunks) {
    const text = carry + chunk;
    const batch: NdjsonLine[] = [];
    let from = 0;
    for (let nl = text.indexOf('\n', from); nl !== -1; nl = text.indexOf('\n', from)) {
      line++;
      const raw = text.slice(from, nl).trim();
      from = nl + 1;
      if (raw.length > 0) batch.push({ line, text: raw });
    }
    carry = text.slice(from);
    if (batch.length > 0) yield batch;
  }
  const rest = carry.trim();
  if (rest.length > 0) yield [{ line: line + 1, text: rest }];
}
