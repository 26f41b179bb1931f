import { CATEGORIES } from '../codes/categories.js';
import type { Cause } from './causes.js';
import { FIELD_PATTERN, namesAuthorizationMismatch, UNSURE } from './rules.js';

/** Categories whose reasons are fixed in the claim's own data. */
const RETRYABLE_CATEGORIES: ReadonlySet<string> = new Set(
  Object.entries(CATEGORIES)
    .filter(([, info]) => info.retryable)
    .map(([id]) => id),
);

/**
 * The writer says how to fix the claim and send it again ('add mod 24 and rebill', 'fix pointer &
 * resend', 'strip decimals', 'swap the #', 'correct in DDE and release', 'needs corrected claim').
 * A billing person writes that only when they know what is wrong with the claim's own data.
 */
const STATED_FIX =
  /\b(?:re-?submit\w*|re-?bill\w*|re-?send\w*|resent|corrected claim (?:out|going out|sent|submitted|to follow)|send (?:a )?corrected|make them match|re-?file[ds]?|re-?filing|re-?transmit\w*|re-?drop|(?:submit|send|file|needs?|needed|requires?) (?:a |the )?(?:corrected|replacement) (?:claim|bill)|corrected claim (?:needed|required)|fix(?:ed)?(?! (?:wing|fee|rate|amount|price|schedule))|swap|(?<!(?:test|ekg|ecg|rhythm|monitor|telemetry) )strip(?!s)|(?:correct|update|change|fix|add|attach|enter|append|use|report)\b[^.;]{0,60}\b(?:and|&|\+|then|->|to) (?:re-?\w+|send|release|bill)|correct in dde|release (?:the |it )?(?:claim|bill)|and release)\b/;

/**
 * The writer does not know (yet) what is wrong, or says the payer did not say: no fix is known
 * ('rep could not say which modifier', 'no reason given', 'not sure', 'wrong ID?'). The rules' own
 * `UNSURE` words, and more.
 */
export const UNKNOWN_REASON = new RegExp(
  `${UNSURE.source}|${/\b(?:unknown (?:why|which|what)|might be|may be|to be determined|(?:(?:could|would|did|does|do|can) ?not|cannot|(?:can|couldn|wouldn|didn|doesn|don)'?t) (?:say|tell|specify|explain|confirm|know|identify|indicate|advise|state|clarify)|unable to (?:say|tell|determine|identify|confirm|specify|advise|indicate|clarify)|(?:reason|why|cause)\b[^.;]{0,20}\bnot (?:specified|stated|given|explained|provided|listed)|no (?:reason|explanation|specifics?)(?: \w+)?(?: given| stated| provided| listed)?|reason (?:unknown|unclear|unspecified)|which (?:one|line|modifier|field|element|segment|code)|(?:status|reason|cause) (?:is )?unknown|something about|some kind of|(?:didn'?t|did not) catch|no (?:edit|error|reason|explanation|details?|specifics?|code|loop|segment)\b[^.;]{0,30}\b(?:given|stated|provided|listed|specified|returned)|(?:need|needs|needed) to (?:check|verify|confirm|find out)|verify both|pull (?:the )?full|either\b(?! (?:remove|add|correct|change|update|fix|use|bill|send|set|drop|delete|enter|report))[^.;]{1,60}\bor)\b/.source}`,
);

/** The text names something on the claim: a field, a modifier, a POS, an authorization, a segment. */
const CLAIM_THING = new RegExp(
  `\\b(?:${FIELD_PATTERN}|mod(?:ifier)?s?|mod ?\\w{2}|pos|place of service|auth\\w*|referral|pre-?cert\\w*|ndc|segment|nte|lin|mea|k3|tob|type of bill|ub|hcfa|cms-?1500|dx|icd|cpt|hcpcs|j\\d{4}|(?<!(?:claim|clm|icn|dcn|tcn|ref|ticket|call|case|pcn)\\W{0,3})\\d{5})\\b|\\b[a-z]{2,3}\\*\\w+`,
);

