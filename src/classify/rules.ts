import type { Category } from '../codes/categories.js';

/** Bumped whenever a rule below changes: results carry it so old decisions stay explainable. */
export const RULES_VERSION = 'rules-2026.12.19';

/** R retryable, N non-retryable, A a person must look (pending, under review). */
export type CauseVerdict = 'R' | 'N' | 'A';

/** One cause a denial text can name, as a pattern over the normalised (lower-case) text. */
export interface Rule {
  readonly pattern: RegExp;
  /** 'known' phrases are the original design's vetted reasons; the rest are patterns. */
  readonly kind: 'known' | 'keyword';
  readonly verdict: CauseVerdict;
  readonly category: Category;
  readonly carc: string | null;
  /** It names what the reason is about (an authorization, a modifier), not what is wrong with it. */
  readonly topic?: boolean;
  /** It names only where on the claim (a loop or segment), not which field or element is wrong. */
  readonly locationOnly?: boolean;
  /** A pattern for the generic 'lacks / incomplete or invalid information' wording: no field named. */
  readonly generic?: boolean;
}

/** A cause from its alternatives, each a regular expression matched on word boundaries. */
function rule(
  verdict: CauseVerdict,
  category: Category,
  carc: string | null,
  alternatives: readonly string[],
  kind: Rule['kind'] = 'keyword',
): Rule {
  return { pattern: new RegExp(`\\b(?:${alternatives.join('|')})\\b`, 'g'), kind, verdict, category, carc };
}

/** A retryable cause that names only the subject of the reason ('auth #', 'modifier', 'POS'). */
function topic(category: Category, carc: string, alternatives: readonly string[]): Rule {
  return { ...rule('R', category, carc, alternatives), topic: true };
}

// Words and shorthand the patterns share.
const AUTH =
  'auth|auths|authori[sz]ation|authori[sz]ations|authori[sz]ed|pre-?auth(?:ori[sz]ation)?|preauth|prior auth(?:ori[sz]ation)?|precert|precertification|pre-?certifi(?:cation|ed)|prior approval|pre-?approval|pa|referral|notification';
// AUTH inside a longer pattern: 'pa' must be a word, not the start of 'patient'.
const AUTH_WORD = `(?:${AUTH})\\b`;
const ERR =
  "missing|msng|missng|miss|invalid|inv|incorrect|incorect|wrong|mismatch|mismatched|blank|required|reqd|req|needed|incomplete|truncated|absent|omitted|rejected|not (?:on file|found|registered|valid|billed|present|reported|sent|populated|entered|match(?:ed)?|equal)|does not (?:match|equal)|doesn'?t (?:match|equal)|do not match|cannot be|must be|error|errors|format|not in loop|without|w/o|not an? valid|too (?:short|long)|fails?(?:[ -]\\w+){0,2} validation|check[- ]digit|instead of|not \\d+ (?:digits|characters)";
const FIELD = [
  'npi',
  'npis',
  'taxonomy',
  'tax ?id',
  'tin',
  'ein',
  'ssn',
  'social security number',
  'health insurance claim number',
  'dob',
  'date of birth',
  'birth ?date',
  'mbi',
  'hicn',
  "(?:member|mbr|subscriber|insured'?s?|patient|pt)(?: id| identifier| identification| #| number| no| name| dob| address| account(?: number)?| signature| status| relationship| gender)",
  'alpha prefix',
  '(?:initial treatment|accident|last seen|last x-?ray|hospitali[sz]ation|onset of (?:illness|symptoms)) date',
  'pt id',
  'id #',
  'member id',
  'group (?:#|number|no)',
  'gender(?: code)?',
  'relationship to (?:the )?insured',
  'ndc',
  'ndc qualifier',
  'units?(?: of service)?',
  'clia(?: #| number| certificate(?: number)?)?',
  '(?:dx|diagnosis) pointers?',
  '(?:dx|diagnosis|icd(?:-?10)?)(?: codes?)?',
  'revenue code',
  'rev code',
  'type of bill',
  'bill type(?: frequency code)?',
  'occurrence code',
  'value code',
  'condition code',
  'admission (?:date|type(?: code)?|hour)',
  'discharge (?:date|hour|status(?: code)?)',
  'patient status(?: code)?',
  'statement (?:covers period|covers|period|from)',
  'service date',
  'charges?',
  'total charge',
  '(?:billing|rendering|referring|ordering|supervising|attending) (?:provider|physician|prov)(?: name)?',
  'attending',
  'referring',
  'supervising',
  'service facility(?: location)?(?: address)?',
  'address',
  'zip(?:\\+4)?',
  'po box',
  'signature',
  'frequency(?: type)? code',
  'claim frequency(?: code)?',
  'icn',
  'original (?:claim|reference)(?: number)?',
  'payer (?:id|claim control number)',
  'accident indicator',
  'onset date',
  'ambulance(?: transport reason)?(?: code)?',
  'mileage',
  'pickup',
  '(?:hcpcs|cpt|procedure code) format',
  'claim form',
  'box \\d+\\w*',
  'fl\\s?\\d+',
  'nm109',
  'clm05(?:-3)?',
  // rules-2026.12.10: a name part, and an X12 element or qualified segment, name the field.
  "(?:(?:member|mbr|subscriber|insured'?s?|patient|pt) )?(?:last|first|middle) name",
  '(?:nm1|clm|dmg|pat|sbr|prv|sv[1-3]|hi)\\d{2}(?:-\\d{1,2})?',
  '(?:ref|dtp)\\*[a-z0-9]{2,3}',
].join('|');
/** Claim fields by name, as one regular-expression alternation (no anchors). */
export const FIELD_PATTERN = FIELD;
// A loop or segment of the 837: where on the claim, not which field (rules-2026.12.9).
const LOOP = '(?:loop )?(?:2010|2300|2310|2320|2330|2400|2410|2420)[a-z]{0,2}\\b|loop \\d+\\w*';

/**
 * The causes, in precedence order: a pattern consumes the words it matched, so a later pattern
 * cannot read them again ('auth expired' is one non-retryable cause, not an authorization to
 * attach plus an expiry). Non-retryable and precise patterns come before the broad retryable ones.
 */
