/** Tokens that EMR exports use for "no value"; upstream normalisation usually removed them already. */
const SENTINELS = new Set(['', 'none', 'null', 'nan', 'n/a', 'na']);

/**
 * How much of a reason text is read: a reason is a phrase, and reading a multi-megabyte one whole
 * took the classifier seconds per text (its features grow with the text). The text is stored whole.
 */
export const CLASSIFIED_CHARS = 2000;

/**
 * The form every rule and the model read (of its first CLASSIFIED_CHARS characters): lower case, whitespace collapsed, trimmed.
 * Punctuation stays, so that word boundaries in 'missing/incomplete/invalid' still separate words.
 * Returns null for a text that carries no reason at all.
 */
export function normalizeReason(text: string | null | undefined): string | null {
  if (text == null) return null;
  const read = text.length > CLASSIFIED_CHARS ? text.slice(0, CLASSIFIED_CHARS) : text;
  const norm = read.toLowerCase().replace(/\s+/g, ' ').trim();
  return SENTINELS.has(norm) ? null : norm;
}
