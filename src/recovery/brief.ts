import {
  agingBands,
  summarise,
  topRows,
  type BandSummary,
  type BucketSummary,
  type RankedRow,
} from './prioritise.js';
import { routingFor } from './routing.js';
import { compareWeeks, MATERIAL_SHARE_SHIFT, type Stability } from './stability.js';
import type { AnchorMode, WorkqueueInput } from './workqueue.js';

/** Share of weighted exposure the top 2 must hold for the focus to count as concentrated. */
export const CONCENTRATION_THRESHOLD = 0.5;

export interface WorkItem extends RankedRow {
  readonly ownerGroup: string;
  readonly evidenceRequired: string;
  readonly nextBestAction: string;
}

/** Everything the weekly brief and its exports say. */
export interface Brief {
  readonly source: WorkqueueInput['source'];
  readonly anchorMode: AnchorMode;
  readonly currentWeekKey: string;
  readonly priorWeekKey: string | null;
  readonly workqueueSize: number;
  readonly openRows: number;
  readonly summary: readonly BucketSummary[];
  readonly bands: readonly BandSummary[];
  readonly stability: Stability;
  readonly workqueue: readonly WorkItem[];
  readonly decision: string;
  readonly falsification: string;
  readonly guardrails: readonly string[];
}

export function buildBrief(input: WorkqueueInput, workqueueSize: number): Brief {
  const summary = summarise(input.current.rows);
  const stability = compareWeeks(summary, input.prior ? summarise(input.prior.rows) : null);
  const workqueue = topRows(input.current.rows, workqueueSize).map((r) => {
    const route = routingFor(r.topDenialGroup);
    return {
      ...r,
      ownerGroup: route.ownerGroup,
      evidenceRequired: route.evidenceRequired,
      nextBestAction: r.topNextBestAction || route.nextBestAction,
    };
  });
  return {
    source: input.source,
    anchorMode: input.anchorMode,
    currentWeekKey: input.current.weekKey,
    priorWeekKey: input.prior?.weekKey ?? null,
    workqueueSize,
    openRows: input.current.rows.length,
    summary,
    bands: agingBands(input.current.rows),
    stability,
    workqueue,
    decision: decide(stability),
    falsification: falsify(summary),
    guardrails: guardrails(input.source),
  };
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

function decide(s: Stability): string {
  const top = s.top2Current.join(' and ') || 'no bucket';
  if (s.verdict === 'no_prior_week') {
    return `No prior week to compare against: start with ${top}, and take reversible actions only (validate, segment, triage) until a second week confirms the focus.`;
  }
  if (s.verdict === 'material_shift') {
    return `The focus moved materially since last week (${s.reasons.join('; ')}): re-prioritise before scaling, and keep to reversible actions (validate, segment, triage) on ${top}.`;
  }
  if (s.top2ShareCurrent >= CONCENTRATION_THRESHOLD) {
    return `Keep the focus on ${top}: the same two buckets lead as last week and they hold ${pct(s.top2ShareCurrent)} of the weighted recoverable exposure.`;
  }
  return `The top 2 (${top}) are unchanged but hold only ${pct(s.top2ShareCurrent)} of the weighted exposure: keep the focus, and segment the remaining buckets before adding capacity.`;
}

function falsify(summary: readonly BucketSummary[]): string {
  const top = summary.slice(0, 2);
  if (top.length === 0) return 'No open denials this week: nothing to falsify.';
  const shares = top.map((b) => `${b.bucket} ${pct(b.priorityScore)}`).join(', ');
  return `Next week the focus changes if the top 2 are no longer ${top.map((b) => b.bucket).join(' and ')}, or if either moves its priority share by ${MATERIAL_SHARE_SHIFT * 100} points or more (now ${shares}).`;
}

function guardrails(source: WorkqueueInput['source']): string[] {
  return [
    'Payer-level recovery outcomes are not claimed: the workqueue carries no payer dimension for outcomes.',
    source === 'csv'
      ? 'Service dates are proxies derived from aging_days.'
      : 'Aging counts from the denial date (or the day the denial was recorded), a proxy for the service and remittance dates.',
    source === 'csv'
      ? 'Denied amounts are denied_potential_allowed_proxy_amt, a proxy for what could be recovered.'
      : 'Denied amounts are what the remittance left unpaid, a proxy for what could be recovered.',
    'p_denial is a historical or modelled rate, not a prediction for any one claim.',
    'This is directional triage support, not a recovery forecast: no amount here is guaranteed.',
  ];
}

/** Cents as dollars with thousands separators, without going through floating point. */
export function dollars(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}$${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}