/** What was wrong, said outright: 'keyed 2052 not 2025', 'digits swapped', 'change 18 to 19', 'omit the prefix'. */
const DEFECT_NAMED =
  /\b(?:missing|invalid|wrong|incorrect|typo\w*|keyed|mis-?keyed|swapped|transposed|instead of|left off|left blank|blank|dropped|differs?|omitted|not (?:populated|reported|sent|included)|should (?:be|have been)|must be|expecting|format|longer than|shorter than|belongs to|(?:change|changed)\b[^.;]{1,30}\bto|omit|(?<!(?:test|ekg|ecg|rhythm|monitor|telemetry) )strip(?!s)|remove|move)\b/;

/** The payer's own error or a request with no reason: nothing of ours is named as wrong. */
const PAYER_SIDE = /\b(?:system|processing|payer|portal|technical) (?:error|issue|glitch|problem)s?\b/;

/**
 * Someone else fixes it — the payer ('they will fix it and reprocess', 'fixed by payer', 'payer to
 * release'), or the member, the employer or another provider ('pt must complete the questionnaire,
 * then rebill') — or the fix is one not to make or already made ('do not rebill', 'already rebilled
 * twice, still denying') (rules-2026.12.19).
 */
const NOT_OUR_FIX =
  /\b(?:payer|plan|carrier|they|insurance|ins)\b[^.;]{0,20}\b(?:will|to|is going to|are going to|plans? to)\b[^.;]{0,20}\b(?:fix|reprocess|adjust|release|correct|update)\w*|\bfixed by (?:the )?(?:payer|plan|carrier)|\breprocess\w* (?:on their (?:end|side)|automatically)|\b(?:payer|plan) (?:is )?reprocessing|\b(?:member|mbr|pt|patient|subscriber|insured|employer|guarantor|attorney|pcp|ordering (?:md|doctor|physician|provider))\b[^.;]{0,15}\b(?:needs? to|must|has to|have to|should)\b|\b(?:do not|don'?t|no need to|not to|never|shouldn'?t|should not|cannot|can'?t|already)\s+(?:[a-z]+\s+)?(?:re-?submit|re-?bill|re-?send|resent|re-?file)\w*|\bstill (?:deny|denying|denied|rejecting|rejected)\b/;

/** The payer reviewed, audited, pended or decided something: a person reads it, whatever the fix. */
const PAYER_DECIDED =
  /\b(?:review|reviewed|reviewing|audit|audited|determin\w+|deemed|siu|fraud|investigat\w+|pend(?:ed|ing)|awaiting)\b/;

/** A billed service the authorization does not list or cover ('not on the approved auth'). */
const AUTHORIZATION_SCOPE =
  /\b(?:not|isn'?t|wasn'?t|aren'?t)\s+(?:on|listed on|listed under|included (?:in|on|under)|covered (?:by|under)|part of)\s+(?:the\s+)?(?:approved\s+|current\s+|active\s+|issued\s+)?(?:auth\w*|precert\w*|pre-?cert\w*|referral|pa)\b/;

/** A claim field by name, or a qualified segment ('AMT*D'); not a loop alone. */
const FIELD_NAMED = new RegExp(
  `\\b(?:${FIELD_PATTERN}|nte|lin|mea|k3|ctp|amt|cas|sv[1-3]|dtp|hi|prv|pwk)\\b|\\b[a-z]{2,3}\\*\\w+`,
);

/** A payment decision beside the fix: 'not payable with', 'bundled', 'inclusive'. */
const NOT_PAYABLE = /\bnot (?:separately )?(?:payable|reimbursable|covered)\b|\bbundled\b|\binclusive\b/;

/** Words that say an authorization exists for this service (it was only left off or mistyped). */
const AUTHORIZATION_EXISTS =
  /(?<!\b(?:no|not|never|none|without|doesn'?t|does not|isn'?t|is not|wasn'?t|was not|nothing)\b[^.;,]{0,25})\b(?:approved|obtained|issued|on file|in (?:the )?chart|exists?|valid|renewal|letter|we have|have (?:the|an?|it)|was (?:given|granted|received))\b/;

/**
 * A text left ambiguous that states the fix to a named part of the claim is retryable
 * (rules-2026.12.11, narrowed in .19): nothing non-retryable is named, nothing is unknown, nobody
 * else makes the fix, and every hold on it is one the text's words lift. Returns the cause to
 * report, or null.
 */
export function statedFix(normalized: string, causes: readonly Cause[]): Cause | null {
  if (causes.some((c) => c.verdict === 'N')) return null;
  if (!STATED_FIX.test(normalized) || UNKNOWN_REASON.test(normalized)) return null;
  if (!CLAIM_THING.test(normalized) && !DEFECT_NAMED.test(normalized)) return null;
  if (PAYER_SIDE.test(normalized) || NOT_OUR_FIX.test(normalized)) return null;
  // A review, an audit or a pended claim is read by a person, whatever the writer plans to do.
  if (PAYER_DECIDED.test(normalized)) return null;
  // An authorization that does not cover, list or match what was billed: attaching it changes nothing.
  const authorization = causes.some((c) => c.category === 'authorization');
  if (authorization && namesAuthorizationMismatch(normalized)) return null;
  if (AUTHORIZATION_SCOPE.test(normalized)) return null;
  // Only a hold for want of evidence is lifted (see `Cause.hold`): a subject named with nothing
  // wrong with it, a cue word, an authorization whose existence the text states, a loop whose field
  // the text names, a table hold whose defect or field the text names. A never-touch code, a scope
  // or holder mismatch stays held (rules-2026.12.19).
  for (const c of causes) {
    if (c.verdict !== 'A') continue;
    if (c.hold === 'evidence' || c.hold === 'cue') continue;
    // An authorization held by a pattern or a code lifts, too, when the text says it exists.
    if (
      (c.hold === 'existence' || (c.hold === 'code' && c.category === 'authorization')) &&
      AUTHORIZATION_EXISTS.test(normalized)
    )
      continue;
    if (c.hold === 'location' && FIELD_NAMED.test(normalized)) continue;
    if (
      c.hold === 'code' &&
      RETRYABLE_CATEGORIES.has(c.category ?? '') &&
      (DEFECT_NAMED.test(normalized) || FIELD_NAMED.test(normalized)) &&
      !NOT_PAYABLE.test(normalized)
    )
      continue;
    return null;
  }
  const named = causes.find((c) => c.category !== null && RETRYABLE_CATEGORIES.has(c.category));
  return {
    verdict: 'R',
    category: named?.category ?? 'missing_information',
    carc: named?.carc ?? null,
    strength: 'keyword',
  };
}

/**
 * What makes an authorization reason retryable, by the categories table: a number missing from the
 * claim, left off, mistyped or in the wrong field, or the payer's word that one is required (seed
 * 002's 'prior auth required'). An authorization reason with none of these ('auth mismatch', a bare
 * 'CO-15', 'not a TRICARE-authorized provider') does not say that attaching a number is the fix
 * (rules-2026.12.14).
 */
const AUTHORIZATION_FIX_EVIDENCE =
  /#|\bno\.\s?\d|\b(?:numbers?|nums?|nbr|ref|ref\*\w+|box ?23|fl ?63|missing|msng|left off|not on (?:the )?claim|omitted|typo\w*|keyed|blank|empty|not (?:sent|entered|reported|included|populated|listed|submitted|attached|on (?:the )?(?:claim|837|line))|w\/o|without|dropped|fell off|forgot|(?:wasn|isn|weren|aren)'?t on|attach\w*|add(?:ed|ing|s)?|format|digits?|required|reqd|req|needed|needs?|requires?)\b/;

/** True when a retryable authorization reason gives what makes it retryable, or states the fix. */
export function authorizationFixEvidence(normalized: string): boolean {
  return AUTHORIZATION_FIX_EVIDENCE.test(normalized) || STATED_FIX.test(normalized);
}
