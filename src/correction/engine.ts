import { randomUUID } from 'node:crypto';
import type { Db, Queryable, Tx } from '../db/db.js';
import { insertEvents } from '../events/outbox.repository.js';
import { log } from '../log.js';
import {
  failAttempts,
  findLiveAttempts,
  finishAttempts,
  insertFailedAttempts,
  insertFinishedAttempts,
  insertPendingAttempts,
  reclaimAttempts,
  type AttemptResult,
  type LiveAttempt,
  type LockedDenial,
  type Slot,
} from './attempt.repository.js';
import { loadContexts } from './context.repository.js';
import { insertCorrectedClaims } from './corrected-claim.js';
import {
  decideDenial,
  denialStatusAfter,
  effectOf,
  eventsFor,
  type DenialPlan,
  type Verdict,
} from './decide.js';
import { insertAppeals, insertDuplicateLinks, setDenialStatuses } from './effects.repository.js';
import { handlers, matchHandlers, type Match } from './handlers/index.js';
import type { Envelope, Handler, Need, Strategy } from './types.js';
import type { DecisionTable } from '../codes/decision-table.js';

/** How long a PENDING slot may stay unfinished before another engine presumes its owner dead. */
export const DEFAULT_STALE_AFTER_MS = 10 * 60_000;

export interface EngineOptions {
  readonly envelope: Envelope;
  /** Run handlers again even where a live attempt exists (a SUCCESS is still never repeated). */
  readonly forceRetry?: boolean;
  readonly staleAfterMs?: number;
  readonly registry?: readonly Handler[];
  /** Only handlers covering this code (bulk `--carc`). */
  readonly carc?: string;
  /** The decision table consulted before any handler runs; the shipped one by default. */
  readonly policy?: DecisionTable;
  /** Records the batch in the audit trail, in the transaction that writes its outcomes. */
  readonly audit?: (tx: Tx, outcomes: readonly HandlerOutcome[]) => Promise<void>;
}

/** The outcome of one (denial, handler) pair. */
export interface HandlerOutcome {
  readonly denialId: number;
  readonly handlerName: string;
  readonly carcCode: string;
  readonly status: 'SUCCESS' | 'FAILED' | 'SKIPPED';
  /** null when short-circuited in memory: a live attempt already exists and nothing was written. */
  readonly attemptId: number | null;
  readonly strategy: Strategy | null;
  /** Why it was skipped or failed. */
  readonly reason: string | null;
  readonly rebilledClaimId: number | null;
  readonly recoveredAmountCents: number;
  /** The live attempt that short-circuited this one. */
  readonly priorAttempt?: {
    readonly attemptId: number;
    readonly status: string;
    readonly rebilledClaimId: number | null;
  };
}

/** A (denial, handler) pair this engine holds a PENDING slot for. */
export interface Held {
  /** null on the bulk path: the denial's row lock is the slot, and the row is written finished. */
  readonly attemptId: number | null;
  readonly denialId: number;
  readonly match: Match;
}

/** Why an attempt did not run at all, decided from the live attempts before any slot is taken. */
type Gate =
  | { kind: 'run' }
  | { kind: 'reclaim'; live: LiveAttempt }
  | { kind: 'short_circuit'; live: LiveAttempt; reason: string }
  | { kind: 'refuse'; live: LiveAttempt };

export function matchesFor(
  carcCodes: readonly string[],
  options: Pick<EngineOptions, 'registry' | 'carc'>,
): Match[] {
  const all = matchHandlers(carcCodes, options.registry ?? handlers);
  return options.carc ? all.filter((m) => m.handler.carcs.includes(options.carc!)) : all;
}

/**
 * The idempotency contract: no live attempt → run; a stale PENDING → take it over; otherwise
 * short-circuit (skipCompleted), unless forceRetry, which re-runs a SKIPPED handler and refuses a
 * second SUCCESS.
 */
function gate(live: LiveAttempt | undefined, forceRetry: boolean): Gate {
  if (!live) return { kind: 'run' };
  if (live.status === 'PENDING')
    return live.stale ? { kind: 'reclaim', live } : { kind: 'short_circuit', live, reason: 'in_progress' };
  if (!forceRetry) return { kind: 'short_circuit', live, reason: 'already_attempted' };
  return live.status === 'SUCCESS' ? { kind: 'refuse', live } : { kind: 'reclaim', live };
}

export interface BatchResult {
  readonly outcomes: HandlerOutcome[];
  /** Pairs refused because a SUCCESS already stands (forceRetry only). */
  readonly refused: {
    denialId: number;
    handlerName: string;
    attemptId: number;
    rebilledClaimId: number | null;
  }[];
  readonly events: number;
  readonly rebilledClaimIds: number[];
}

