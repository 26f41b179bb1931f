import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuthorizationRow } from '../reference/kinds.js';
import type { Claim837 } from '../x12/claims/model.js';
import { write837P } from '../x12/claims/writer.js';
import type { WriteProviderAdjustment, WriteRemitClaim } from '../x12/era/writer.js';
import { write835 } from '../x12/era/writer.js';
import { CLINICIANS, CLINICS, MODIFIER_RULES, PAYERS, type CorpusPayer } from './cast.js';
import { addDays, buildClaim, type CorpusClaim } from './claims.js';
import { expectedTotals, type Manifest, type ManifestDenial } from './manifest.js';
import { Random } from './random.js';
import {
  firstAnswer,
  followUpAnswer,
  originalAnswer,
  patientShare,
  repaidAnswer,
  reversalOf,
} from './remits.js';
import { CYCLE, CYCLE_LENGTH } from './scenarios.js';

export interface CorpusOptions {
  readonly claims: number;
  readonly seed: number;
  /** First day of service, `YYYY-MM-DD`; each chunk of claims is a week later. */
  readonly start: string;
}

/** Claims per chunk: one week of service dates, one set of files. A whole number of cycles. */
export const CHUNK = CYCLE_LENGTH * 25;

/** Days after a chunk's first day of service when each of its files is dated. */
const DAY = {
  sent: 6,
  late: 100,
  firstRemit: 27,
  resent: 37,
  secondRemit: 114,
  followUp: 160,
  takeback: 190,
};

const SUBMITTER = { name: 'OPEN CORPUS BILLING', contactName: 'BILLING OFFICE', phone: '5555550100' };

/**
 * Writes the open corpus to `dir`: 837P claims, the 835s answering them, the reference files
 * the handlers read, the follow-up 835s answering corrections and appeals, and `manifest.json`
 * with every denial's expected outcome and realised recovery (docs/corpus.md). The same options
 * always write the same bytes.
 */
