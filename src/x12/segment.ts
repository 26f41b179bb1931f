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
  if (value.includes(delimiters.component)) return value.split(delimiters.component);
  for (const candidate of COMPONENT_FALLBACKS) {
    if (candidate === delimiters.element || candidate === delimiters.repetition) continue;
    if (value.includes(candidate)) return value.split(candidate);
  }
  return [value];
}