/** The (denial, handler) pairs of `denials`, sorted by what their live attempts allow. */
export interface GatedPairs {
  /** No live attempt: run. */
  readonly fresh: { denialId: number; match: Match }[];
  /** A stale PENDING attempt (or, forced, a finished one that did not succeed): take it over. */
  readonly reclaim: { denialId: number; match: Match; attemptId: number }[];
  /** Short-circuited: SKIPPED with `already_attempted` or `in_progress`, nothing run. */
  readonly early: HandlerOutcome[];
  /** Forced, but a SUCCESS stands: never run twice. */
  readonly refused: BatchResult['refused'];
}

/**
 * Applies the idempotency contract (`gate`) to every pair of `denials`: what a run would do before
 * any handler decides. Both the run and its dry run (`project` in bulk.ts) go through here, so a
 * projection counts a pair already attempted as the run will.
 */
export function gatePairs(
  denials: readonly { denialId: number; carcCodes: readonly string[] }[],
  live: readonly LiveAttempt[],
  options: EngineOptions,
): GatedPairs {
  const liveOf = new Map(live.map((l) => [`${l.denialId}|${l.handlerName}`, l]));
  const gated: GatedPairs = { fresh: [], reclaim: [], early: [], refused: [] };
  for (const d of denials) {
    for (const match of matchesFor(d.carcCodes, options)) {
      const g = gate(liveOf.get(`${d.denialId}|${match.handler.name}`), options.forceRetry ?? false);
      if (g.kind === 'run') gated.fresh.push({ denialId: d.denialId, match });
      else if (g.kind === 'reclaim')
        gated.reclaim.push({ denialId: d.denialId, match, attemptId: g.live.attemptId });
      else if (g.kind === 'refuse')
        gated.refused.push({
          denialId: d.denialId,
          handlerName: match.handler.name,
          attemptId: g.live.attemptId,
          rebilledClaimId: g.live.rebilledClaimId,
        });
      else gated.early.push(shortCircuit(d.denialId, match, g.reason, g.live));
    }
  }
  return gated;
}

/**
 * Phase one, in the caller's transaction holding the denials' row locks: decide per pair from the
 * live attempts, and take PENDING slots for what will run. Committing this makes the slots
 * visible, so a crashed engine leaves PENDING rows that time out rather than nothing at all.
 */
export async function claimSlots(
  tx: Tx,
  denials: readonly LockedDenial[],
  options: EngineOptions,
  token: string,
  mode: 'pending' | 'locked' = 'pending',
): Promise<{ held: Held[]; early: HandlerOutcome[]; refused: BatchResult['refused'] }> {
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const live = await findLiveAttempts(
    tx,
    denials.map((d) => d.denialId),
    staleAfterMs,
  );
  const { fresh, reclaim, early, refused } = gatePairs(denials, live, options);
  const inserted =
    mode === 'locked'
      ? []
      : await insertPendingAttempts(
          tx,
          options.envelope,
          token,
          fresh.map((f) => ({
            denialId: f.denialId,
            handlerName: f.match.handler.name,
            carcCode: f.match.carc,
          })),
        );
  const insertedOf = new Map(inserted.map((r) => [`${r.denialId}|${r.handlerName}`, r.attemptId]));
  const reclaimed = new Set(
    await reclaimAttempts(
      tx,
      options.envelope,
      token,
      reclaim.map((r) => r.attemptId),
    ),
  );
  const held: Held[] = [];
  for (const f of fresh) {
    if (mode === 'locked') {
      held.push({ attemptId: null, denialId: f.denialId, match: f.match });
      continue;
    }
    const attemptId = insertedOf.get(`${f.denialId}|${f.match.handler.name}`);
    if (attemptId !== undefined) held.push({ attemptId, denialId: f.denialId, match: f.match });
    else early.push(shortCircuit(f.denialId, f.match, 'in_progress', undefined));
  }
  for (const r of reclaim) {
    if (reclaimed.has(r.attemptId))
      held.push({ attemptId: r.attemptId, denialId: r.denialId, match: r.match });
    else early.push(shortCircuit(r.denialId, r.match, 'in_progress', undefined));
  }
  return { held, early, refused };
}

