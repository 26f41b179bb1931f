import { readFileSync } from 'node:fs';
import { collectingSink, type ClaimSet, type Remittance, type X12Document } from '../../src/x12/document.js';
import { readX12Text } from '../../src/x12/read.js';
import { X12Tokenizer } from '../../src/x12/tokenizer.js';

export const FIXTURES = new URL('./fixtures/', import.meta.url);

export function fixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

export function fixturePath(name: string): string {
  return new URL(name, FIXTURES).pathname;
}

/** Reads text whole into memory. */
export function readText(text: string, name = 'test.x12', strict = false): X12Document {
  const { sink, document } = collectingSink();
  const segmentCount = readX12Text(text, sink, name, strict);
  return { ...document(), segmentCount };
}

export function remittances(doc: X12Document): Remittance[] {
  return doc.transactions.filter((t): t is Remittance => t.setId === '835');
}

export function claimSets(doc: X12Document): ClaimSet[] {
  return doc.transactions.filter((t): t is ClaimSet => t.setId === '837');
}

/** Segment element arrays of a text, fed to the tokenizer in chunks of the given sizes (cycled). */
export function tokenize(
  text: string,
  chunkSizes: readonly number[] = [text.length || 1],
  name = 'test.x12',
): string[][] {
  const tokenizer = new X12Tokenizer(name);
  const out: string[][] = [];
  let pos = 0;
  let i = 0;
  while (pos < text.length) {
    const size = Math.max(1, chunkSizes[i++ % chunkSizes.length] ?? 1);
    for (const s of tokenizer.push(text.slice(pos, pos + size))) out.push([...s.elements]);
    pos += size;
  }
  for (const s of tokenizer.end()) out.push([...s.elements]);
  return out;
}