export const RULES: readonly Rule[] = [
  // The original five, with their original labels.
  rule('N', 'authorization', null, ['authorization expired'], 'known'),
  rule('N', 'provider_eligibility', 'CO-185', ['incorrect provider type'], 'known'),
  rule('R', 'coding_modifier', 'CO-4', ['missing modifier'], 'known'),
  rule('R', 'missing_information', 'CO-16', ['incorrect npi'], 'known'),
  rule('R', 'authorization', 'CO-197', ['prior auth required'], 'known'),

  // A modifier that is wrong for the date or the code is a modifier fix, not a coder's question.
  rule('R', 'coding_modifier', 'CO-182', [
    '(?:modifiers?|modifer|mod)\\b[^.;]{0,15}\\b(?:invalid|not valid) (?:on|for) (?:the )?(?:date|dos)\\w*(?: of service)?',
  ]),
  rule('R', 'coding_modifier', 'CO-4', [
    '(?:inconsistent|not valid|invalid) with (?:the )?(?:modifiers?|mod)(?: used| billed)?',
    '(?:modifiers?|mod) (?:is )?(?:inconsistent|not valid|invalid) (?:with|for)',
  ]),
  // Diagnosis detail a payer asks for is a data fix.
  rule('R', 'missing_information', 'CO-16', [
    '(?:not billable (?:to|at) (?:the )?)?(?:highest|greatest|max(?:imum)?) (?:level of )?specificity',
    'truncated(?: dx| diagnosis| code)?',
  ]),
  // A place of service that does not fit the procedure is a wrong POS code, not a coder's question.
  rule('R', 'place_of_service', 'CO-5', [
    '(?:pos|place of service)(?: code)?(?:/type of bill)?(?: \\d+)? (?:is )?(?:inconsistent|not consistent|not valid|invalid|mismatch\\w*)(?: with| for)?(?: (?:the|this))?(?: (?:procedure|proc|cpt|hcpcs|service))?(?: codes?)?',
    '(?:procedure|proc|cpt|code)(?: code)? (?:is )?(?:inconsistent|not consistent|invalid|not valid) (?:with|for) (?:the )?(?:pos|place of service)',
  ]),

  // Authorization that cannot be fixed by attaching a number.
  rule('N', 'authorization', 'CO-39', [
    `${AUTH_WORD}(?: request)?(?: was| has been)? denied`,
    `denied (?:at the time )?${AUTH_WORD}`,
  ]),
  rule('N', 'authorization', 'CO-198', [
    `${AUTH_WORD}[^.;]{0,25}\\b(?:exceed(?:ed|s)?|exhausted|used up)`,
    `exceed(?:ed|s)?[^.;]{0,20}\\b${AUTH_WORD}`,
    `(?:units?|visits?|services?|days?)[^.;]{0,25}\\bexceed\\w*[^.;]{0,20}\\b${AUTH_WORD}`,
    '(?:authori[sz]ed|approved|certified) (?:units?|visits?|days?|amount|count|number|quantity)[^.;]{0,15}\\b(?:exhausted|exceeded|used)',
    '(?:exceed\\w*|beyond|over|above|more than)[^.;]{0,20}\\b(?:the )?(?:authori[sz]ed|approved|certified) (?:units?|visits?|days?|amount|count|number|quantity)',
  ]),
  rule('N', 'authorization', 'CO-197', [
    `${AUTH_WORD}[^.;]{0,30}\\b(?:expired?|termed|not valid for (?:the )?(?:dates?|dos)|(?:obtained|requested|received) (?:after|late)|not (?:obtained|received) timely|(?:period )?ended|not approved|dates? do(?:es)? not cover|late|for (?:a )?different (?:provider|service)|after (?:the )?(?:date of service|dos|service))`,
    `retro(?:active)?[- ]?${AUTH_WORD}`,
    'late notification',
    `expired ${AUTH_WORD}`,
    // None was obtained: there is no number to attach, only a retro request or a write-off.
    `${AUTH_WORD}[^.;]{0,30}\\b(?:(?:was|were|is) )?(?:not|never|wasn'?t) (?:obtained|requested|secured|sought)`,
    `(?:no|without|w/o)(?: (?:a|an|the|any|valid|prior|required))* ${AUTH_WORD}(?! ?(?:#|number|no\\b|num))[^.;]{0,30}\\b(?:obtained|requested|secured|sought)`,
    // rules-2026.12.13: other words between ('no PCS / prior auth ever obtained'), and the office's
    // own word that it has none ('needs prior auth that we don't have', 'we never got a referral').
    `(?:no|without|w/o)\\b[^.;]{1,20}?\\b${AUTH_WORD}(?! ?(?:#|number|no\\b|num))[^.;]{0,20}\\b(?:ever|was|were) (?:obtained|requested|secured|sought)`,
    `${AUTH_WORD}[^.;]{0,20}\\b(?:we|they|office|clinic|practice) (?:don'?t|do not|didn'?t|did not|never) (?:have|had|get|got|obtain\\w*|request\\w*)\\b(?! (?:it |the \\w+ |them )?on (?:the )?(?:claim|837|line|ub|hcfa))`,
    // rules-2026.12.18: '… requires PCP referral and none was obtained'.
    `${AUTH_WORD}[^.;]{0,40}\\bnone (?:was |were )?(?:ever )?(?:obtained|requested|secured|sought|gotten)`,
    `\\b(?:we|office|clinic|practice) (?:don'?t|do not|didn'?t|did not|never) (?:have|had|get|got|obtain\\w*|request\\w*)(?: (?:a|an|the|any|valid|prior))* ${AUTH_WORD}`,
    `(?:rendered|performed|provided|done|furnished|admitted)(?: \\w+){0,2} (?:without|w/o)(?: (?:a|an|the|any|valid|prior|required))* ${AUTH_WORD}(?! ?(?:#|number|no\\b|num))`,
    `(?:fail(?:ed|ure)?|neglected) to (?:obtain|request|get)[^.;]{0,25}\\b${AUTH_WORD}`,
    // The service falls outside the dates approved: the authorization does not cover it.
    `(?:outside|not within|out of|beyond)(?: of)? (?:the )?(?:(?:approved|authori[sz]ed|certified|valid|auth(?:ori[sz]ation)?|prior auth(?:ori[sz]ation)?|pa|precert(?:ification)?|referral|approval|certification) )+(?:window|period|dates?(?: range| span)?|date range|range|time ?frame|span)`,
    `(?:dos|dates? of service|service dates?|services?|visits?)[^.;]{0,20}\\b(?:outside|not within|falls? outside)(?: of)? (?:the )?${AUTH_WORD}`,
  ]),

  // Pending, under review, investigated: a person decides.
  rule('A', 'other', null, [
    'pend(?:ed|ing)?',
    'under review',
    'in review',
    'investigation',
    'fraud',
    'siu',
    'on hold',
    'in process',
    'awaiting',
    'litigation',
  ]),

  // Coordination of benefits: another payer has to adjudicate first.
  rule('N', 'coordination_of_benefits', 'CO-22', [
    "(?:prim(?:ary)?|other|another|secondary|2nd) (?:(?:ins(?:urance)?|payer|payor|carrier|coverage|plan)(?:'s)? )?(?:eob|explanation of benefits|remit(?:tance)?|era|payment info(?:rmation)?)",
    '(?:eob|explanation of benefits)\\b[^.;]{0,30}\\b(?:prim(?:ary)?|other (?:payer|payor|ins\\w*|carrier|coverage)|another payer|secondary)',
    "primary'?s eob",
    "(?:other|another|commercial|spouse'?s?|medicare|medicaid|ins(?:urance)?|payer|payor|carrier|coverage|plan|policy)(?: (?:ins(?:urance)?|payer|payor|carrier|coverage|plan|policy))?(?: is| as)? primary",
    'prim(?:ary)? (?:ins(?:urance)?|payer|payor|carrier|coverage|plan)',
    "(?:bill|submit to|send to)(?: the)? (?:primary|other (?:ins\\w*|payer|carrier)|medicare|wc|workers'? ?comp\\w*|auto|liability)",
    'cob',
    'coordination of benefits',
    'tpl',
    'third party liability',
    'msp',
    'medicare secondary(?: payer)?',
    'payer of last resort',
    'birthday rule',
    'other (?:health )?(?:ins(?:urance)?|coverage|carrier|payer)',
    'another payer',
    'other primary',
    'identity of the primary',
    'subrogation',
  ]),
  rule('N', 'coordination_of_benefits', 'CO-19', [
    "workers'? ?comp(?:ensation)?",
    'wc carrier',
    'work[- ]related',
  ]),
  rule('N', 'coordination_of_benefits', 'CO-21', [
    'no[- ]fault',
    'auto (?:ins\\w*|accident|carrier)',
    'liability carrier',
  ]),
  rule('N', 'coordination_of_benefits', 'CO-109', [
    'not our member',
    'wrong payer',
    '(?:bill|submit to|send to)? ?(?:the )?correct (?:payer|plan|carrier)',
    'another plan',
    'not covered by this payer',
  ]),

  // Timely filing.
  rule('N', 'timely_filing', 'CO-29', [
    'timely fil\\w*',
    'timley fil\\w*',
    'timely fill\\w*',
    'filing (?:limit|deadline|period|time|date)',
    'time limit',
    'tfl',
    'tf limit',
    'filed late',
    'late fil\\w*',
    'untimely',
    'past (?:the )?(?:filing|deadline|tf\\w*|timely)',
    'after (?:the )?(?:filing )?deadline',
    'beyond (?:the )?(?:\\d+ day )?filing',
    'received after \\d+ days',
    'exceeds? \\d+ days',
    'not filed timely',
  ]),

  // Duplicates.
  rule('N', 'duplicate', 'CO-18', [
    'dups?',
    'dupes?',
    'duplicates?',
    'duplicated',
    'exact dup\\w*',
    'already (?:paid|processed|billed)',
    'previously (?:paid|processed|billed|submitted)',
    'payment (?:made|provided) (?:on|in) (?:a )?previous',
  ]),

  // Medical necessity and level of service (before documentation: "not supported by documentation").
  rule('N', 'medical_necessity', 'CO-50', [
    'med(?:ical)?(?:ly)? necess\\w*',
    'med nec\\w*',
    'medically unnecessary',
    'lcd',
    'ncd',
    'experimental',
    'investigational',
    'not proven',
    'unproven',
    "(?:do(?:es)?n'?t|do(?:es)? not|not) support(?:ed)?",
    'not documented',
    'not (?:medically )?justified',
    'length of stay',
    'level of (?:service|care)',
    'number of services',
    'this many services',
  ]),

  // Missing documentation: records or attachments a person must send.
  // A signature the payer wants is on a record or an order (documentation), unless it is the
  // claim's own signature indicator, which the claim-field pattern below reads.
  rule('N', 'documentation', 'CO-252', [
    'signature\\w*[^.;]{0,25}\\b(?:on|for|in|of) (?:the )?(?:(?:physician|provider|md|doctor)\\W?s? )?(?:orders?|(?:med(?:ical)? )?records?|(?:progress |clinical |office )?notes?|plan of care|poc|documentation|docs|cmn|prescriptions?|rx|reports?|chart|attestation)',
    '(?:unsigned|illegible) (?:orders?|(?:med(?:ical)? )?records?|(?:progress |clinical |office )?notes?|plan of care|documentation|prescriptions?|rx|reports?|chart)',
    "(?:physician|provider|md|doctor|prescriber)'?s? (?:order|prescription|rx|signature on (?:the )?order)",
    '(?:detailed |standard )?written order',
    'swo',
    'dwo',
    'proof of delivery',
    'face[- ]to[- ]face',
    // rules-2026.12.18: a certification form the payer has not received ('PCS form not received').
    '(?<![\\w-])(?<!pre )(?:pcs|cmn|din|dif|certification|cert|consent|physician certification) (?:form )?(?:not (?:received|on file)|missing)',
  ]),
  rule('N', 'documentation', 'CO-252', [
    '(?<!our |payer |plan |eligibility )(?:med(?:ical)? )?rec(?:ord)?s',
    '(?:med(?:ical)?|patient|pt|clinical|health|hospital) rec(?:ord)?',
    'op(?:erative)? (?:note|report)s?',
    '(?:progress|clinical|office|chart) notes?',
    'notes',
    '(?:path(?:ology)?|lab) report',
    'itemi[sz]ed (?:bill|statement)',
    'invoice',
    'cmn',
    'certificate of medical necessity',
    'plan of care',
    "physician'?s? orders?",
    'orders',
    'consent(?: form)?',
    'pwk',
    'attachments?',
    'documentation',
    'docs',
    'add?l doc\\w*',
    'additional doc\\w*',
    'description of service',
  ]),
  rule('N', 'documentation', 'CO-226', [
    '(?:info(?:rmation)?|records?)[^.;]{0,30}\\brequest\\w*',
    'request\\w*[^.;]{0,20}\\b(?:info(?:rmation)?|records?)',
  ]),

  // Credentialing and network (before eligibility: "provider terminated" is not the patient's coverage).
  rule('N', 'provider_eligibility', 'CO-185', [
    '(?:prov(?:ider)?|rendering|supplier|physician|np|facility|billing)\\b[^.;]{0,25}\\b(?:not (?:eligible|enrolled|credentialed|contracted|certified|par(?:ticipating)?|on file with (?:the )?(?:plan|payer))|non[- ]?par(?:ticipating)?|terminated|termed|deactivated|inactive)',
    // rules-2026.12.14: a provider the program has not authorised ('not a TRICARE-authorized provider').
    'not an? (?:[\\w]+[ -])?authori[sz]ed (?:provider|prov|supplier|physician|facility)',
    '(?:provider|prov|supplier|physician|facility) (?:is )?not (?:[\\w-]+ )?authori[sz]ed',
    // rules-2026.12.18: the provider's Medicare enrolment record ('name mismatch vs PECOS').
    '\\bpecos\\b',
    // rules-2026.12.15: an NPI the payer has not linked to the group or TIN is the roster, not the claim.
    '(?:npi|provider|prov|rendering|physician)\\b[^.;]{0,20}\\bnot (?:linked|affiliated|associated|attached|loaded|added) (?:to|with|in|under) (?:the |our |their )?(?:group|tin|tax ?id|practice|roster|contract|location)',
    // Care the plan's network or primary care provider had to give or authorise (CO-38, CO-242).
    '(?:not )?(?:provided|rendered|performed)?(?: or)? authori[sz]ed by (?:the |a )?designated',
    'designated \\(?(?:network|primary care|pcp)',
    'not (?:provided|rendered|performed) by (?:the |a )?(?:network|primary care|pcp|participating|designated|in-network)',
    // Registered with the payer is enrolment, not a field on our claim.
    '(?:npi|taxonomy|tin|tax id|ptan|provider id|specialty)\\b[^.;]{0,20}\\bnot (?:on file|registered|enrolled|recogni[sz]ed|listed) (?:with|for|by|at) (?:the )?(?:payer|plan|carrier|medicaid|medicare|state|health plan|mco)',
    'credential\\w*',
    'enrol+ment',
    'revalidat\\w*',
    'billing privileges',
    'out[- ]of[- ]network',
    'oon',
    'not in network',
    'non[- ]?par(?:ticipating)?',
    'not par',
    'not contracted',
    'provider type',
    'type of provider',
    'specialty',
    'not certified',
  ]),

  // The payer looked the member up by the ID and found no one: a mistyped ID or no coverage, and
  // the text does not say which (an eligibility lookup that failed is non-retryable, below).
  rule('A', 'eligibility_coverage', 'CO-31', [
    "(?:member|mbr|subscriber|insured'?s?|patient|pt|recipient|beneficiary|medicaid|medicare)(?: (?:id|identification|#|number|no))+(?! not (?:(?:found|on file|located|listed|present) )?(?:in|on|with) (?:the )?(?:payer\\W?s? )?elig)[^.;]{0,8}\\b(?:not (?:found|on file|located|recogni[sz]ed)|(?:cannot|can'?t|could not|couldn'?t) be (?:found|located)|no match(?:ing)? (?:record|member))",
    "(?:unable to|cannot|can'?t|could not) (?:find|locate)(?: the)? (?:member|subscriber|insured|patient|pt)(?: (?:id|#|number))?",
    // rules-2026.12.14: the person, not the ID, not found ('subscriber not found for ID/DOB combination').
    '(?:member|mbr|subscriber|insured|patient|pt|recipient|beneficiary) not (?:found|located|on file)(?! (?:in|on|with) (?:the )?(?:payer\\W?s? )?elig)',
  ]),

  // The patient's coverage.
  rule('N', 'eligibility_coverage', 'CO-27', [
    'not elig(?:ible)?',
    'ineligible',
    'inelig',
    'no (?:active )?coverage',
    '(?:coverage|cov) (?:termed|terminated|ended|inactive|cancel+ed|lapsed)',
    'termed',
    'terminated',
    // rules-2026.12.13: the member's termination date ('DOS is after the patient's term date').
    "(?:patient|pt|member|mbr|subscriber|coverage|cov|policy|elig\\w*)(?:'s)? term(?:ination)? date",
    'disenrolled',
    "(?:member|patient|pt)(?:'s)? (?:coverage )?(?:was )?(?:inactive|not found|termed)",
    'inactive (?:member|coverage|on dos)',
    'coverage was inactive',
    'policy (?:lapsed|not effective|inactive|terminated)',
    'not effective',
    '(?:prior to|before) (?:coverage|effective date)',
    // A service before the coverage began is eligibility, not a date to correct.
    "(?:precedes?|predates?|before|prior to|earlier than) (?:the )?(?:(?:member|patient|subscriber|insured|pt)'?s? )?(?:(?:coverage|policy|plan|eligibility|enrol+ment) )?(?:effective|start|begin\\w*) dates?",
    '(?:precedes?|predates?) (?:the )?(?:coverage|policy|eligibility|enrol+ment)',
    'lapse in coverage',
    'no dependent coverage',
    'dependent not covered',
    'not an eligible dependent',
    'not covered on (?:dos|date of service)',
    'no coverage for newborns',
    'cannot be identified',
    'unable to identify',
    'not our insured',
    'eligibility requirements',
    // Looked up in the payer's eligibility and not there: not a typo we can see.
    'not (?:(?:found|located|listed|on file|present) )?(?:in|on|with) (?:the )?(?:payer\\W?s? )?elig\\w*(?: (?:file|system|roster|records?|database))?',
    'elig\\w* (?:not (?:found|on file|verified|located)|(?:check|verification) failed)',
    'no elig\\w*(?: (?:on file|found|record\\w*))?',
  ]),

  // Not covered by the plan.
  rule('N', 'not_covered', 'CO-96', [
    'non[- ]?cov(?:e)?r(?:e)?d',
    'not (?:a )?cov(?:ered|rd)',
    // rules-2026.12.14: 'isnt a covered benefit', 'is not covered', without the apostrophe too.
    "(?:isn'?t|is not|aren'?t|are not|wasn'?t|was not) (?:a )?cov(?:ered|rd)",
    // rules-2026.12.18: a drug covered under the pharmacy benefit only is not the medical claim's.
    '(?:pharmacy|rx|part d) benefit(?: only)?',
    'noncov\\w*',
    'not (?:a )?(?:covered )?benefit',
    'excluded(?: benefit| service| from coverage)?',
    'exclusion',
    'not payable under',
    'not billable',
    'non[- ]?billable',
    'formulary',
    'cosmetic',
    'hospice',
  ]),

  // Bundling.
  rule('N', 'bundling', 'CO-97', [
    'bundl\\w*',
    'inclusive',
    'included in',
    'incidental',
    'ncci',
    'ptp(?: edit)?',
    'cci edit',
    'mutually exclusive',
    'global (?:period|surgery|fee|days)',
    'within (?:the )?global',
    'post[- ]?op visit',
    'component of',
    'not (?:paid|payable|reimbursed) separately',
    'not separately (?:paid|payable|reimbursed|billable)',
    'qualifying service',
  ]),

  // Benefit limits.
  rule('N', 'benefit_limit', 'CO-119', [
    'benefit max\\w*',
    'max(?:imum)? benefit',
    '(?:annual|lifetime|visit|service|frequency|benefit) (?:limit\\w*|max\\w*)',
    '(?:limit|max|maximum) (?:reached|met|exceeded)',
    'visits? exhausted',
    'exhausted for',
    'only one per',
    'once per',
    // rules-2026.12.18: units over the payer's maximum ('88342 units also over payer max').
    '(?:units?|qty|quantity)\\b[^.;]{0,30}\\b(?:over|above|exceed\\w*|more than)\\b[^.;]{0,15}\\b(?:max|maximum|limit|mue)\\b',
  ]),

  // Patient cost share.
  rule('N', 'patient_responsibility', 'PR-1', ['deductible', 'ded(?: applied)?', 'applied to ded\\w*']),
  rule('N', 'patient_responsibility', 'PR-2', ['coins(?:urance)?', 'co-insurance']),
  rule('N', 'patient_responsibility', 'PR-3', ['co-?pay(?:ment)?s?']),
  rule('N', 'patient_responsibility', 'PR-2', [
    '(?:patient|pt|member) resp\\w*',
    'cost share',
    // rules-2026.12.15: 'denied pt liable', 'bill pt'.
    '(?:patient|pt|member|mbr) (?:is |now )?liable',
    'bill (?:the )?(?:pt|patient|member)\\b(?! (?:id|#|number|name|dob|address))',
  ]),

  // Contractual adjustments.
  rule('N', 'contractual', 'CO-45', [
    'contractual',
    'contract(?:ed)? (?:rate|obligation|adjustment)',
    'fee sched\\w*',
    'exceeds? (?:the )?(?:allowable|allowed|fee)',
    'over (?:the )?(?:allowable|allowed|contracted)',
    'allowed (?:amount|amt)',
    'capitat\\w*',
    'sequestration',
    'write[- ]?off per contract',
  ]),

  // A coder's question: the codes are inconsistent with the patient or each other.
  rule('N', 'coding_procedure', 'CO-11', [
    "inconsistent with (?:the )?(?:patient'?s )?(?:age|gender|sex)",
    '(?:age|gender|sex) (?:restriction|inconsistent|mismatch)',
    "not appropriate for (?:the )?(?:patient'?s? )?(?:age|gender)",
    'inconsistent w(?:ith|/) (?:the )?(?:procedure|proc|cpt|service)',
    '(?:dx|diagnosis)(?: code)?(?: is)? (?:inconsistent|not consistent)',
    "(?:dx|diagnosis|icd\\w*)(?: codes?)?[^.;]{0,15}\\b(?:does not match|doesn'?t match|do not match|not match|mismatch\\w*)(?: with)?(?: the)? (?:procedure|proc|cpt|hcpcs)(?: codes?)?",
    "(?:dx|diagnosis)(?: codes?)? and (?:the )?(?:procedure|proc|cpt)(?: codes?)? (?:mismatch\\w*|do not match|don'?t match|inconsistent)",
    "(?:revenue|rev) code[^.;]{0,15}\\b(?:does not match|doesn'?t match|not match|mismatch\\w*|inconsistent with)(?: the)? (?:procedure|proc|cpt|hcpcs)(?: codes?)?",
    'not consistent with (?:the )?(?:procedure|proc|cpt)',
    // Sequencing rules: some diagnosis codes may never be the principal one.
    'manifestation (?:code|dx|diagnosis)',
    '(?:external cause|e-?code|manifestation|secondary[- ]only)[^.;]{0,30}\\b(?:as )?(?:the )?(?:primary|principal|first[- ]listed)',
    "(?:cannot|can'?t|may not|must not|not allowed to) be (?:billed |reported |used |listed )?(?:as )?(?:the )?(?:primary|principal|first[- ]listed)(?: (?:dx|diagnosis|code))?",
    'not (?:an? )?valid (?:as )?(?:the |an? )?(?:primary|principal|first[- ]listed)(?: (?:dx|diagnosis|code))?',
    // A code the payer calls invalid *for* the patient or the other codes is the same question.
    "(?:invalid|not valid|inappropriate|incorrect) (?:for|with) (?:the )?(?:patient'?s?|pt'?s?|member'?s?)? ?(?:age|gender|sex)",
    '(?:dx|diagnosis|icd\\w*)(?: codes?)? (?:is )?(?:invalid|not valid|inappropriate|incorrect) (?:for|with) (?:the )?(?:procedure|proc|cpt|hcpcs|service)(?: codes?| billed| performed)?',
    '(?:invalid|inappropriate|incorrect) (?:dx|diagnosis|icd\\w*)(?: codes?)? (?:for|with) (?:the )?(?:procedure|proc|cpt|hcpcs|service)(?: codes?| billed| performed)?',
    '(?:invalid|not valid) (?:for|on) (?:the )?(?:date|dos)\\w*',
    '(?:cpt|code|procedure) deleted',
    'deleted (?:code|cpt)',
    '(?:nos|not otherwise classified|unlisted) code billed',
    'specific code (?:exists|available)',
    'not valid for this service',
    'inconsistent with the provider',
  ]),

  // Place of service: a setting the payer judged inappropriate needs a person; a wrong code is a fix.
  rule('A', 'place_of_service', 'CO-58', [
    // Not in a list of data errors ('missing/incomplete/invalid/inappropriate place of service',
    // RARC M77's published wording), where it is one more way to say the code is wrong.
    '(?<!(?:missing|incomplete|invalid)(?:/| or |, ))inappropriate (?:setting|place of service|site(?: of service)?|pos\\b(?! code))',
    'setting[^.;]{0,20}inappropriate',
    'deemed[^.;]{0,40}(?:place of service|setting)',
  ]),
  topic('place_of_service', 'CO-5', [
    'pos',
    'place of s(?:er|e)?vi?ce?',
    'place of svc',
    'place-of-service',
    'site of service',
  ]),

  // A modifier the payer will not pay or allow with this code: removing it, appealing or billing
  // another way is a coder's choice.
  rule('A', 'coding_modifier', 'CO-4', [
    '(?:modifiers?|modifer|mods?)\\b[^.;]{0,20}\\b(?:not (?:payable|allowed|permitted|reimbursable|appropriate)|billed inappropriately|inappropriate(?:ly)?(?: used| billed| appended)?|misused)',
  ]),
  // Modifiers.
  topic('coding_modifier', 'CO-4', [
    'modifiers?',
    'modifer',
    'modifir',
    'modifiier',
    'mdifier',
    'modifiler',
    'mods?',
  ]),

  // An authorization the claim should carry and the text says how to fix: attach it.
  rule('R', 'authorization', 'CO-15', [
    `${AUTH_WORD}[^.;]{0,40}\\b(?:add|attach|include|enter|put|report)(?:ed)?\\b[^.;]{0,25}\\b(?:to|on|in(?:to)?) (?:the )?(?:claim|box|line|loop|ref|segment|fl|ub|1500|field)\\w*`,
    `(?:add|attach|include|enter|report) (?:the )?(?:valid |correct )?${AUTH_WORD}(?: (?:#|number|no|num)\\b)?`,
  ]),
  // The payer has no record of an authorization, or its dates do not match: whether one was
  // obtained (attach it) or not (nothing to attach) is not in the text, so a person looks.
  rule('A', 'authorization', 'CO-197', [
    `${AUTH_WORD}(?: (?:#|number|no|num)\\b)?[^.;]{0,25}\\b(?:not (?:on file|found|located|in (?:the )?system|on record|recogni[sz]ed)|no (?:record|match)|(?:cannot|can'?t|could not|couldn'?t) be (?:found|located|verified))`,
    `no (?:record of (?:an? |the )?)?(?:(?:matching|corresponding|valid|approved|active|existing) )?${AUTH_WORD}(?: \\w+){0,3}? (?:on file|found|on record|in (?:our |the |its |their |payer\\W?s? )?(?:system|records?|files?|database)|located)`,
    // rules-2026.12.9: whatever else the text says ('precert required, none located under this
    // member ID'), the payer found none, or matched the number to none it holds.
    `${AUTH_WORD}[^.;]{0,30}\\b(?:none|nothing|no record|no match)(?: \\w+){0,3}? (?:on file|found|located|locatable|on record|in (?:our |the |its |their |payer\\W?s? )?(?:system|records?|files?|database)|received|exists?|matched|verified|available)`,
    `${AUTH_WORD}(?: (?:#|number|no|num)\\b)?[^.;]{0,30}\\b(?:does not|doesn'?t|do not|did not|didn'?t|not|cannot|can'?t|could not|couldn'?t|unable to|fails? to|failed to)(?: be)? (?:match(?:ed)?|correspond)(?: (?:to|with))? any\\b`,
    `(?:found|finds|located|returned|shows|showing) no (?:(?:matching|corresponding|valid|approved|active|existing|record of (?:an? |the )?) ?)?${AUTH_WORD}`,
    // 'Absent' is the payer's word for one it did not find (CO-197, rules-2026.12.8); a number
    // absent, or one absent from the claim, is our data.
    `${AUTH_WORD}(?:/[a-z-]+)*(?: (?!(?:number|no|num)\\b)\\w+){0,2}? absent(?! (?:on|from|in) (?:the )?(?:claim|line|box|loop|field|form|ub|1500|837))`,
    `(?:can'?t|cannot|could not|couldn'?t|unable to|did not|didn'?t|fails? to|failed to) (?:find|locate|verify|match)[^.;]{0,20}\\b${AUTH_WORD}`,
    `${AUTH_WORD}(?: (?:#|number|no|num)\\b)?[^.;]{0,20}\\b(?:does not match|doesn'?t match|do not match|not match|mismatch\\w*)(?: with)?(?: the)? (?:dos|dates?(?: of service)?|service dates?)`,
    // One that does not cover this service, code, provider or date: the number on the claim may
    // be the wrong one (attach the right one) or there is none for this (nothing to attach).
    `${AUTH_WORD}(?: (?:#|number|no|num)\\b)?[^.;]{0,30}\\b(?:(?:does|do|did|is|was) not|doesn'?t|don'?t|not) (?:cover|include|apply to|valid for (?:the |this )?(?:service|cpt|code|procedure|provider))`,
    `${AUTH_WORD}(?: (?:#|number|no|num)\\b)?[^.;]{0,30}\\b(?:for|belongs to|issued to|approved for) (?:a |an |the )?(?:different|another|other|wrong) (?:\\w+ ){0,2}?(?:provider|physician|facility|service|cpt|code|procedure|location|member|patient|dates?)`,
  ]),

  // A service the payer says was not authorized (rules-2026.12.8): whether an authorization for
  // it exists, to attach, is not in the text.
  rule('A', 'authorization', 'CO-197', [
    "(?:not|never|wasn'?t|weren'?t|isn'?t|aren'?t)(?: been)? (?:pre-?)?authori[sz]ed",
    'unauthori[sz]ed',
  ]),

  // A claim that does not agree with what was authorized, or an authorization for a stated
  // quantity: the claim may be wrong (fix it) or the service was beyond the approval (nothing to
  // attach); the text does not say which.
  rule('A', 'authorization', 'CO-197', [
    "(?:inconsistent|not consistent|does not match|doesn'?t match|do not match|not match|mismatch\\w*|differs?|different) (?:with |from |to )?(?:the )?(?:pre-?certified|pre-?authori[sz]ed|authori[sz]ed|approved|certified)(?:/(?:pre-?certified|pre-?authori[sz]ed|authori[sz]ed|approved|certified))*(?: (?:services?|procedures?|codes?|cpts?|units?|levels?|dates?|days?|visits?))?",
    `${AUTH_WORD}(?: (?:#|number|no|num)\\b)?(?: \\w+){0,4}? (?:covers?|covered|allows?|allowed|for|limited to|good for|valid for) (?:only )?\\d+ (?:units?|visits?|days?|sessions?|treatments?|hours?|services?)`,
    `(?:services?|procedures?|codes?|cpts?|hcpcs|visits?|units?|items?)[^.;]{0,15}\\b(?:not|isn'?t|wasn'?t|aren'?t|weren'?t) (?:on|in|part of|listed (?:on|in)|included (?:on|in)) (?:the )?${AUTH_WORD}`,
    // rules-2026.12.10: a billed service or code not on, not listed in, not included in, not
    // covered by or different from the approved authorization ('CPT 99215 not on the approved
    // precert'): the authorization's scope, not a number to fix.
    `(?:services?|procedures?|codes?|cpts?|hcpcs|lines?|items?)[^.;]{0,15}\\b(?:not|isn'?t|wasn'?t|aren'?t|weren'?t) (?:on|in|part of|listed (?:on|in|under)|included (?:on|in|under)|covered (?:by|on|under)|under) (?:the |this |that |our |an? )?(?:(?:approved|active|current|existing|valid|issued|original|payer'?s?) )+${AUTH_WORD}`,
    `(?:services?|procedures?|codes?|cpts?|hcpcs|lines?|items?)[^.;]{0,15}\\b(?:different|differs?|does not match|doesn'?t match|do not match|not match(?:ing)?|not the (?:same|one)) (?:from |with |to |as )?(?:the |what'?s on the |what is on the )?(?:(?:approved|active|current|existing|valid|issued) )?${AUTH_WORD}`,
    `${AUTH_WORD}(?: (?:#|number|no|num)\\b)?[^.;]{0,15}\\b(?:lists?|listed|shows?|specifies|names) (?:only )?(?:cpt |code |hcpcs |procedure |proc )?[a-z]?\\d{4}[a-z0-9]?\\b`,
  ]),

  // Authorization numbers and referrals: attach the one on file.
  rule('R', 'authorization', 'CO-15', [
    `${AUTH_WORD} on file not on (?:the )?claim`,
    `${AUTH_WORD}[^.;]{0,20}\\b(?:does not match|doesn'?t match|not match)`,
  ]),
  topic('authorization', 'CO-15', [`${AUTH_WORD} (?:#|number|no|num)`]),
  topic('authorization', 'CO-197', [AUTH]),

  // A provider the payer calls invalid, with no identifier named, may be a field on our claim or
  // a provider not enrolled with the payer: a person looks.
  rule('A', 'provider_eligibility', 'CO-185', [
    '(?:billing|rendering|referring|ordering|supervising|attending|servicing) (?:provider|physician|prov|practitioner)(?: is)? (?:invalid|not valid)(?! (?:npi|id|identifier|taxonomy|address|name|number|#|format))',
    '(?:invalid|not valid) (?:billing|rendering|referring|ordering|supervising|attending|servicing) (?:provider|physician|prov|practitioner)(?! (?:npi|ids?|identifiers?|primary|secondary|taxonomy|address|name|number|#|tax|signature|zip|ssn|tin|ein|license|upin|info\\w*|qualifier|loop|segment))',
    // A provider the payer has no record of, or an identifier it rejects for this payer or plan.
    '(?:billing|rendering|referring|ordering|supervising|attending|servicing) (?:provider|physician|prov|practitioner)(?: is)? not (?:on file|found|recogni[sz]ed|registered|active)',
    '(?:npi|taxonomy|tin|tax id|provider (?:id|number|#))\\b[^.;]{0,20}\\b(?:invalid|not valid|not recogni[sz]ed|inactive|not active) (?:for|with|by) (?:this|the) (?:payer|plan|carrier|program|network|state|mco|health plan)',
    // A provider identifier compared with the payer's own file is the provider's enrolment as the
    // payer holds it (rules-2026.12.8, with CO-208 'NPI not matched'), not a value on our claim.
    "(?:npi|taxonomy|tin|tax id|ptan|provider (?:id|number|#))\\b[^.;]{0,40}\\b(?:on (?:file|record) (?:with|at) (?:the )?(?:payer|plan|carrier|medicaid|medicare|mco)|(?:in |on )?(?:the )?(?:payer|plan|carrier)'?s? (?:file|records?|system|enrol+ment))",
  ]),

  // Claim data: a named field with something wrong with it, in either order.
  rule('R', 'missing_information', 'CO-16', [
    `(?:${ERR})\\W+(?:\\w+\\W+){0,4}?(?:${FIELD})`,
    `(?:${FIELD})\\W+(?:\\w+\\W+){0,5}?(?:${ERR})`,
    // rules-2026.12.10: a claim 'with no' field, a fix to a named field ('correct patient DOB'),
    // a procedure code left blank (not one called invalid: that is a coder's question).
    `(?:with|has|had|contains?) no (?:\\w+\\W+){0,2}?(?:${FIELD})`,
    `(?:correct|fix|update|replace) (?:the )?(?:\\w+\\W+){0,2}?(?:${FIELD})`,
    '(?:cpt|hcpcs|procedure code)s?(?:\\(s\\))?(?: codes?)?\\W+(?:\\w+\\W+){0,2}?(?:missing|blank|omitted|not (?:reported|sent|populated|entered))',
    '(?:missing|blank|no) (?:cpt|hcpcs|procedure code)s?\\b',
  ]),
  // A field that requires another on the claim ('rev code 0636 requires HCPCS', 'occurrence code
  // 11 requires an occurrence date'): add the companion data (rules-2026.12.9). A field that
  // 'requires' anything else (verification, enrolment, an update with the payer) is not this.
  rule('R', 'missing_information', 'CO-16', [
    `(?:${FIELD})(?:\\W+\\w+){0,2}?\\W+requires?\\W+(?:an? |the )?(?:\\w+\\W+){0,2}?(?:${FIELD}|hcpcs|cpts?|procedure codes?|(?:\\w+ )?date|(?:occurrence|span|value|condition) (?:code|amount)s?)\\b`,
  ]),
  // Something wrong in a loop or segment, with no field or element named ('invalid data in loop
  // 2300'): there is nothing named to correct, so it is a reason only beside a named field.
  {
    ...rule('R', 'missing_information', 'CO-16', [
      `(?:${ERR})\\W+(?:\\w+\\W+){0,4}?(?:${LOOP})`,
      `(?:${LOOP})\\W+(?:\\w+\\W+){0,5}?(?:${ERR})`,
    ]),
    locationOnly: true,
  },
  // The payer says it did not name the field: a person reads the rejection's detail.
  rule('A', 'missing_information', 'CO-16', [
    '(?:data )?(?:elements?|fields?)(?: (?:was|were|is))? (?:not (?:specified|identified|named|given|indicated)|unspecified|unknown)',
    '(?:unspecified|unidentified|unnamed) (?:data )?(?:elements?|fields?)',
    '(?:no|without) (?:data )?(?:elements?|fields?) (?:specified|identified|named|given|indicated)',
  ]),
  rule('R', 'missing_information', 'CO-16', [
    // The date of service itself missing or malformed (rules-2026.12.9); 'invalid for the date of
    // service' is a code's validity, a coder's question, so only this order.
    '(?:date of service|dos)\\W+(?:\\w+\\W+){0,2}?(?:missing|msng|blank|omitted|not (?:reported|present|sent|entered|populated))',
    'from date after (?:the )?to date',
    // One date on the claim before or after another it cannot precede or follow: a keying error.
    "(?:service date|dos|date of service|from[- ]?date|admission date|admit date|discharge date)[^.;]{0,15}\\b(?:precedes|predates|is before|is prior to|earlier than|later than|is after) (?:the )?(?:(?:patient|member|subscriber|pt)'?s? )?(?:date of birth|dob|birth ?date|admission date|admit date|from[- ]?date|to[- ]?date|thru[- ]?date|through[- ]?date)",
    'from[- ]?dates?[^.;]{0,25}\\b(?:after|later than|greater than|past) (?:the )?(?:to|thru|through)[- ]?dates?',
    '(?:billing )?date (?:before|after|predates) (?:the )?(?:date of service|dos|service date)',
    'future date',
    'predates',
  ]),
  // The generic wording of CO-16, MA130 and CO-125 ('lacks information', 'incomplete/invalid
  // information', 'submission/billing error'): retryable alone, as the playbook and the splits'
  // writers read it, but no field named beside a code that names none (rules-2026.12.10).
  {
    ...rule('R', 'missing_information', 'CO-16', [
      '(?:claim )?lacks? info\\w*',
      'missing info\\w*',
      'incomplete (?:claim|form|info\\w*)',
      'form incomplete',
      '(?:missing|invalid|incomplete|insufficient)(?:(?: or |/|, )(?:missing|invalid|incomplete))* info(?:rmation)?',
      'submission/billing error',
      'billing error\\(s\\)',
    ]),
    generic: true,
  },
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
    'provider services details detail info information more need needed error reason n/a ' +
    'rtp returned resubmit rebill correct corrected payment processed provisions letter as is not payable paid'
  ).split(' '),
);