export async function generateCorpus(dir: string, options: CorpusOptions): Promise<Manifest> {
  for (const sub of ['837', '835', 'followup', 'reference']) await mkdir(join(dir, sub), { recursive: true });
  const random = new Random(options.seed);
  const files: Manifest['files'] = { '837': [], '835': [], followup: [], reference: [] };
  const denials: ManifestDenial[] = [];
  const authorizations: AuthorizationRow[] = [];
  const byScenario: Record<string, number> = {};
  let claims837 = 0;
  let remitClaims = 0;
  let followUpClaims = 0;
  let control = 0;
  const write = async (folder: keyof Manifest['files'], name: string, text: string) => {
    await writeFile(join(dir, folder, name), text);
    files[folder].push(`${folder}/${name}`);
  };

  for (let first = 0, chunk = 1; first < options.claims; first += CHUNK, chunk++) {
    const week = addDays(options.start, 7 * (chunk - 1));
    const day = (offset: number) => addDays(week, offset);
    const tag = String(chunk).padStart(4, '0');
    const corpusClaims: CorpusClaim[] = [];
    for (let slot = first; slot < Math.min(options.claims, first + CHUNK); slot++) {
      const scenario = CYCLE[slot % CYCLE_LENGTH]!;
      byScenario[scenario.name] = (byScenario[scenario.name] ?? 0) + 1;
      corpusClaims.push(buildClaim(random, options.seed, slot, scenario, day(slot % 5)));
    }

    // 837s, by the day they were sent.
    const sent = { on_time: [] as Claim837[], late: [] as Claim837[], after_denial: [] as Claim837[] };
    for (const c of corpusClaims) {
      if (c.original) sent.on_time.push(c.original);
      if (c.scenario.submission !== 'none') sent[c.scenario.submission].push(c.claim);
      if (c.authorization) authorizations.push(c.authorization);
    }
    for (const [which, list, offset] of [
      ['', sent.on_time, DAY.sent],
      ['-late', sent.late, DAY.late],
      ['-resent', sent.after_denial, DAY.resent],
    ] as const) {
      if (list.length === 0) continue;
      claims837 += list.length;
      await write(
        '837',
        `claims-${tag}${which}.837`,
        write837P(list, {
          senderId: 'OPENCORPUS',
          receiverId: 'CLEARINGHOUSE',
          submitter: SUBMITTER,
          receiver: { name: 'OPEN CORPUS CLEARINGHOUSE' },
          controlNumber: ++control,
          createdAt: `${day(offset)}T09:30`,
          lineBreaks: true,
        }),
      );
    }

    // The first answers; late claims and the payer's own reversals come in a second run.
    const firstRun: Answer[] = [];
    const secondRun: Answer[] = [];
    const followUps: Answer[] = [];
    const takebacks: Answer[] = [];
    const offsets = new Map<string, WriteProviderAdjustment[]>();
    for (const c of corpusClaims) {
      const s = c.scenario;
      const firstPaid = firstAnswer(options.seed, c);
      (s.submission === 'late' ? secondRun : firstRun).push({ payer: c.payer, claim: firstPaid });
      if (c.original) firstRun.push({ payer: c.payer, claim: originalAnswer(options.seed, c) });
      if (s.remit === 'reversed') {
        secondRun.push({ payer: c.payer, claim: reversalOf(firstPaid) });
        secondRun.push({ payer: c.payer, claim: repaidAnswer(options.seed, c) });
      }
      let realised = 0;
      if (s.followUp) {
        const answer = followUpAnswer(options.seed, c, s.followUp === 'denied_again');
        followUps.push({ payer: c.payer, claim: answer });
        realised = answer.paidCents;
        if (s.followUp === 'paid_then_reversed') {
          takebacks.push({ payer: c.payer, claim: reversalOf(answer) });
          realised = 0;
        } else if (s.followUp === 'paid_then_offset') {
          const amount = Math.floor(answer.paidCents / 2);
          const list = offsets.get(c.payer.id) ?? [];
          list.push({
            providerId: c.claim.billingProvider.npi!,
            fiscalDate: `${day(DAY.takeback).slice(0, 4)}-12-31`,
            reason: 'WO',
            reference: answer.payerClaimControlNumber,
            amountCents: amount,
          });
          offsets.set(c.payer.id, list);
          realised -= amount;
        }
      }
      if (s.handler) denials.push(manifestEntry(c, firstPaid, realised));
    }
    remitClaims += firstRun.length + secondRun.length;
    followUpClaims += followUps.length + takebacks.length;
    const remit = async (
      folder: '835' | 'followup',
      name: string,
      answers: Answer[],
      offset: number,
      run: string,
    ) => {
      const remittances = remittancesOf(
        options.seed,
        tag,
        run,
        answers,
        offsets,
        offset === DAY.takeback,
        day(offset),
      );
      if (remittances.length === 0) return;
      await write(
        folder,
        name,
        write835(remittances, {
          senderId: 'OPENCORPUSPAYER',
          receiverId: 'OPENCORPUS',
          controlNumber: ++control,
          createdAt: `${day(offset)}T06:00`,
          lineBreaks: true,
        }),
      );
    };
    await remit('835', `remit-${tag}-1.835`, firstRun, DAY.firstRemit, 'A');
    await remit('835', `remit-${tag}-2.835`, secondRun, DAY.secondRemit, 'B');
    await remit('followup', `followup-${tag}-1.835`, followUps, DAY.followUp, 'F');
    await remit('followup', `followup-${tag}-2.835`, takebacks, DAY.takeback, 'T');
  }

  await writeReference(dir, authorizations, files);
  const manifest: Manifest = {
    format: 'reclaim-corpus/1',
    seed: options.seed,
    claims: options.claims,
    start: options.start,
    files,
    counts: { claims837, remitClaims, followUpClaims, denials: denials.length, byScenario },
    expected: expectedTotals(denials),
    denials,
  };
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
  return manifest;
}

