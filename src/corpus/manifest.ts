import type { Scenario } from './scenarios.js';

/** What the manifest says of one denial: how it arises, what the engine should do, what it brings back. */
export interface ManifestDenial {
  readonly patientControlNumber: string;
  readonly scenario: string;
  readonly payerId: string;
  /** `GROUP-CARC` codes the remittance gives. */
  readonly codes: string[];
  readonly remarks: string[];
  /** The amount the payer did not pay for the denial's reason (the patient's share for PR). */
  readonly amountCents: number;
  readonly handler: string;
  readonly outcome: 'SUCCESS' | 'SKIPPED';
  readonly skipReason: string | null;
  readonly denialStatus: string;
  readonly followUp: Scenario['followUp'] | null;
  /** Payer money the follow-up 835s bring back for it, net of takebacks. */
  readonly realisedCents: number;
}

export interface Manifest {
  readonly format: 'reclaim-corpus/1';
  readonly seed: number;
  readonly claims: number;
  readonly start: string;
  readonly files: {
    readonly '837': string[];
    readonly '835': string[];
    readonly followup: string[];
    readonly reference: string[];
  };
  readonly counts: {
    readonly claims837: number;
    /** Claim payments in `835/`. */
    readonly remitClaims: number;
    /** Claim payments in `followup/`. */
    readonly followUpClaims: number;
    readonly denials: number;
    readonly byScenario: Record<string, number>;
  };
  readonly expected: {
    /** handler → outcome → count. */
    readonly byHandler: Record<string, Record<string, number>>;
    readonly bySkipReason: Record<string, number>;
    readonly realisedByCarc: Record<string, number>;
    readonly realisedByHandler: Record<string, number>;
    readonly realisedTotalCents: number;
  };
  readonly denials: ManifestDenial[];
}

/** The expected totals of a list of denials. */
export function expectedTotals(denials: readonly ManifestDenial[]): Manifest['expected'] {
  const byHandler: Record<string, Record<string, number>> = {};
  const bySkipReason: Record<string, number> = {};
  const realisedByCarc: Record<string, number> = {};
  const realisedByHandler: Record<string, number> = {};
  let total = 0;
  for (const d of denials) {
    const h = (byHandler[d.handler] ??= {});
    h[d.outcome] = (h[d.outcome] ?? 0) + 1;
    if (d.skipReason) bySkipReason[d.skipReason] = (bySkipReason[d.skipReason] ?? 0) + 1;
    if (d.outcome === 'SUCCESS') {
      const carc = d.codes[0]!;
      realisedByCarc[carc] = (realisedByCarc[carc] ?? 0) + d.realisedCents;
      realisedByHandler[d.handler] = (realisedByHandler[d.handler] ?? 0) + d.realisedCents;
      total += d.realisedCents;
    }
  }
  return { byHandler, bySkipReason, realisedByCarc, realisedByHandler, realisedTotalCents: total };
}
