/**
 * Provider credentials as some senders put them in NM107 (name suffix) of the rendering provider,
 * and the few taxonomy groups (NUCC, PRV03) that name one credential. A physician taxonomy does
 * not tell MD from DO, nor a dentist's DDS from DMD: those come from the providers reference file.
 */
const CREDENTIALS: ReadonlySet<string> = new Set([
  'MD',
  'DO',
  'NP',
  'PA',
  'PAC',
  'CRNA',
  'CNM',
  'CNS',
  'APRN',
  'CRNP',
  'FNP',
  'RN',
  'LPN',
  'DDS',
  'DMD',
  'DPM',
  'DC',
  'OD',
  'PHD',
  'PSYD',
  'LCSW',
  'LICSW',
  'LPC',
  'LMFT',
  'PT',
  'OT',
  'SLP',
  'RD',
  'AUD',
]);

/** NUCC taxonomy prefixes that name exactly one credential. */
const TAXONOMY_CREDENTIALS: readonly (readonly [string, string])[] = [
  ['363L', 'NP'],
  ['363A', 'PA'],
  ['367500000X', 'CRNA'],
  ['367A', 'CNM'],
  ['364S', 'CNS'],
  ['111N', 'DC'],
  ['152W', 'OD'],
  ['213E', 'DPM'],
];

/** `M.D.`, `md`, `PA-C` → `MD`, `MD`, `PAC`; undefined for generational suffixes (JR, III) and unknowns. */
export function credentialOf(suffix: string | undefined): string | undefined {
  if (suffix === undefined) return undefined;
  const token = suffix.toUpperCase().replace(/[^A-Z]/g, '');
  return CREDENTIALS.has(token) ? token : undefined;
}

/** The credential a taxonomy code implies, when it implies exactly one. */
export function credentialOfTaxonomy(taxonomy: string | undefined): string | undefined {
  if (taxonomy === undefined) return undefined;
  return TAXONOMY_CREDENTIALS.find(([prefix]) => taxonomy.startsWith(prefix))?.[1];
}
