import { skip, type Handler } from '../types.js';

const DAY_MS = 86_400_000;

/**
 * CO-29 (time limit for filing expired): if we can prove the claim reached the payer in time — a
 * submission record or a status entry from before the denial, dated inside the payer's filing
 * window — file a level-1 appeal with that proof. Without such proof (none, too late, or no known
 * window) the denial stays open for a person.
 */
export const co29TimelyFilingHandler: Handler = {
  name: 'Co29TimelyFilingHandler',
  carcs: ['CO-29'],
  strategies: ['TIMELY_FILING_APPEAL'],
  needs: ['submissions'],
  run(ctx) {
    const claim = ctx.claim;
    if (!claim) return skip('no_claim_on_file');
    const deniedOn = ctx.denial.deniedOn;
    const submissions = ctx.submissions.filter((s) => s.submittedAt.slice(0, 10) <= deniedOn);
    const statuses = ctx.statusHistory.filter((s) => s.statusAt.slice(0, 10) < deniedOn);
    if (submissions.length === 0 && statuses.length === 0) return skip('no_submission_evidence');

    const evidenceDates = [
      ...submissions.map((s) => s.submittedAt),
      ...statuses.map((s) => s.statusAt),
    ].sort();
    const firstEvidence = evidenceDates[0]!.slice(0, 10);
    const deadline = filingDeadline(claim.serviceDateTo ?? claim.serviceDateFrom, ctx.timelyFilingDays);
    // Proof is proof only against a known window: without the payer's filing days or the date of
    // service, nothing shows the evidence is dated inside it.
    if (!deadline) {
      return skip('filing_window_unknown', {
        firstEvidence,
        timelyFilingDays: ctx.timelyFilingDays,
        serviceDate: claim.serviceDateTo ?? claim.serviceDateFrom,
      });
    }
    if (firstEvidence > deadline) {
      return skip('evidence_after_filing_limit', { firstEvidence, deadline });
    }
    const proof = {
      firstEvidence,
      deadline,
      submissions: submissions.map((s) => ({
        submissionId: s.submissionId,
        submittedAt: s.submittedAt,
        channel: s.channel,
        reference: s.reference,
      })),
      statusHistory: statuses.map((s) => ({ status: s.status, statusAt: s.statusAt, source: s.source })),
    };
    return {
      kind: 'appeal',
      strategy: 'TIMELY_FILING_APPEAL',
      reason: 'TIMELY_FILING',
      proof,
      details: { level: 1, firstEvidence, deadline, evidenceCount: evidenceDates.length },
    };
  },
};

/** Last day to file: date of service plus the payer's timely-filing days; unknown without both. */
function filingDeadline(serviceDate: string | null, days: number | null): string | null {
  if (!serviceDate || days === null) return null;
  return new Date(Date.parse(`${serviceDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
