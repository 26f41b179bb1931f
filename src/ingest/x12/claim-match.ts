/**
 * The claim a new claim payment answers, decided while it is posted, by the rule of docs/x12.md
 * ("Matching payments to claims"). `linkPayments` is the rule's authority: it matches every
 * payment of the file's accounts again once the file is written, and corrects any link that
 * differs. Deciding here is what spares it the work in the usual order (the 837s first, then
 * their 835s): a claim payment and its denial are written already linked, where they were
 * written unlinked and then rewritten, every row and all their indexes a second time (on the
 * server, two thirds of an 835's time on a tenant with its claims on file).
 */

/** A claim on file with an account a payment names: what the rule compares. */
export interface CandidateClaim {
  readonly claim_id: number;
  readonly version: number;
  readonly payer_id: string | null;
  readonly payer_name: string | null;
  readonly payer_responsibility: string | null;
  readonly frequency_code: string;
  readonly total_charge_cents: number;
}

/** The claim payment's side: its CLP and the payer of its remittance. */
export interface PaymentToMatch {
  readonly statusCode: string;
  readonly frequencyCode: string | undefined;
  readonly chargeCents: number;
  /** The ids the 835's payer goes by (the remittance's `payer_ids`). */
  readonly payerIds: readonly string[];
  readonly payerName: string | undefined;
}

/** CLP02 to the payer order it pays in (SBR01): primary, secondary, tertiary. */
const PAYER_ORDER: Readonly<Record<string, string>> = {
  '1': 'P',
  '19': 'P',
  '2': 'S',
  '20': 'S',
  '3': 'T',
  '21': 'T',
};

/**
 * The claim id the payment answers, or null: no candidate, or the best-ranked candidates belong
 * to different payers (ambiguous).
 */
export function matchClaim(payment: PaymentToMatch, candidates: readonly CandidateClaim[]): number | null {
  let best: CandidateClaim[] = [];
  let bestRank = -1;
  for (const c of candidates) {
    const rank = rankOf(payment, c);
    if (rank > bestRank) {
      bestRank = rank;
      best = [c];
    } else if (rank === bestRank) best.push(c);
  }
  const first = best[0];
  if (!first) return null;
  const payer = first.payer_id ?? '';
  let latest = first;
  for (const c of best) {
    if ((c.payer_id ?? '') !== payer) return null;
    if (c.version > latest.version) latest = c;
  }
  return latest.claim_id;
}

/** The four comparisons in order of weight, as bits: higher is better. */
function rankOf(p: PaymentToMatch, c: CandidateClaim): number {
  const samePayer =
    (c.payer_id !== null && p.payerIds.includes(c.payer_id)) ||
    (c.payer_name !== null && p.payerName !== undefined && upper(c.payer_name) === upper(p.payerName));
  const sameOrder = PAYER_ORDER[p.statusCode] === (c.payer_responsibility ?? 'P');
  const sameFrequency = c.frequency_code === (p.frequencyCode ?? '1');
  const sameCharge = c.total_charge_cents === p.chargeCents;
  return (samePayer ? 8 : 0) + (sameOrder ? 4 : 0) + (sameFrequency ? 2 : 0) + (sameCharge ? 1 : 0);
}

/**
 * PostgreSQL's upper() and JavaScript's agree on ASCII, which payer names are; where they differ
 * (some letters beyond it), `linkPayments` corrects the link.
 */
function upper(name: string): string {
  return name.toUpperCase();
}
