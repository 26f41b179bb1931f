import type { Claim837 } from '../x12/claims/model.js';
import type { WriteAdjustment, WriteRemitClaim, WriteServiceLine } from '../x12/era/writer.js';
import { FILING_INDICATOR, type CorpusClaim } from './claims.js';

/** The payer's claim control numbers: one per answer to a claim, distinct across the corpus. */
export function controlNumber(
  seed: number,
  slot: number,
  answer: 'first' | 'original' | 'followup' | 'repaid',
): string {
  const k = { first: 1, original: 2, followup: 3, repaid: 4 }[answer];
  return `${seed}${String(slot * 10 + k).padStart(11, '0')}`;
}

const split = (code: string): WriteAdjustment & { amountCents: 0 } => {
  const [group, reason] = code.split('-') as [string, string];
  return { group, reason, amountCents: 0 };
};

interface LineAnswer {
  readonly paid: number;
  readonly adjustments: readonly WriteAdjustment[];
  readonly remarks: readonly string[];
}

function answer(
  claim: Claim837,
  c: CorpusClaim,
  statusCode: string,
  icn: string,
  frequencyCode: string,
  lineAnswer: (chargeCents: number, allowed: number, index: number) => LineAnswer,
  modifiers: readonly string[] = [],
): WriteRemitClaim {
  const lines: WriteServiceLine[] = claim.lines.map((l, k) => {
    const a = lineAnswer(l.chargeCents, c.allowed[k]!, k);
    return {
      procedureCode: l.procedureCode,
      modifiers: [...l.modifiers, ...modifiers],
      chargeCents: l.chargeCents,
      paidCents: a.paid,
      units: '1',
      serviceDate: l.serviceDate!,
      adjustments: a.adjustments,
      remarks: a.remarks,
    };
  });
  const patientShare = lines
    .flatMap((l) => l.adjustments)
    .filter((a) => a.group === 'PR')
    .reduce((s, a) => s + a.amountCents, 0);
  return {
    patientControlNumber: claim.patientControlNumber,
    statusCode,
    chargeCents: claim.chargeCents,
    paidCents: lines.reduce((s, l) => s + l.paidCents, 0),
    patientResponsibilityCents: patientShare,
    filingIndicator: FILING_INDICATOR[c.payer.id] ?? 'CI',
    payerClaimControlNumber: icn,
    facilityCode: '11',
    frequencyCode,
    patient: {
      lastName: claim.subscriber.lastName ?? '',
      firstName: claim.subscriber.firstName ?? '',
      memberId: claim.subscriber.id ?? '',
    },
    adjustments: [],
    remarks: [],
    lines,
  };
}

const contract = (charge: number, allowed: number): LineAnswer => ({
  paid: allowed,
  adjustments: charge > allowed ? [{ group: 'CO', reason: '45', amountCents: charge - allowed }] : [],
  remarks: [],
});

/** The first answer to a claim: paid, paid less the contract, denied, or paid less the patient's share. */
export function firstAnswer(seed: number, c: CorpusClaim): WriteRemitClaim {
  const s = c.scenario;
  const icn = s.noControlNumber ? '' : controlNumber(seed, c.slot, 'first');
  switch (s.remit) {
    case 'paid':
      return answer(c.claim, c, '1', icn, '1', (charge) => ({ paid: charge, adjustments: [], remarks: [] }));
    case 'contractual':
    case 'reversed':
      return answer(c.claim, c, '1', icn, '1', contract);
    case 'denied':
      return answer(c.claim, c, '4', icn, '1', (charge) => ({
        paid: 0,
        adjustments: [{ ...split(s.code!), amountCents: charge }],
        remarks: s.remark ? [s.remark] : [],
      }));
    case 'patient':
      // The patient's share sits on the first line: a deductible, coinsurance or copay.
      return answer(c.claim, c, '1', icn, '1', (charge, allowed, k) => {
        const base = contract(charge, allowed);
        if (k > 0) return base;
        const share = patientShare(allowed);
        return {
          paid: allowed - share,
          adjustments: [...base.adjustments, { ...split(s.code!), amountCents: share }],
          remarks: [],
        };
      });
  }
}

/** What the patient owes on a PR claim's first line. */
export function patientShare(allowed: number): number {
  return Math.min(allowed, 2000);
}

/** The paid answer to the earlier claim a duplicate repeats. */
export function originalAnswer(seed: number, c: CorpusClaim): WriteRemitClaim {
  return answer(c.original!, c, '1', controlNumber(seed, c.slot, 'original'), '1', contract);
}

/** The payer takes a payment back (CLP02 = 22): the same claim, control number and amounts, negated. */
export function reversalOf(paid: WriteRemitClaim): WriteRemitClaim {
  return {
    ...paid,
    statusCode: '22',
    chargeCents: -paid.chargeCents,
    paidCents: -paid.paidCents,
    patientResponsibilityCents: -paid.patientResponsibilityCents,
    lines: paid.lines.map((l) => ({
      ...l,
      chargeCents: -l.chargeCents,
      paidCents: -l.paidCents,
      adjustments: l.adjustments.map((a) => ({ ...a, amountCents: -a.amountCents })),
    })),
  };
}

/** The re-payment after a payer's own reversal: paid in full this time. */
export function repaidAnswer(seed: number, c: CorpusClaim): WriteRemitClaim {
  return answer(c.claim, c, '1', controlNumber(seed, c.slot, 'repaid'), '1', (charge) => ({
    paid: charge,
    adjustments: [],
    remarks: [],
  }));
}

/**
 * The payer's answer to a corrected claim (frequency 7) or an appeal (the original, frequency 1):
 * paid at the allowed amount, or denied again as not medically necessary (CO-50).
 */
export function followUpAnswer(seed: number, c: CorpusClaim, deniedAgain: boolean): WriteRemitClaim {
  const rebill = c.scenario.denialStatus === 'CORRECTED';
  const modifiers = c.scenario.code === 'CO-4' ? ['SA'] : [];
  const icn = controlNumber(seed, c.slot, 'followup');
  return deniedAgain
    ? answer(
        c.claim,
        c,
        '4',
        icn,
        rebill ? '7' : '1',
        (charge) => ({
          paid: 0,
          adjustments: [{ group: 'CO', reason: '50', amountCents: charge }],
          remarks: [],
        }),
        modifiers,
      )
    : answer(c.claim, c, '1', icn, rebill ? '7' : '1', contract, modifiers);
}
