import type { Delimiters } from './delimiters.js';

/** One segment: its elements (`elements[0]` is the segment id) and where it sits in the file. */
export interface Segment {
  readonly elements: readonly string[];
  /** 1-based position among all segments of the file, across interchanges. */
  readonly index: number;
  readonly delimiters: Delimiters;
}

/** Characters senders use as component separators, tried when the declared one is absent. */
const COMPONENT_FALLBACKS = [':', '>', '^', '!', '|', '\\'];

/**
 * The components of a composite element. Some senders declare one component separator in ISA16
 * and use another in the body (`HC>99213` under ISA16 `:`); when the declared one does not occur,
 * the first usual separator that does — and is not this interchange's element or repetition
 * separator — is taken instead. Only call this on elements that are composites.
 */
export function components(value: string | undefined, delimiters: Delimiters): string[] {
  if (value === undefined || value.length === 0) return [];
  const declared = value.indexOf(delimiters.component);
  if (declared >= 0) return splitAt(value, delimiters.component, declared);
  for (const candidate of COMPONENT_FALLBACKS) {
    if (candidate === delimiters.element || candidate === delimiters.repetition) continue;
    const at = value.indexOf(candidate);
    if (at >= 0) return splitAt(value, candidate, at);
  }
  return [value];
}

/**
 * `value.split(separator)` where `first` is the separator's first position: the same parts, cut
 * with `indexOf` and `slice` (`split` is a runtime call that costs several times more on an
 * element a few characters long, and this runs on every service line).
 */
function splitAt(value: string, separator: string, first: number): string[] {
  const parts: string[] = [];
  let from = 0;
  for (let at = first; at >= 0; at = value.indexOf(separator, from)) {
    parts.push(value.slice(from, at));
    from = at + separator.length;
  }
  parts.push(value.slice(from));
  return parts;
}
