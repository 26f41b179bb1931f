import { decisionTableVersion, classifyCodes, type CodeClassification } from '../codes/classify-codes.js';
import { codesInText } from './codes-in-text.js';
import { codesOfDescription } from './descriptions.js';
import {
  leavesAuthorizationCondition,
  leavesNonRetryableCue,
  leavesPayerFoundNone,
  namesAuthorizationMismatch,
  namesDefectOrFix,
  readCauses,
  RULES_VERSION,
  type CauseVerdict,
} from './rules.js';
import type { Classification, Label } from './types.js';

/** One reason a text gives for the denial: a code it quotes or describes, or a rule's pattern. */
export interface Cause {
  readonly verdict: CauseVerdict;
  readonly category: string | null;
  readonly carc: string | null;
  /** A code through the decision table, an original known phrase, or a pattern. */
  readonly strength: 'code' | 'known' | 'keyword';
  /** A pattern that names only the subject of the reason ('auth', 'modifier'), no defect. */
  readonly topic?: boolean;
  /** A pattern that names only a loop or segment, no field or element. */
  readonly locationOnly?: boolean;
  /** A pattern for the generic 'incomplete or invalid information' wording: no field named. */
  readonly generic?: boolean;
  /**
   * Why a retryable reason is held for a person, when a stated fix may lift the hold (see
   * `statedFix`): `evidence` (a subject named with nothing wrong with it), `existence` (whether an
   * authorization exists, or covers the claim, is not said), `location` (a loop named, no field),
   * `cue` (a word no pattern read that may be non-retryable), `code` (a code the table holds for
   * a person). A hold without one (a never-touch code, a scope mismatch, a review) stays
   * (rules-2026.12.19).
   */
  readonly hold?: 'evidence' | 'existence' | 'location' | 'cue' | 'code';
}

function fromCode(c: CodeClassification): Cause {
  // A retryable code the table will not let anyone act on alone is not a retryable reason.
  const verdict: CauseVerdict =
    c.verdict === 'non_retryable' ? 'N' : c.verdict === 'retryable' && !c.neverAutomate ? 'R' : 'A';
  // An authorization the payer finds absent (CO-197) may exist: a text that says it does, and how
  // to fix the claim, lifts the hold. No other code's hold is lifted by the text.
  const hold = verdict !== 'A' || c.neverAutomate ? undefined : c.carc === 'CO-197' ? 'existence' : 'code';
  return { verdict, category: c.category, carc: c.carc, strength: 'code', ...(hold ? { hold } : {}) };
}

/**
 * Codes whose own description names no field, fix or condition — a submission/billing error
 * (125), prior processing information that appears incorrect (129), an authorization number that
 * 'does not apply to the billed services' (284), CO-16 with only MA130 ('incomplete and/or invalid
 * information'). The table holds them for a person; a text that names the reason beside them is
 * decided by what it names (rules-2026.12.10).
 */
const NAMES_NO_REASON = new Set(['125', '129', '284']);

function namesNoReason(cause: Cause, normalized: string): boolean {
  if (cause.verdict !== 'A' || cause.carc === null) return false;
  const carc = cause.carc.slice(cause.carc.indexOf('-') + 1);
  return NAMES_NO_REASON.has(carc) || (carc === '16' && /\bma130\b/.test(normalized));
}

/**
 * Every cause a normalised text names: quoted codes (or, when it quotes none, the code whose
 * description the whole text is) first, then the rules' patterns in precedence order. A text that
 * is a code's description is that code and nothing else.
 */