interface Answer {
  readonly payer: CorpusPayer;
  readonly claim: WriteRemitClaim;
}

/**
 * One remittance per payer. A run of takebacks nets below zero; the payer carries the balance
 * forward (PLB FB) so the payment itself is zero, as payers do.
 */
function remittancesOf(
  seed: number,
  tag: string,
  run: string,
  answers: readonly Answer[],
  offsets: ReadonlyMap<string, WriteProviderAdjustment[]>,
  withOffsets: boolean,
  date: string,
) {
  return PAYERS.flatMap((payer, p) => {
    const claims = answers.filter((a) => a.payer === payer).map((a) => a.claim);
    const plb = withOffsets ? [...(offsets.get(payer.id) ?? [])] : [];
    if (claims.length === 0 && plb.length === 0) return [];
    const net = claims.reduce((s, c) => s + c.paidCents, 0) - plb.reduce((s, a) => s + a.amountCents, 0);
    if (net < 0) {
      plb.push({
        providerId: CLINICS[0]!.npi,
        fiscalDate: `${date.slice(0, 4)}-12-31`,
        reason: 'FB',
        reference: `${seed}${tag}${run}`,
        amountCents: net,
      });
    }
    return [
      {
        payer,
        payee: { name: 'OPEN CORPUS BILLING', npi: CLINICS[0]!.npi },
        traceNumber: `${seed}${tag}${run}${p}`,
        paymentDate: date,
        claims,
        providerAdjustments: plb,
      },
    ];
  });
}

function manifestEntry(c: CorpusClaim, first: WriteRemitClaim, realisedCents: number): ManifestDenial {
  const s = c.scenario;
  const patient = s.remit === 'patient';
  return {
    patientControlNumber: c.claim.patientControlNumber,
    scenario: s.name,
    payerId: c.payer.id,
    codes: [s.code!],
    remarks: s.remark ? [s.remark] : [],
    amountCents: patient ? patientShare(c.allowed[0]!) : first.chargeCents,
    handler: s.handler!,
    outcome: s.outcome!,
    skipReason: s.reason ?? null,
    denialStatus: s.denialStatus!,
    followUp: s.followUp ?? null,
    realisedCents,
  };
}

async function writeReference(
  dir: string,
  authorizations: readonly AuthorizationRow[],
  files: Manifest['files'],
) {
  const csv = (header: readonly string[], rows: readonly (readonly (string | number | null)[])[]) =>
    [header.join(','), ...rows.map((r) => r.map((v) => v ?? '').join(','))].join('\n') + '\n';
  const out: Record<string, string> = {
    'payers.csv': csv(
      ['payer_id', 'name', 'timely_filing_days'],
      PAYERS.map((p) => [p.id, p.name, p.timelyFilingDays]),
    ),
    'providers.csv': csv(
      ['npi', 'name', 'credential', 'taxonomy', 'state'],
      [...CLINICS, ...Object.values(CLINICIANS)].map((p) => [
        p.npi,
        p.name,
        p.credential,
        p.taxonomy,
        p.state,
      ]),
    ),
    'modifier-rules.csv': csv(
      ['trigger_type', 'trigger_value', 'scope', 'modifier'],
      MODIFIER_RULES.map((r) => [r.trigger_type, r.trigger_value, r.scope, r.modifier]),
    ),
    'authorizations.csv': csv(
      ['subscriber_id', 'payer_id', 'procedure_code', 'valid_from', 'valid_to', 'authorization_number'],
      authorizations.map((a) => [
        a.subscriber_id,
        a.payer_id,
        a.procedure_code,
        a.valid_from,
        a.valid_to,
        a.authorization_number,
      ]),
    ),
  };
  for (const [name, text] of Object.entries(out)) {
    await writeFile(join(dir, 'reference', name), text);
    files.reference.push(`reference/${name}`);
  }
}