/** True when no word of the normalised text names a reason. */
export function isUninformative(normalized: string): boolean {
  const words = normalized.split(/[^a-z0-9/]+/).filter((w) => w.length > 0);
  return words.length > 0 && words.every((w) => UNINFORMATIVE.has(w));
}

/** One cause found in a text, where it was found. */
export interface RuleMatch {
  readonly rule: Rule;
  readonly at: number;
}

/**
 * Every cause a normalised text names, in precedence order. Each match blanks the words it read,
 * so that a later, broader pattern does not count them again.
 */
export function findCauses(normalized: string): RuleMatch[] {
  return readCauses(normalized).found;
}

/** The causes, and the text left when every match has blanked the words it read. */
export function readCauses(normalized: string): { found: RuleMatch[]; rest: string } {
  let text = normalized;
  const found: RuleMatch[] = [];
  for (const r of RULES) {
    r.pattern.lastIndex = 0;
    let blanked = text;
    for (const m of text.matchAll(r.pattern)) {
      found.push({ rule: r, at: m.index });
      blanked = blanked.slice(0, m.index) + ' '.repeat(m[0].length) + blanked.slice(m.index + m[0].length);
    }
    text = blanked;
  }
  return { found, rest: text };
}

/**
 * Words that make a reason non-retryable, which a broad retryable pattern ('auth', 'modifier', a
 * claim field next to an error word) must not outvote when the precise patterns missed them:
 * misspelt ('auth exausted', 'precert not obtaned', 'timley') or in a phrasing no pattern knows
 * ('modifier 59 billed inappropriately').
 */
