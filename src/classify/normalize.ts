/** Tokens that EMR exports use for "no value"; upstream normalisation usually removed them already. */
const SENTINELS = new Set(['', 'none', 'null', 'nan', 'n/a', 'na']);

/**
 * The form every rule and the model read: lower case, whitespace collapsed, trimmed.
 * Punctuation stays, so that word boundaries in 'missing/incomplete/invalid' still separate words.
 * Returns null for a text that carries no reason at all.
 */
export function normalizeReason(text: string | null | undefined): string | null {
  if (text == null) return null;
  const norm = text.toLowerCase().replace(/\s+/g, ' ').trim();
  return SENTINELS.has(norm) ? null : norm;
}
