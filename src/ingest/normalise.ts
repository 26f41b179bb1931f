import type { CanonicalStatus, SourceProfile } from './profile.js';
import { parseDate } from './dates.js';

/** Tokens that mean "no value" in EMR exports, compared case-insensitively after trimming. */
export const SENTINELS: ReadonlySet<string> = new Set(['', 'none', 'null', 'nan', 'n/a', 'na']);

/** Trims a raw cell; sentinel tokens and non-scalars become null. Numbers become their text. */
export function clean(value: unknown): string | null {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.length <= 4 && SENTINELS.has(text.toLowerCase())) return null;
    return text;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** What a field normalised to, and whether the raw value was unreadable (not merely missing). */
export type Normalised<T> = { value: T | null; unreadable: boolean };

/**
 * Builds the status normaliser of a profile: case and spacing are ignored, synonyms map to the
 * canonical status, and an unknown word is kept (lower-cased) and flagged.
 */
export function statusNormaliser(profile: SourceProfile): (raw: string | null) => Normalised<string> {
  const vocabulary = new Map<string, CanonicalStatus>();
  for (const [status, words] of Object.entries(profile.statusVocabulary) as [CanonicalStatus, string[]][]) {
    for (const word of words) vocabulary.set(squash(word), status);
  }
  return (raw) => {
    if (raw === null) return { value: null, unreadable: false };
    const key = squash(raw);
    const known = vocabulary.get(key);
    return known ? { value: known, unreadable: false } : { value: key, unreadable: true };
  };
}

function squash(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * Builds the date normaliser of a profile. Not memoised: the batch run's deciders remember each
 * distinct date text (exports repeat the same few hundred) with everything derived from it.
 */
export function dateNormaliser(profile: SourceProfile): (raw: string | null) => Normalised<string> {
  return (raw) => {
    if (raw === null) return { value: null, unreadable: false };
    const value = parseDate(raw, profile.dateLayouts);
    return { value, unreadable: value === null };
  };
}