const NON_RETRYABLE_CUES = [
  'expired',
  'exhausted',
  'exceeded',
  'exceeds',
  'exceed',
  'obtained',
  'denied',
  'terminated',
  'duplicate',
  'duplicated',
  'bundled',
  'covered',
  'eligible',
  'ineligible',
  'timely',
  'filing',
  'credentialed',
  'network',
  'deductible',
  'coinsurance',
  'primary',
  'secondary',
  'necessity',
  'necessary',
  'records',
  'documentation',
  'investigational',
  'experimental',
  'maximum',
  'exclusion',
  'excluded',
  'inappropriate',
  'inappropriately',
  'payable',
  'contracted',
  'enrolled',
  'retroactive',
  'untimely',
  'approved',
  'file',
];

/** Cue words that are never part of a retryable reading, even spelt right. */
const NEVER_RETRYABLE_WORDS = new Set([
  'expired',
  'exhausted',
  'exceeded',
  'terminated',
  'duplicate',
  'duplicated',
  'bundled',
  'ineligible',
  'untimely',
  'inappropriately',
  'excluded',
  'exclusion',
  'experimental',
  'investigational',
  'retroactive',
  // rules-2026.12.15: an edit no modifier bypasses (MUE, NCCI indicator 0), a message cut short.
  'bypass',
  'bypassed',
  'mue',
  'truncated',
  // What the payer decided or did (rules-2026.12.8): a review's outcome, a status it changed.
  'review',
  'reviewed',
  'reviewer',
  'audit',
  'audited',
  'determined',
  'determination',
  'deemed',
  'cancelled',
  'canceled',
  'revoked',
  'rescinded',
  'retracted',
  'suspended',
  'recouped',
]);

