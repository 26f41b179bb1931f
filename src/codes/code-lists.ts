import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** src/codes and dist/codes both sit two levels below the root, where the data files ship. */
export const CODE_DATA_DIR = fileURLToPath(new URL('../../src/codes/data/', import.meta.url));

export interface CodeEntry {
  readonly code: string;
  readonly description: string | null;
  readonly active: boolean;
}

/** Reads the `* #CODE "description"` lines of a FHIR Shorthand code system. */
export function parseFshCodeSystem(text: string): CodeEntry[] {
  const entries: CodeEntry[] = [];
  for (const line of text.split('\n')) {
    const m = /^\* #(\S+) "(.*)"\s*$/.exec(line);
    if (!m) continue;
    // Some descriptions were stored UTF-8-encoded twice upstream.
    const description = m[2]!.replaceAll('â€”', '—').replaceAll('\\"', '"');
    const inactive = / INACTIVE$/.test(description);
    entries.push({ code: m[1]!, description: description.replace(/ INACTIVE$/, ''), active: !inactive });
  }
  return entries;
}

const read = (file: string): string => readFileSync(CODE_DATA_DIR + file, 'utf8');

export function loadCarcs(): CodeEntry[] {
  return parseFshCodeSystem(read('cms_bfd__CodeSystem-ANSI-RSN-CD.fsh'));
}

export function loadGroupCodes(): CodeEntry[] {
  return parseFshCodeSystem(read('cms_bfd__CodeSystem-ANSI-GRP-CD.fsh'));
}

export function loadProcessingIndicators(): CodeEntry[] {
  return parseFshCodeSystem(read('cms_bfd__CodeSystem-CLM-PRCSG-IND-CD.fsh'));
}

/** RARC values, with our descriptions for the ones the decision table uses. */
export function loadRarcs(): CodeEntry[] {
  const described = new Map<string, string>();
  for (const line of read('rarc-descriptions.tsv').split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const [code, description] = line.split('\t');
    if (code && description) described.set(code, description);
  }
  return read('pyx12__remark-codes.txt')
    .split('\n')
    .filter((c) => c.trim() !== '')
    .map((code) => ({ code, description: described.get(code) ?? null, active: true }));
}
