import { newEvent, type PendingEvent } from '../events/outbox.js';
import { diffClaim, planCorrectedClaim, type CorrectedClaimPlan } from './corrected-claim.js';
import type { DenialStatus } from './effects.repository.js';
import type { Match } from './handlers/index.js';
import { policyGate } from './policy.js';
import type { DecisionTable } from '../codes/decision-table.js';
import type { Decision, DenialContext, Envelope, Strategy } from './types.js';

/** One handler's verdict on one denial, before anything is written. */
export interface Verdict {
  readonly match: Match;
  /** A thrown handler becomes a FAILED attempt with its message; it never sinks the batch. */
  readonly decision: Decision | { readonly kind: 'error'; readonly message: string };
}

/** Everything the handlers decided for one denial, with the corrected claim their rebills add up to. */
export interface DenialPlan {
  readonly ctx: DenialContext;
  readonly verdicts: readonly Verdict[];
  readonly correctedClaim: CorrectedClaimPlan | null;
}

/**
 * Runs the matched handlers on one denial, in registry order. Pure: reads only the context. The
 * decision table is asked first: a pair it forbids is SKIPPED with the rows that said so, and its
 * handler never runs.
 */
export function decideDenial(
  ctx: DenialContext,
  matches: readonly Match[],
  table?: DecisionTable,
): DenialPlan {
  const verdicts: Verdict[] = matches.map((match) => {
    const held = policyGate(ctx.denial, match, table);
    if (held) return { match, decision: held };
    try {
      return { match, decision: match.handler.run(ctx) };
    } catch (error) {
      return { match, decision: { kind: 'error', message: (error as Error).message || 'handler error' } };
    }
  });
  const corrections = verdicts.flatMap((v) => (v.decision.kind === 'rebill' ? [v.decision.correction] : []));
  if (corrections.length === 0 || !ctx.claim) return { ctx, verdicts, correctedClaim: null };
  const pccn = ctx.remit?.payerClaimControlNumber || ctx.denial.payerClaimControlNumber;
  const correctedClaim = planCorrectedClaim(ctx.claim, pccn, corrections);
  if (correctedClaim) return { ctx, verdicts, correctedClaim };
  // A replacement the payer cannot match to its original is not worth sending.
  return {
    ctx,
    verdicts: verdicts.map((v) =>
      v.decision.kind === 'rebill'
        ? { match: v.match, decision: { kind: 'skip', reason: 'no_payer_claim_control_number', details: {} } }
        : v,
    ),
    correctedClaim: null,
  };
}

export type FinalStatus = 'SUCCESS' | 'SKIPPED' | 'FAILED';

export interface AttemptEffect {
  readonly status: FinalStatus;
  readonly strategy: Strategy | null;
  readonly reason: string | null;
  readonly details: Record<string, unknown>;
  readonly recoveredAmountCents: number;
  readonly rebilled: boolean;
}

/**
 * What one verdict means for its attempt row. A rebill recovers the denied amount once per
 * denial (on its first rebilling handler) so the success-rate view never counts it twice.
 */
export function effectOf(verdict: Verdict, plan: DenialPlan, firstRebill: boolean): AttemptEffect {
  const d = verdict.decision;
  switch (d.kind) {
    case 'error':
      return {
        status: 'FAILED',
        strategy: null,
        reason: d.message,
        details: {},
        recoveredAmountCents: 0,
        rebilled: false,
      };
    case 'skip':
      return {
        status: 'SKIPPED',
        strategy: null,
        reason: d.reason,
        details: { reason: d.reason, ...d.details },
        recoveredAmountCents: 0,
        rebilled: false,
      };
    case 'rebill':
      return {
        status: 'SUCCESS',
        strategy: d.strategy,
        reason: null,
        details: { ...d.details },
        recoveredAmountCents: firstRebill ? plan.ctx.denial.deniedAmountCents : 0,
        rebilled: true,
      };
    case 'write_off':
      return {
        status: 'SUCCESS',
        strategy: d.strategy,
        reason: null,
        details: { ...d.details, writtenOffCents: plan.ctx.denial.deniedAmountCents },
        recoveredAmountCents: 0,
        rebilled: false,
      };
    case 'appeal':
      return {
        status: 'SUCCESS',
        strategy: d.strategy,
        reason: null,
        details: { ...d.details },
        recoveredAmountCents: 0,
        rebilled: false,
      };
    case 'patient_liability':
      return {
        status: 'SUCCESS',
        strategy: d.strategy,
        reason: null,
        details: { ...d.details },
        recoveredAmountCents: d.amountCents,
        rebilled: false,
      };
  }
}

/** Where a denial goes after its handlers: the strongest action taken wins. */
export function denialStatusAfter(verdicts: readonly Verdict[]): DenialStatus | null {
  const kinds = new Set(verdicts.map((v) => v.decision.kind));
  if (kinds.has('rebill')) return 'CORRECTED';
  if (kinds.has('appeal')) return 'APPEALED';
  if (kinds.has('write_off')) return 'WRITTEN_OFF';
  if (kinds.has('patient_liability')) return 'RESOLVED';
  return null;
}

/** The events a denial's successful verdicts announce. */
export function eventsFor(
  envelope: Envelope,
  plan: DenialPlan,
  rebilledClaimId: number | null,
  attemptIdOf: (v: Verdict) => number,
): PendingEvent[] {
  const events: PendingEvent[] = [];
  const { denial, claim } = plan.ctx;
  if (rebilledClaimId !== null && plan.correctedClaim) {
    const rebills = plan.verdicts.filter((v) => v.decision.kind === 'rebill');
    const base = {
      denialId: denial.denialId,
      originalClaimId: plan.correctedClaim.originalClaimId,
      rebilledClaimId,
      attemptIds: rebills.map(attemptIdOf),
      handlers: rebills.map((v) => v.match.handler.name),
    };
    events.push(
      newEvent(envelope, 'claim.rebilled', `claim.rebilled:${rebilledClaimId}`, {
        ...base,
        frequencyCode: plan.correctedClaim.after.frequencyCode,
        payerClaimControlNumber: plan.correctedClaim.after.payerClaimControlNumber,
      }),
      newEvent(envelope, 'claim.corrected', `claim.corrected:${rebilledClaimId}`, {
        ...base,
        changes: diffClaim(plan.correctedClaim.before, plan.correctedClaim.after),
      }),
    );
  }
  for (const v of plan.verdicts) {
    if (v.decision.kind !== 'patient_liability') continue;
    const attemptId = attemptIdOf(v);
    events.push(
      newEvent(envelope, 'patient.liability_transferred', `patient.liability_transferred:${attemptId}`, {
        denialId: denial.denialId,
        claimId: claim?.claimId ?? null,
        remitClaimId: denial.remitClaimId,
        attemptId,
        amountCents: v.decision.amountCents,
        byCarc: v.decision.byCarc,
      }),
    );
  }
  return events;
}