/** Words of a retryable reading that sit one or two letters from a cue. */
const RETRYABLE_WORDS = new Set([
  'required',
  'requires',
  'require',
  'requested',
  'obtain',
  'cover',
  'covers',
  'filed',
  'files',
  'filled',
  'record',
  'recorded',
  'prior',
  'primarily',
  'insurance',
  'distinct',
  'inappropriate',
  // rules-2026.12.10: an authorization's approval (letter) is where the number comes from.
  'approval',
  'approvals',
]);

/** A fix offered on a condition ('modifier 25 required if unrelated', '59 may apply') is not sure. */
const HEDGES = new Set(['if', 'may', 'might', 'unless', 'possibly', 'perhaps', 'depending']);

/** The writer says they do not know yet ('not sure the auth was ever requested', 'wrong ID?'). */
export const UNSURE =
  /\?|\b(?:not sure|unsure|unclear|not certain|uncertain|unknown (?:if|whether)|whether|maybe|probably|likely|could be|checking (?:with|on|if|whether)|to be (?:confirmed|verified)|tbd)\b/;

/** Edit distance (optimal string alignment) of two short words, or `limit + 1` once above it. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2]! + 1);
      current.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * True when the words no pattern read include a non-retryable cue — one of the words no retryable
 * reading uses, or a misspelling of a cue (one slip in words up to seven letters, two beyond) —
 * or a condition on the fix.
 */