function shortCircuit(
  denialId: number,
  match: Match,
  reason: string,
  live: LiveAttempt | undefined,
): HandlerOutcome {
  return {
    denialId,
    handlerName: match.handler.name,
    carcCode: match.carc,
    status: 'SKIPPED',
    attemptId: null,
    strategy: null,
    reason,
    rebilledClaimId: null,
    recoveredAmountCents: 0,
    ...(live
      ? {
          priorAttempt: {
            attemptId: live.attemptId,
            status: live.status,
            rebilledClaimId: live.rebilledClaimId,
          },
        }
      : {}),
  };
}

/** Loads contexts and runs the handlers of the held pairs, grouped per denial. Writes nothing. */
export async function planDenials(
  tx: Queryable & Tx,
  tenantId: string,
  pairs: readonly { denialId: number; match: Match }[],
  policy?: DecisionTable,
): Promise<Map<number, DenialPlan>> {
  const byDenial = new Map<number, Match[]>();
  for (const p of pairs) byDenial.set(p.denialId, [...(byDenial.get(p.denialId) ?? []), p.match]);
  const needs = (ms: readonly Match[]) => new Set<Need>(ms.flatMap((m) => m.handler.needs));
  const contexts = await loadContexts(
    tx,
    tenantId,
    [...byDenial].map(([denialId, ms]) => ({ denialId, needs: needs(ms) })),
  );
  const plans = new Map<number, DenialPlan>();
  for (const [denialId, ms] of byDenial) {
    const ctx = contexts.get(denialId);
    if (ctx) plans.set(denialId, decideDenial(ctx, ms, policy));
  }
  return plans;
}

/**
 * Phase two, in one transaction: decide, write corrected claims, links, appeals, outcomes, denial
 * statuses and outbox events together. If writing fails, the held slots become FAILED (retryable).
 */
export async function executeHeld(
  db: Db,
  held: readonly Held[],
  options: EngineOptions,
  token: string,
): Promise<BatchResult> {
  if (held.length === 0) return { outcomes: [], refused: [], events: 0, rebilledClaimIds: [] };
  try {
    return await db.transaction((tx) => writeOutcomes(tx, held, options, token));
  } catch (error) {
    return recordBatchFailure(db, held, options, token, error);
  }
}

/**
 * After a batch's transaction rolled back: every pair of it gets a FAILED attempt with the
 * error's code and message (a PENDING slot is closed, a bulk pair gets a new row). FAILED rows
 * hold no slot, so the next run retries them.
 */
export async function recordBatchFailure(
  db: Queryable,
  held: readonly Held[],
  options: EngineOptions,
  token: string,
  error: unknown,
): Promise<BatchResult> {
  const code = (error as { code?: string }).code;
  const reason = `engine error: ${code ?? ''} ${(error as Error).message}`.replace(/\s+/g, ' ').trim();
  log.error({ attempts: held.length, code }, 'correction batch failed; attempts marked FAILED');
  await failAttempts(
    db,
    token,
    held.flatMap((h) => (h.attemptId !== null ? [h.attemptId] : [])),
    reason,
  );
  await insertFailedAttempts(
    db,
    options.envelope,
    held
      .filter((h) => h.attemptId === null)
      .map((h) => ({ denialId: h.denialId, handlerName: h.match.handler.name, carcCode: h.match.carc })),
    reason,
  );
  return {
    outcomes: held.map((h) => ({
      denialId: h.denialId,
      handlerName: h.match.handler.name,
      carcCode: h.match.carc,
      status: 'FAILED',
      attemptId: h.attemptId,
      strategy: null,
      reason,
      rebilledClaimId: null,
      recoveredAmountCents: 0,
    })),
    refused: [],
    events: 0,
    rebilledClaimIds: [],
  };
}

/**
 * Decides the held pairs and writes everything they cause in the caller's transaction: corrected
 * claims, attempt outcomes (updating PENDING slots, or inserting finished rows on the bulk path),
 * duplicate links, appeals, denial statuses and outbox events.
 */
