import type { Classification } from '../classify/types.js';
import { CATEGORIES, isCategory } from '../codes/categories.js';

/**
 * What a billing operator should change before resubmitting. The category's action is the
 * default; the reason text names the fix more precisely when it says which field, modifier or
 * place of service is wrong, so those come first.
 */
export function recommendChange(reason: string | null, classification: Classification): string {
  const key = `${reason ?? ''}\u0000${classification.category ?? ''}`;
  let change = memo.get(key);
  if (change === undefined) {
    change = recommend(reason, classification);
    if (memo.size < 50_000) memo.set(key, change);
  }
  return change;
}

const memo = new Map<string, string>();

// A modifier named in the text: 'modifier 25', 'mod 59', 'modifer GT', 'GT modifier', 'RT/LT modifier'.
const MODIFIER_AFTER =
  /\b(?:modifiers?|modifer|mod)\s*[:#-]?\s*([0-9]{2}|[a-z]{2}|[a-z][0-9])(?:\s*(?:\/|or|and)\s*([0-9]{2}|[a-z]{2}))?\b/;
const MODIFIER_BEFORE =
  /\b([0-9]{2}|[a-z]{2}|[a-z][0-9])(?:\s*\/\s*([0-9]{2}|[a-z]{2}))?\s+(?:modifiers?|modifer|mod)\b/;
// Words after 'modifier' that are not modifiers.
const NOT_A_MODIFIER = new Set([
  'is',
  'on',
  'in',
  'to',
  'or',
  'an',
  'of',
  'no',
  'ok',
  'id',
  'by',
  'mi',
  'as',
  'at',
  'be',
  'if',
]);
/** A place-of-service code the text says is right ('should be 22', 'correct POS to 11'). */
const POS_TARGET = /\b(?:should be|s\/b|correct (?:pos|place of service) to)\s*(?:pos\s*)?([0-9]{2})\b/;

/** Specific fields of missing or invalid claim data, by the words that name them. */
const FIELDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bnpi\b/, "correct the provider's NPI (billing, rendering or referring, as named)"],
  [/\btaxonomy\b/, "add the provider's taxonomy code"],
  [/\b(dob|date of birth|birth ?date)\b/, "correct the patient's date of birth to match the payer's records"],
  [
    /\b(member|subscriber|insured'?s?|patient|pt)\s+(id|#|number|no)\b|\b(mbi|hicn)\b/,
    'correct the member ID from the insurance card (prefix and suffix included)',
  ],
  [/\bndc\b/, 'add the NDC, its qualifier and units to the drug line'],
  [/\b(dx|diagnosis|icd(-?10)?)\b/, 'add or correct the diagnosis codes and pointers'],
  [/\bunits?\b/, 'correct the units of service'],
  [/\bclia\b/, 'add the CLIA certificate number'],
  [/\b(tax ?id|tin|ein)\b/, "correct the billing provider's tax ID"],
  [
    /\b(icn|original (claim|reference)|frequency)\b/,
    "send it as a replacement (frequency 7) with the payer's original claim number",
  ],
  [/\bname\b/, "correct the patient's or insured's name to match the card"],
  [/\b(address|zip)\b/, 'correct the address (street, ZIP+4; no PO box for the billing provider)'],
];

function modifierNamed(text: string): string | null {
  for (const re of [MODIFIER_AFTER, MODIFIER_BEFORE]) {
    const m = re.exec(text);
    if (!m) continue;
    const codes = [m[1], m[2]].filter((c): c is string => c !== undefined && !NOT_A_MODIFIER.has(c));
    if (codes.length > 0) return codes.map((c) => c.toUpperCase()).join('/');
  }
  return null;
}

const modifierFix = (text: string): string => {
  const modifier = modifierNamed(text);
  return modifier
    ? `add modifier ${modifier} to the procedure line`
    : 'add or correct the procedure modifier';
};
const posFix = (text: string): string => {
  const pos = POS_TARGET.exec(text)?.[1];
  return pos
    ? `correct the place of service to ${pos}`
    : 'correct the place of service to where the service was rendered';
};
const authorizationFix = (text: string): string =>
  /\breferral\b/.test(text)
    ? "attach the referral number from the patient's primary care provider"
    : 'attach the prior-authorization number on file (REF*G1)';

/** Every fix the text names, in the order a line of several reasons gives them. */
function fixesNamed(text: string): string[] {
  const found: { at: number; fix: string }[] = [];
  const add = (re: RegExp, fix: () => string) => {
    const m = re.exec(text);
    if (m) found.push({ at: m.index, fix: fix() });
  };
  add(/\b(modifiers?|modifer|mod)\b/, () => modifierFix(text));
  add(/\b(pos|place of service)\b/, () => posFix(text));
  add(/\b(auth|authorization|prior auth|precert|pre-?authorization|preauth|referral|pa)\b/, () =>
    authorizationFix(text),
  );
  for (const [re, fix] of FIELDS) add(re, () => fix);
  return found.sort((a, b) => a.at - b.at).map((f) => f.fix);
}

/** The fix a retryable category stands for, refined by what the text names. */
function categoryFix(category: string, text: string): string | null {
  switch (category) {
    case 'coding_modifier':
      return modifierFix(text);
    case 'place_of_service':
      return posFix(text);
    case 'authorization':
      return authorizationFix(text);
    case 'missing_information':
      return FIELDS.find(([re]) => re.test(text))?.[1] ?? 'correct the missing or invalid claim data';
    default:
      return null;
  }
}

function recommend(reason: string | null, classification: Classification): string {
  const text = (reason ?? '').toLowerCase();
  const category =
    classification.category !== null && isCategory(classification.category) ? classification.category : null;
  // A category that resubmitting cannot fix has one next action, whatever else the text says.
  if (category !== null && !CATEGORIES[category].retryable) return CATEGORIES[category].action;
  const first = category !== null ? categoryFix(category, text) : null;
  const fixes = [...new Set([...(first ? [first] : []), ...fixesNamed(text)])];
  if (fixes.length === 0) return 'Read the denial, correct the claim, then resubmit';
  const sentence = `${fixes.join('; ')}, then resubmit`;
  return sentence[0]!.toUpperCase() + sentence.slice(1);
}
