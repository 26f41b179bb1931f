import type { Category } from '../codes/categories.js';
import type { Label } from './types.js';

/** Bumped whenever a rule below changes: results carry it so old decisions stay explainable. */
export const RULES_VERSION = 'rules-2026.11.3';

export interface Rule {
  /** Lower-case phrase, matched on word boundaries. */
  readonly phrase: string;
  /** 'known' phrases are vetted denial reasons; keywords only hint at one. */
  readonly kind: 'known' | 'keyword';
  readonly retryable: boolean;
  readonly category: Category;
  readonly carc: string | null;
}

const known = (phrase: string, retryable: boolean, category: Category, carc: string | null): Rule => ({
  phrase,
  kind: 'known',
  retryable,
  category,
  carc,
});
const keyword = (
  phrase: string,
  retryable: boolean,
  category: Category,
  carc: string | null = null,
): Rule => ({
  phrase,
  kind: 'keyword',
  retryable,
  category,
  carc,
});

/**
 * The rule table. Precedence (see `matchRules`): any non-retryable match beats any retryable one,
 * and within a verdict a known phrase beats a keyword, then earlier rows beat later ones.
 * Keywords are deliberately strong signals only; everything subtler is left to the model.
 */
export const RULES: readonly Rule[] = [
  // The original five, with their original labels.
  known('authorization expired', false, 'authorization', null),
  known('incorrect provider type', false, 'provider_eligibility', 'CO-185'),
  known('missing modifier', true, 'coding_modifier', 'CO-4'),
  known('incorrect npi', true, 'missing_information', 'CO-16'),
  known('prior auth required', true, 'authorization', 'CO-197'),

  // Non-retryable signals: fixing claim data would not get these paid.
  keyword('expired', false, 'authorization'),
  keyword('provider type', false, 'provider_eligibility', 'CO-185'),
  keyword('not billable', false, 'not_covered'),
  keyword('not covered', false, 'not_covered', 'CO-96'),
  keyword('non-covered', false, 'not_covered', 'CO-96'),
  keyword('noncovered', false, 'not_covered', 'CO-96'),
  keyword('duplicate', false, 'duplicate', 'CO-18'),
  keyword('timely filing', false, 'timely_filing', 'CO-29'),
  keyword('filing limit', false, 'timely_filing', 'CO-29'),
  keyword('coverage terminated', false, 'eligibility_coverage', 'CO-27'),
  keyword('terminated', false, 'eligibility_coverage', 'CO-27'),
  keyword('not eligible', false, 'eligibility_coverage'),
  keyword('deductible', false, 'patient_responsibility', 'PR-1'),
  keyword('coinsurance', false, 'patient_responsibility', 'PR-2'),
  keyword('co-insurance', false, 'patient_responsibility', 'PR-2'),
  keyword('copay', false, 'patient_responsibility', 'PR-3'),
  keyword('co-pay', false, 'patient_responsibility', 'PR-3'),
  keyword('copayment', false, 'patient_responsibility', 'PR-3'),
  keyword('co-payment', false, 'patient_responsibility', 'PR-3'),
  keyword('medical necessity', false, 'medical_necessity', 'CO-50'),
  keyword('not medically necessary', false, 'medical_necessity', 'CO-50'),
  keyword('benefit maximum', false, 'benefit_limit', 'CO-119'),
  keyword('maximum', false, 'benefit_limit', 'CO-119'),
  keyword('auth denied', false, 'authorization'),
  keyword('authorization denied', false, 'authorization'),
  keyword('authorization was denied', false, 'authorization'),
  keyword('exceeded', false, 'benefit_limit'),
  keyword('exceeds', false, 'benefit_limit'),
  keyword('cob', false, 'coordination_of_benefits', 'CO-22'),
  keyword('coordination of benefits', false, 'coordination_of_benefits', 'CO-22'),
  keyword('other insurance', false, 'coordination_of_benefits', 'CO-22'),
  keyword('workers comp', false, 'coordination_of_benefits', 'CO-19'),
  keyword('workers compensation', false, 'coordination_of_benefits', 'CO-19'),
  keyword('no appeal rights', false, 'other'),

  // Retryable signals, from the original design.
  keyword('missing', true, 'missing_information', 'CO-16'),
  keyword('incomplete', true, 'missing_information', 'CO-16'),
  keyword('modifier', true, 'coding_modifier', 'CO-4'),
  keyword('npi', true, 'missing_information', 'CO-16'),
  keyword('prior auth', true, 'authorization', 'CO-197'),
  keyword('auth required', true, 'authorization', 'CO-197'),
  keyword('authorization required', true, 'authorization', 'CO-197'),
  keyword('auth', true, 'authorization', 'CO-197'),
  keyword('prior authorization', true, 'authorization', 'CO-197'),
  keyword('preauthorization', true, 'authorization', 'CO-197'),
  keyword('pre-authorization', true, 'authorization', 'CO-197'),
  keyword('authorization number', true, 'authorization', 'CO-15'),
];

/**
 * Words that say a claim was denied without saying why. A text made only of these is ambiguous
 * by rule: no model should guess a reason the payer did not give.
 */
const UNINFORMATIVE = new Set(
  (
    'a an the to of for per on in at by and or see refer remark remarks code codes eob era letter attached ' +
    'claim claims line service denied deny denial rejected reject adjusted adjustment other others misc ' +
    'miscellaneous unknown review reviewed pending pended policy payer plan call contact customer ' +
    'provider services details detail info information more need needed error reason n/a'
  ).split(' '),
);

/** True when no word of the normalised text names a reason. */
export function isUninformative(normalized: string): boolean {
  const words = normalized.split(/[^a-z0-9/]+/).filter((w) => w.length > 0);
  return words.length > 0 && words.every((w) => UNINFORMATIVE.has(w));
}

export interface RuleMatch {
  readonly label: Label;
  readonly rule: Rule;
}

interface Compiled {
  readonly rule: Rule;
  readonly pattern: RegExp;
}

function escape(phrase: string): string {
  return phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Ordered by precedence once, so that matching is a first-hit scan.
const ORDERED: readonly Compiled[] = [
  ...RULES.filter((r) => !r.retryable && r.kind === 'known'),
  ...RULES.filter((r) => !r.retryable && r.kind === 'keyword'),
  ...RULES.filter((r) => r.retryable && r.kind === 'known'),
  ...RULES.filter((r) => r.retryable && r.kind === 'keyword'),
].map((rule) => ({ rule, pattern: new RegExp(`\\b${escape(rule.phrase)}\\b`) }));

/** The deciding rule for a normalised text, or null when no rule applies. */
export function matchRules(normalized: string): RuleMatch | null {
  for (const { rule, pattern } of ORDERED) {
    if (!pattern.test(normalized)) continue;
    const label: Label =
      rule.kind === 'known'
        ? rule.retryable
          ? 'known_retryable'
          : 'known_non_retryable'
        : rule.retryable
          ? 'heuristic_retryable'
          : 'heuristic_non_retryable';
    return { label, rule };
  }
  return null;
}

/**
 * The original design's last resort for texts the model is unsure of: keywords found anywhere,
 * even inside other words. Off by default because it trades precision for coverage.
 */
export function matchSubstringKeywords(normalized: string): Rule | null {
  for (const { rule } of ORDERED) {
    if (rule.kind === 'keyword' && normalized.includes(rule.phrase)) return rule;
  }
  return null;
}