export async function writeOutcomes(
  tx: Tx,
  held: readonly Held[],
  options: EngineOptions,
  token: string,
): Promise<BatchResult> {
  const { envelope } = options;
  const key = (denialId: number, handlerName: string) => `${denialId}|${handlerName}`;
  const plans = await planDenials(tx, envelope.tenantId, held, options.policy);
  const withClaims = [...plans.values()].filter((p) => p.correctedClaim !== null);
  const newIds = await insertCorrectedClaims(
    tx,
    withClaims.map((p) => p.correctedClaim!),
  );
  const rebilledOf = new Map(withClaims.map((p, i) => [p.ctx.denial.denialId, newIds[i]!]));

  const heldOf = new Map(held.map((h) => [key(h.denialId, h.match.handler.name), h]));
  const pending: AttemptResult[] = [];
  const fresh: (Slot & Omit<AttemptResult, 'attemptId'>)[] = [];
  const outcomes: HandlerOutcome[] = [];
  for (const h of held) {
    if (plans.has(h.denialId)) continue;
    // The denial disappeared between claiming and deciding (deleted): nothing to decide on.
    const result = {
      status: 'FAILED' as const,
      strategy: null,
      details: {},
      failureReason: 'denial_not_found',
      rebilledClaimId: null,
      recoveredAmountCents: 0,
    };
    if (h.attemptId !== null) pending.push({ attemptId: h.attemptId, ...result });
  }
  for (const plan of plans.values()) {
    const denialId = plan.ctx.denial.denialId;
    const rebilledClaimId = rebilledOf.get(denialId) ?? null;
    let firstRebill = true;
    for (const v of plan.verdicts) {
      const effect = effectOf(v, plan, firstRebill);
      if (effect.rebilled) firstRebill = false;
      const result = {
        status: effect.status,
        strategy: effect.strategy,
        details: effect.details,
        failureReason: effect.status === 'FAILED' ? effect.reason : null,
        rebilledClaimId: effect.rebilled ? rebilledClaimId : null,
        recoveredAmountCents: effect.recoveredAmountCents,
      };
      const h = heldOf.get(key(denialId, v.match.handler.name))!;
      if (h.attemptId !== null) pending.push({ attemptId: h.attemptId, ...result });
      else fresh.push({ denialId, handlerName: v.match.handler.name, carcCode: v.match.carc, ...result });
      outcomes.push({
        denialId,
        handlerName: v.match.handler.name,
        carcCode: v.match.carc,
        status: effect.status,
        attemptId: h.attemptId,
        strategy: effect.strategy,
        reason: effect.reason,
        rebilledClaimId: result.rebilledClaimId,
        recoveredAmountCents: effect.recoveredAmountCents,
      });
    }
  }

  const still = await finishAttempts(tx, token, pending);
  const inserted = await insertFinishedAttempts(tx, envelope, fresh);
  if (still !== pending.length || inserted.length !== fresh.length) {
    // Another engine holds or took over one of these slots: its outcome stands, this batch is void.
    throw Object.assign(new Error('an attempt slot is held by another engine'), { code: 'SLOT_LOST' });
  }
  const idOf = new Map<string, number>();
  for (const h of held)
    if (h.attemptId !== null) idOf.set(key(h.denialId, h.match.handler.name), h.attemptId);
  for (const r of inserted) idOf.set(key(r.denialId, r.handlerName), r.attemptId);
  const finalOutcomes = outcomes.map((o) => ({
    ...o,
    attemptId: idOf.get(key(o.denialId, o.handlerName)) ?? null,
  }));

  const links: { claimId: number; duplicateOfClaimId: number; denialId: number }[] = [];
  const appeals: {
    denialId: number;
    claimId: number | null;
    attemptId: number;
    reason: string;
    proof: unknown;
  }[] = [];
  const statuses: { denialId: number; status: NonNullable<ReturnType<typeof denialStatusAfter>> }[] = [];
  const events = [];
  for (const plan of plans.values()) {
    const denialId = plan.ctx.denial.denialId;
    const attemptIdOf = (v: Verdict) => idOf.get(key(denialId, v.match.handler.name))!;
    for (const v of plan.verdicts) {
      const d = v.decision;
      if (d.kind === 'write_off' && plan.ctx.claim)
        links.push({ claimId: plan.ctx.claim.claimId, duplicateOfClaimId: d.duplicateOfClaimId, denialId });
      if (d.kind === 'appeal')
        appeals.push({
          denialId,
          claimId: plan.ctx.claim?.claimId ?? null,
          attemptId: attemptIdOf(v),
          reason: d.reason,
          proof: d.proof,
        });
    }
    const status = denialStatusAfter(plan.verdicts);
    if (status) statuses.push({ denialId, status });
    events.push(...eventsFor(envelope, plan, rebilledOf.get(denialId) ?? null, attemptIdOf));
  }
  await insertDuplicateLinks(tx, envelope.tenantId, links);
  await insertAppeals(tx, envelope.tenantId, appeals);
  await setDenialStatuses(tx, statuses);
  await insertEvents(tx, events);
  await options.audit?.(tx, finalOutcomes);
  return { outcomes: finalOutcomes, refused: [], events: events.length, rebilledClaimIds: newIds };
}

/** A fresh token per engine run: whoever holds a PENDING slot. */
export function newClaimToken(): string {
  return randomUUID();
}