export function causesOf(normalized: string): Cause[] {
  let quoted = codesInText(normalized).map(fromCode);
  if (quoted.length === 0) {
    const described = codesOfDescription(normalized);
    if (described) return [fromCode(classifyCodes(described))];
  } else if (quoted.some((c) => c.carc?.endsWith(`-${codesOfDescription(withoutCodes(normalized))?.carc}`))) {
    // 'CO-15 The authorization number is missing, invalid, or does not apply …': the code and its
    // own description say one thing. Read as patterns, the description's alternatives ('or does
    // not apply') would be causes of their own.
    return quoted;
  }
  const { found, rest } = readCauses(normalized);
  const text = found.map(({ rule }): Cause => ({
    verdict: rule.verdict,
    category: rule.category,
    carc: rule.carc,
    strength: rule.kind,
    topic: rule.topic === true,
    locationOnly: rule.locationOnly === true,
    generic: rule.generic === true,
    // A pattern that holds for a person by itself ('modifier not allowed with', 'approved for 5
    // visits') is held as a code the table holds is: a stated defect or field may lift it.
    ...(rule.verdict === 'A' ? { hold: 'code' as const } : {}),
  }));
  // A retryable pattern next to a non-retryable word no pattern read (misspelt, or phrased
  // another way) is not a retryable reason on its own: a person reads it.
  const broad = text.find((c) => c.verdict === 'R' && c.strength === 'keyword');
  if (broad && leavesNonRetryableCue(rest)) text.push({ ...broad, verdict: 'A', hold: 'cue' });
  // An authorization pattern ('auth #', 'referral') next to its scope, dates, quantity or holder
  // ('approved for 99213', 'valid through 09/30', 'only 4 authorized', 'for Dr. Smith') does not
  // say the number on file covers this claim: a person reads it.
  const authorization = text.find(
    (c) => c.verdict === 'R' && c.strength === 'keyword' && c.category === 'authorization',
  );
  if (authorization && leavesAuthorizationCondition(rest))
    text.push({ ...authorization, verdict: 'A', hold: 'existence' });
  // Any retryable authorization reason, the seed's 'prior auth required' included, beside the
  // payer's word that it found none or could not locate, verify or match one ('precert required,
  // none located'): whether one exists for this service is not in the text (rules-2026.12.9).
  // A reason that says how to fix it ('add the auth # to box 23') is not outvoted.
  const authorizationAny = text.find(
    (c) => c.verdict === 'R' && c.category === 'authorization' && (c.strength === 'known' || c.topic),
  );
  if (authorizationAny && leavesPayerFoundNone(rest))
    text.push({ ...authorizationAny, verdict: 'A', hold: 'existence' });
  // Any retryable authorization reason, a quoted code's included, beside the payer's word that the
  // authorization does not match or cover the service, provider or dates billed: whether one for
  // this claim exists is not in the text (rules-2026.12.12).
  const authorizationR = [...quoted, ...text].find(
    (c) => c.verdict === 'R' && c.category === 'authorization',
  );
  if (authorizationR && namesAuthorizationMismatch(normalized))
    text.push({ ...authorizationR, verdict: 'A' });
  // A code that names no reason ('CO-125', 'CO-16 MA130') beside a text that names one ('rendering
  // NPI missing', 'missing documentation'): the text decides (rules-2026.12.10). The generic
  // wording ('incomplete/invalid information') is no reason of its own.
  if (text.some((c) => !c.generic)) quoted = quoted.filter((c) => !namesNoReason(c, normalized));
  const retryable = [...quoted, ...text].filter((c) => c.verdict === 'R');
  // Something wrong in a loop or segment with no field or element named ('invalid data in loop
  // 2300'), and no other retryable reason: nothing named to correct (rules-2026.12.9).
  if (retryable.length > 0 && retryable.every((c) => c.locationOnly)) {
    text.push({ ...retryable[0]!, verdict: 'A', hold: 'location' });
  }
  // A text whose only retryable reasons name a subject ('auth', 'modifier', 'POS') and nothing
  // wrong with it — no 'missing', 'invalid', 'add' … among the words no pattern read — gives no
  // evidence that fixing the claim helps ('Denied: auth'): a person reads it.
  if (retryable.length > 0 && retryable.every((c) => c.topic) && !namesDefectOrFix(rest)) {
    text.push({ ...retryable[0]!, verdict: 'A', hold: 'evidence' });
  }
  return [...quoted, ...text];
}

/** The text without the adjustment and remark codes it quotes ('co 15', 'n479'). */
function withoutCodes(normalized: string): string {
  return normalized
    .replace(/\b(?:co|pr|oa|pi|cr)[ -]?[a-z]?\d{1,3}\b/g, ' ')
    .replace(/\b(?:m|ma|n)\d{1,3}\b/g, ' ')
    .replace(/^[\s:;,.-]+/, '');
}

function result(label: Label, cause: Cause, confidence: number, fromCodes: boolean): Classification {
  return Object.freeze({
    label,
    verdict:
      label === 'ambiguous'
        ? 'ambiguous'
        : label === 'known_retryable' || label === 'heuristic_retryable'
          ? 'retryable'
          : 'non_retryable',
    category: cause.category,
    carc: cause.carc,
    confidence,
    source: fromCodes ? 'code' : 'rule',
    version: fromCodes ? decisionTableVersion() : RULES_VERSION,
  });
}

/**
 * One verdict from the causes. Something pending or held for a person, next to a retryable cause,
 * leaves it to the person; a non-retryable cause next to a retryable one of another category is a
 * mix nobody should guess (`ambiguous`); within one category the non-retryable cause explains
 * the other ('prior auth ... expired'). Otherwise the causes agree, and the first one names it.
 */
export function fromCauses(causes: readonly Cause[]): Classification {
  const retryable = causes.filter((c) => c.verdict === 'R');
  const non = causes.filter((c) => c.verdict === 'N');
  const held = causes.filter((c) => c.verdict === 'A');
  const confidence = (c: Cause) => (c.strength === 'code' ? 1 : c.strength === 'known' ? 0.99 : 0.85);
  const label = (c: Cause, yes: boolean): Label =>
    c.strength === 'keyword'
      ? yes
        ? 'heuristic_retryable'
        : 'heuristic_non_retryable'
      : yes
        ? 'known_retryable'
        : 'known_non_retryable';
  if (non.length > 0) {
    // A retryable cause, or one of a named category held for a person ('No auth on file; out of
    // network'), that the non-retryable causes do not explain is a mix. Something merely pending
    // ('credentialing pending') is explained by the non-retryable cause beside it.
    const nonCategories = new Set(non.map((c) => c.category));
    const open = [...retryable, ...held.filter((c) => c.category !== 'other')];
    if (open.every((c) => nonCategories.has(c.category))) {
      return result(label(non[0]!, false), non[0]!, confidence(non[0]!), non[0]!.strength === 'code');
    }
    return result('ambiguous', causes[0]!, 0.9, causes[0]!.strength === 'code');
  }
  if (held.length > 0)
    return result(
      'ambiguous',
      held[0]!,
      held[0]!.strength === 'code' ? 1 : 0.9,
      held[0]!.strength === 'code',
    );
  const first = retryable[0]!;
  return result(label(first, true), first, confidence(first), first.strength === 'code');
}