export function leavesNonRetryableCue(rest: string): boolean {
  if (UNSURE.test(rest)) return true;
  for (const word of rest.split(/[^a-z]+/)) {
    if (HEDGES.has(word)) return true;
    // Before the length check: 'mue' is a cue of three letters (rules-2026.12.19).
    if (NEVER_RETRYABLE_WORDS.has(word)) return true;
    if (word.length < 4 || RETRYABLE_WORDS.has(word)) continue;
    for (const cue of NON_RETRYABLE_CUES) {
      if (word === cue) continue;
      const limit = cue.length >= 8 ? 2 : 1;
      if (editDistance(word, cue, limit) <= limit) return true;
    }
  }
  return false;
}

/**
 * Words that put a condition on an authorization — its scope, dates, quantity or holder — which
 * the broad authorization patterns ('auth', 'auth #', 'referral') do not read. Next to them, "attach
 * the number" is a guess: the authorization may not cover this claim.
 */
const AUTHORIZATION_CONDITION_WORDS = new Set([
  'effective',
  'through',
  'thru',
  'until',
  'till',
  'ended',
  'ends',
  'end',
  'expires',
  'include',
  'includes',
  'included',
  'listed',
  'lists',
  'only',
  'under',
  'issued',
  'different',
  'another',
  'ours',
  'theirs',
  'dr',
  'scope',
  'beyond',
  'outside',
  'within',
  'exceed',
  'exceeds',
  'exceeded',
  'exceeding',
]);
const AUTHORIZATION_CONDITION =
  /\b(?:more|greater|fewer|less|higher|lower) than\b|\b\d+ (?:\w+ )?(?:units?|visits?|sessions?|days?|treatments?|hours?)\b|\b(?:units?|visits?|sessions?) #?\d+\b|\bapproved (?:only )?for (?!(?:the |this |that )?(?:service|services|dos|date|visit|claim|admission|stay)\b)|\bfor (?:cpt |code |hcpcs |procedure |proc )?[a-z]?\d{4}[a-z0-9]?\b/;

