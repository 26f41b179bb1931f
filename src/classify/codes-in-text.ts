import { classifyCodes, type CodeClassification } from '../codes/classify-codes.js';

// 'CO-16', 'CO 16', 'co16', 'PR-1', 'OA-B13'; the group is required so that a bare number
// ('modifier 25', '90 days') is never read as a CARC.
const GROUP_CARC = /\b(co|pr|oa|pi|cr)[ -]?([a-z]?\d{1,3})\b/g;
const RARC = /\b(m\d{1,3}|ma\d{1,3}|n\d{1,3})\b/g;

/** Contractual and patient-share adjustments ride along with most denials; alone, they decide. */
const RIDES_ALONG = new Set(['contractual', 'patient_responsibility']);

/**
 * The decision table's word on each adjustment code a free-text reason quotes (with the remarks
 * it quotes), exactly as for an 835; codes the table does not know are left out. Empty when the
 * text quotes no group-prefixed CARC.
 */
export function codesInText(normalized: string): CodeClassification[] {
  const carcs = [...normalized.matchAll(GROUP_CARC)].map((m) => ({ group: m[1]!, carc: m[2]! }));
  if (carcs.length === 0) return [];
  const rarcs = [...normalized.matchAll(RARC)].map((m) => m[1]!.toUpperCase());
  const known = carcs.map((c) => classifyCodes({ ...c, rarcs })).filter((r) => r.confidence > 0);
  // A riding-along code the table says never to touch still holds the whole denial for a person.
  const deciding = known.filter((r) => !RIDES_ALONG.has(r.category ?? '') || r.neverAutomate);
  return deciding.length > 0 ? deciding : known;
}
