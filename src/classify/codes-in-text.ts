import { classifyDenialCodes, type CodeClassification } from '../codes/classify-codes.js';

// 'CO-16', 'CO 16', 'co16', 'PR-1', 'OA-B13'; the group is required so that a bare number
// ('modifier 25', '90 days') is never read as a CARC.
const GROUP_CARC = /\b(co|pr|oa|pi|cr)[ -]?([a-z]?\d{1,3})\b/g;
const RARC = /\b(m\d{1,3}|ma\d{1,3}|n\d{1,3})\b/g;

/**
 * When a free-text reason quotes its adjustment codes, the decision table classifies it, exactly
 * as for an 835. Returns null when the text names no group-prefixed CARC the table knows.
 */
export function classifyCodesInText(normalized: string): CodeClassification | null {
  const carcs = [...normalized.matchAll(GROUP_CARC)].map((m) => `${m[1]}-${m[2]}`);
  if (carcs.length === 0) return null;
  const rarcs = [...normalized.matchAll(RARC)].map((m) => m[1]!.toUpperCase());
  const result = classifyDenialCodes(carcs, rarcs);
  return result.confidence > 0 ? result : null;
}