/** True when the words no pattern read put a condition on an authorization (rules-2026.12.6). */
export function leavesAuthorizationCondition(rest: string): boolean {
  if (AUTHORIZATION_CONDITION.test(rest)) return true;
  return rest.split(/[^a-z]+/).some((w) => AUTHORIZATION_CONDITION_WORDS.has(w));
}

/**
 * The payer says the authorization on the claim does not match, cover or apply to the service,
 * provider, dates or units billed (rules-2026.12.12): a scope or holder condition, not a number to
 * retype ('CO15 auth # doesn't match services billed', 'auth does not match rendering provider').
 */
const AUTHORIZATION_MISMATCH =
  /\b(?:(?:does not|doesn'?t|do not|don'?t|did not|didn'?t|not|no longer|fails? to)\s+(?:match(?:es)?|cover|apply to|valid for|correspond to|align with)|differs? from|different from|(?:auth\w*|precert\w*|referral) mismatch|not (?:for )?the)\b[^.;]{0,30}\b(?:services?|svcs?|procedures?|procs?|codes?|cpts?|hcpcs|provider|prov|physician|md|doctor|rendering|facility|dates?|dos|units?|site|location|level|billed|member|mbr|patient|pt|subscriber)\b/;

/** True when the text says the authorization does not fit what was billed (rules-2026.12.12). */
export function namesAuthorizationMismatch(normalized: string): boolean {
  return AUTHORIZATION_MISMATCH.test(normalized);
}

/**
 * The payer says it found no authorization, or could not find, locate, verify or match one
 * (rules-2026.12.9): whether one exists for this service is not in the text, even when the text
 * also says one is required ('precert required, none located', 'auth # does not match any
 * authorization in our system'). Read from the words no pattern read, beside any retryable
 * authorization reason.
 */
const PAYER_FOUND_NONE = new RegExp(
  [
    "\\b(?:none|nothing)\\b(?: \\w+){0,3}? (?:on file|found|located|locatable|on record|in (?:our|the|its|their|payer'?s?) (?:system|records?|files?|database)|exists?|matched|received|verified|available)\\b",
    '\\bno (?:record|match|matching|corresponding)\\b',
    // rules-2026.12.19: 'precert does not exist for this admission'.
    "\\b(?:does not|doesn'?t|did not|didn'?t) exist\\b",
    // rules-2026.12.11: 'no PA match', 'no auth record', 'no precert on file' in shorthand.
    '\\bno\\s+(?:[a-z#]+\\s+){0,2}(?:match|matches|matching|record|records|located|found)\\b',
    "\\b(?:does not|doesn'?t|do not|did not|didn'?t|not|cannot|can'?t|could not|couldn'?t|unable to|fails? to|failed to)(?: be)? (?:match(?:ed)?|correspond)\\b[^.;]{0,25}\\bany\\b",
    "\\b(?:cannot|can'?t|could not|couldn'?t|unable to|did not|didn'?t|fails? to|failed to) (?:find|locate|verify)\\b",
    "\\b(?:cannot|can'?t|could not|couldn'?t) be (?:found|located|verified)\\b",
    '\\b(?:found|finds|located|returned) no\\b',
    '\\bnot (?:on file|found|located|on record|in (?:our|the|its|their) (?:system|records?|files?|database))\\b',
  ].join('|'),
);

/** True when the words no pattern read say the payer found no authorization (rules-2026.12.9). */
export function leavesPayerFoundNone(rest: string): boolean {
  return PAYER_FOUND_NONE.test(rest);
}

/**
 * Words that say what is wrong with the claim's data or how to fix it. A pattern that names only
 * the subject of a reason ('auth', 'auth #', 'modifier', 'POS') is evidence of a retryable reason
 * only next to one of them (rules-2026.12.8): 'Auth required', 'POS 21 billed on an office code',
 * 'add modifier 25' are; 'Denied: auth' or 'auth number on claim is valid but …' are not.
 */
const DEFECT_OR_FIX = new RegExp(
  `\\b(?:${ERR}|empty|requires?|needs?|lacks?|lacking|typo|keyed|transposed|left off|dropped|inappropriate|not|never|no|inconsistent|vs|versus|add|attach|append|include|enter|report|use|correct|corrected|change|update|replace|remove|bill|billed|should|stripped)\\b`,
);

/** True when the words no pattern read name a defect in the claim's data or a fix to it. */
export function namesDefectOrFix(rest: string): boolean {
  return DEFECT_OR_FIX.test(rest);
}

/** The first cause a normalised text names, or null (kept for callers that want one rule). */
export function matchRules(normalized: string): RuleMatch | null {
  return findCauses(normalized)[0] ?? null;
}

/** The original design's keywords for its last resort: found anywhere, even inside other words. */
const FALLBACK_KEYWORDS: readonly {
  readonly phrase: string;
  readonly retryable: boolean;
  readonly category: Category;
  readonly carc: string | null;
}[] = [
  { phrase: 'expired', retryable: false, category: 'authorization', carc: null },
  { phrase: 'provider type', retryable: false, category: 'provider_eligibility', carc: 'CO-185' },
  { phrase: 'not billable', retryable: false, category: 'not_covered', carc: null },
  { phrase: 'not covered', retryable: false, category: 'not_covered', carc: 'CO-96' },
  { phrase: 'missing', retryable: true, category: 'missing_information', carc: 'CO-16' },
  { phrase: 'modifier', retryable: true, category: 'coding_modifier', carc: 'CO-4' },
  { phrase: 'npi', retryable: true, category: 'missing_information', carc: 'CO-16' },
  { phrase: 'prior auth', retryable: true, category: 'authorization', carc: 'CO-197' },
  { phrase: 'auth required', retryable: true, category: 'authorization', carc: 'CO-197' },
  { phrase: 'authorization required', retryable: true, category: 'authorization', carc: 'CO-197' },
  { phrase: 'auth', retryable: true, category: 'authorization', carc: 'CO-197' },
];

/**
 * The original design's last resort for texts the model is unsure of: keywords found anywhere,
 * even inside other words. Off by default because it trades precision for coverage.
 */
export function matchSubstringKeywords(normalized: string): (typeof FALLBACK_KEYWORDS)[number] | null {
  return FALLBACK_KEYWORDS.find((k) => normalized.includes(k.phrase)) ?? null;
}
