import { loadCarcs, loadRarcs } from '../codes/code-lists.js';
import { decisionTable } from '../codes/decision-table.js';

/** Compared without case or punctuation: 'Deductible Amount.' and 'deductible amount' are one text. */
export function bare(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

interface DescriptionIndex {
  readonly carcs: ReadonlyMap<string, string>;
  readonly rarcs: ReadonlyMap<string, string>;
}

let index: DescriptionIndex | undefined;

/**
 * The payer's own words for each code: CARC descriptions (the reason, without X12 usage notes)
 * of codes the decision table decides, and our descriptions of the RARCs it names. A description
 * shared by two codes is left out: it would not say which one.
 */
function descriptions(): DescriptionIndex {
  if (index) return index;
  const table = decisionTable();
  const carcs = new Map<string, string>();
  const shared = new Set<string>();
  for (const c of loadCarcs()) {
    if (!c.description || !table.lookup('CO', c.code, [])) continue;
    const key = bare(c.description.split(/ (?:Usage|Note):/)[0]!);
    if (carcs.has(key)) shared.add(key);
    carcs.set(key, c.code);
  }
  for (const key of shared) carcs.delete(key);
  const rarcs = new Map<string, string>();
  for (const r of loadRarcs()) if (r.description) rarcs.set(bare(r.description), r.code);
  index = { carcs, rarcs };
  return index;
}

/**
 * The codes a text stands for when it is nothing but a CARC's description, optionally followed by
 * RARC descriptions or RARC codes (how some EMRs export a remittance's reasons). Null otherwise.
 */
export function codesOfDescription(text: string): { group: string; carc: string; rarcs: string[] } | null {
  const { carcs, rarcs } = descriptions();
  const words = bare(text).split(' ');
  // The longest prefix that is a CARC description; the rest must be remarks, or nothing.
  for (let cut = words.length; cut > 0; cut--) {
    const carc = carcs.get(words.slice(0, cut).join(' '));
    if (carc === undefined) continue;
    // Deductible, coinsurance and copay descriptions are patient-responsibility adjustments.
    const group = decisionTable().lookup('PR', carc, [])?.group === 'PR' ? 'PR' : 'CO';
    const rest = words.slice(cut).join(' ');
    if (rest === '') return { group, carc, rarcs: [] };
    const byDescription = rarcs.get(rest);
    if (byDescription) return { group, carc, rarcs: [byDescription] };
    const codes = rest.split(' ');
    if (codes.every((c) => /^(m|ma|n)\d{1,3}$/.test(c)))
      return { group, carc, rarcs: codes.map((c) => c.toUpperCase()) };
    return null;
  }
  return null;
}
