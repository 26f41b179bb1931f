import type { Tx } from '../db/db.js';
import {
  insertClaimVersionLines,
  insertClaimVersions,
  type WrittenClaimVersion,
} from './corrected-claim.repository.js';
import type { ClaimCorrection, ClaimFacts } from './types.js';

/** CLM05-3 for a replacement of a prior claim. */
export const REPLACEMENT_FREQUENCY = '7';

/** The parts of a claim version a correction can change: what a preview shows side by side. */
export interface ClaimFace {
  readonly frequencyCode: string;
  readonly payerClaimControlNumber: string | null;
  readonly priorAuthorization: string | null;
  readonly lines: readonly {
    readonly lineNumber: number;
    readonly procedureCode: string;
    readonly modifiers: readonly string[];
  }[];
}

export interface ClaimDiff {
  /** CLM05-3, REF*F8 and REF*G1: [before, after] when they change. */
  readonly fields: Readonly<Record<string, readonly [string | null, string | null]>>;
  readonly modifiers: readonly {
    readonly lineNumber: number;
    readonly procedureCode: string;
    readonly before: readonly string[];
    readonly after: readonly string[];
  }[];
}

/** A corrected claim version to write: the original with the corrections of every rebilling handler. */
export interface CorrectedClaimPlan {
  readonly originalClaimId: number;
  readonly patientControlNumber: string;
  readonly before: ClaimFace;
  readonly after: ClaimFace;
}

/**
 * Builds the replacement of `claim`: frequency 7, REF*F8 with the payer's control number for the
 * original, and the corrections merged in handler order. Null when there is no control number to
 * reference, since a payer cannot match a replacement without one.
 */
export function planCorrectedClaim(
  claim: ClaimFacts,
  payerClaimControlNumber: string,
  corrections: readonly ClaimCorrection[],
): CorrectedClaimPlan | null {
  if (payerClaimControlNumber.trim() === '') return null;
  const before = faceOf(claim);
  let priorAuthorization = claim.priorAuthorization;
  const modifiers = new Map(claim.lines.map((l) => [l.lineNumber, [...l.modifiers]]));
  for (const c of corrections) {
    if (c.priorAuthorization !== undefined) priorAuthorization = c.priorAuthorization;
    for (const [line, add] of Object.entries(c.addModifiers ?? {})) {
      const current = modifiers.get(Number(line));
      if (!current) continue;
      for (const m of add) if (!current.includes(m)) current.push(m);
    }
  }
  return {
    originalClaimId: claim.claimId,
    patientControlNumber: claim.patientControlNumber,
    before,
    after: {
      frequencyCode: REPLACEMENT_FREQUENCY,
      payerClaimControlNumber,
      priorAuthorization,
      lines: claim.lines.map((l) => ({
        lineNumber: l.lineNumber,
        procedureCode: l.procedureCode,
        modifiers: modifiers.get(l.lineNumber) ?? [],
      })),
    },
  };
}

function faceOf(claim: ClaimFacts): ClaimFace {
  return {
    frequencyCode: claim.frequencyCode,
    payerClaimControlNumber: claim.payerClaimControlNumber,
    priorAuthorization: claim.priorAuthorization,
    lines: claim.lines.map((l) => ({
      lineNumber: l.lineNumber,
      procedureCode: l.procedureCode,
      modifiers: l.modifiers,
    })),
  };
}

/**
 * Writes corrected versions in two statements whatever their number: each copies its original
 * (context snapshot, parties, diagnoses, lines) and takes the next version number of its patient
 * control number. Returns the new claim ids in the order of `plans`.
 */
export async function insertCorrectedClaims(tx: Tx, plans: readonly CorrectedClaimPlan[]): Promise<number[]> {
  if (plans.length === 0) return [];
  // Two corrections of one claim number in a batch take consecutive versions.
  const seen = new Map<string, number>();
  const versions = plans.map((p) => {
    const ordinal = (seen.get(p.patientControlNumber) ?? 0) + 1;
    seen.set(p.patientControlNumber, ordinal);
    return {
      originalClaimId: p.originalClaimId,
      ordinal,
      frequencyCode: p.after.frequencyCode,
      payerClaimControlNumber: p.after.payerClaimControlNumber,
      priorAuthorization: p.after.priorAuthorization,
      modifiers: Object.fromEntries(p.after.lines.map((l) => [String(l.lineNumber), l.modifiers])),
    };
  });
  const inserted = await insertClaimVersions(tx, versions);
  if (inserted.length !== plans.length)
    throw new Error(`corrected claims: wrote ${inserted.length} of ${plans.length}`);
  // The k-th plan of a claim number got the k-th lowest of the versions written for it.
  const versionsOf = new Map<string, WrittenClaimVersion[]>();
  for (const r of inserted)
    versionsOf.set(r.patient_control_number, [...(versionsOf.get(r.patient_control_number) ?? []), r]);
  for (const list of versionsOf.values()) list.sort((a, b) => a.version - b.version);
  const ids = versions.map(
    (v, i) => versionsOf.get(plans[i]!.patientControlNumber)![v.ordinal - 1]!.claim_id,
  );
  await insertClaimVersionLines(
    tx,
    versions.map((v, i) => ({
      claimId: ids[i]!,
      originalClaimId: v.originalClaimId,
      modifiers: v.modifiers,
    })),
  );
  return ids;
}

/** What a correction changes: the header fields that differ and the lines whose modifiers do. */
export function diffClaim(before: ClaimFace, after: ClaimFace): ClaimDiff {
  const fields: Record<string, readonly [string | null, string | null]> = {};
  const field = (name: string, a: string | null, b: string | null) => {
    if (a !== b) fields[name] = [a, b];
  };
  field('CLM05-3', before.frequencyCode, after.frequencyCode);
  field('REF*F8', before.payerClaimControlNumber, after.payerClaimControlNumber);
  field('REF*G1', before.priorAuthorization, after.priorAuthorization);
  const modifiers = after.lines.flatMap((line) => {
    const was = before.lines.find((l) => l.lineNumber === line.lineNumber)?.modifiers ?? [];
    return was.join(':') === line.modifiers.join(':')
      ? []
      : [
          {
            lineNumber: line.lineNumber,
            procedureCode: line.procedureCode,
            before: was,
            after: line.modifiers,
          },
        ];
  });
  return { fields, modifiers };
}
