import type { DenialFilter } from '../api/types';

/** The worklist filters as they appear in the URL, with the API's own parameter names. */
export const FILTER_KEYS = [
  'kind',
  'carc',
  'group',
  'status',
  'category',
  'payer',
  'ageBand',
  'minAmountCents',
  'maxAmountCents',
  'q',
  'owner',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export type UrlFilter = Partial<Record<FilterKey, string>>;

export function filterFromUrl(params: URLSearchParams): UrlFilter {
  const out: UrlFilter = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) out[k] = v;
  }
  return out;
}

/**
 * The bulk route's cohort filter: the same filters as the worklist (owner included), typed as the
 * API reads them.
 */
export function bulkFilter(f: UrlFilter): DenialFilter {
  const { minAmountCents, maxAmountCents, ...rest } = f;
  return {
    ...(rest as Omit<DenialFilter, 'minAmountCents' | 'maxAmountCents'>),
    // The worklist lists denials unless the URL names a kind; the bulk route, given no kind, would
    // take both kinds: always name the one on screen.
    kind: (f.kind as DenialFilter['kind']) ?? 'denial',
    ...(minAmountCents ? { minAmountCents: Number(minAmountCents) } : {}),
    ...(maxAmountCents ? { maxAmountCents: Number(maxAmountCents) } : {}),
  };
}

/**
 * Whether the URL narrows the list beyond its kind: a bulk run is offered on a filter, never on
 * every item of a kind.
 */
export function hasFilter(f: UrlFilter): boolean {
  return Object.keys(f).some((k) => k !== 'kind');
}

/** What the items of a kind are called on screen: denials, or patient shares (PR-1/2/3) to bill. */
export function kindNoun(kind: string | null | undefined): { one: string; many: string } {
  if (kind === 'patient_liability') return { one: 'patient-liability item', many: 'patient-liability items' };
  // A bulk job over both kinds (`itemKind: mixed`).
  if (kind === 'mixed') return { one: 'item', many: 'items' };
  return { one: 'denial', many: 'denials' };
}
