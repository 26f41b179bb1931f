import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Random } from '../../src/corpus/random.js';
import {
  CONTRACTUAL_CARCS,
  findDenial,
  PATIENT_LIABILITY_CARCS,
  type DenialFinding,
} from '../../src/ingest/x12/denial-rule.js';
import type { Adjustment, Remark, RemitClaim } from '../../src/x12/era/model.js';
import { readText, remittances } from './support.js';

/**
 * The rule of docs/x12.md ("What makes a denial") written as plainly as it reads, one list
 * operation per sentence: the oracle `findDenial`'s single pass must agree with.
 */
function byTheRule(claim: RemitClaim): DenialFinding | undefined {
  if (claim.statusCode === '22') return undefined;
  const all = [...claim.adjustments, ...claim.lines.flatMap((l) => l.adjustments)];
  const denying = all.filter(
    (a) => a.amountCents > 0 && a.group !== 'PR' && !CONTRACTUAL_CARCS.has(a.reason),
  );
  const patient = all.filter((a) => a.group === 'PR');
  const liability = patient
    .filter((a) => PATIENT_LIABILITY_CARCS.has(a.reason))
    .reduce((sum, a) => sum + a.amountCents, 0);
  const patientCodes = patient.filter((a) => a.amountCents > 0).map((a) => `PR-${a.reason}`);
  const rarcCodes = unique([...claim.remarks, ...claim.lines.flatMap((l) => l.remarks)].map((r) => r.code));
  if (denying.length === 0 && claim.statusCode !== '4') {
    if (liability <= 0) return undefined;
    return {
      kind: 'patient_liability',
      carcCodes: unique(patientCodes),
      rarcCodes,
      deniedAmountCents: liability,
    };
  }
  const basis = denying.length > 0 ? denying : all.filter((a) => a.group !== 'PR');
  const carcCodes = unique([...basis.map((a) => `${a.group}-${a.reason}`), ...patientCodes]);
  const deniedAmountCents =
    denying.length > 0
      ? denying.reduce((sum, a) => sum + a.amountCents, 0)
      : claim.chargeCents - claim.paidCents - patient.reduce((sum, a) => sum + a.amountCents, 0);
  return { kind: 'denial', carcCodes, rarcCodes, deniedAmountCents };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

const GROUPS = ['PR', 'PR', 'CO', 'CO', 'OA', 'PI', 'CR'];
// Contractual, patient-liability and denying reasons, with repeats likely within a claim.
const REASONS = [
  '45',
  '45',
  '45',
  '42',
  '131',
  'A2',
  '253',
  '23',
  '94',
  '1',
  '1',
  '2',
  '2',
  '3',
  '16',
  '18',
  '29',
  '97',
];
const STATUSES = ['1', '1', '2', '3', '4', '19', '22'];
const REMARKS = ['N290', 'M15', 'MA130', 'N382'];

/** Claim payments with every mix the rule tells apart: zero, negative and positive amounts included. */
function generated(count: number, seed: number): RemitClaim[] {
  const random = new Random(seed);
  const next = () => random.next();
  const pick = <T>(list: readonly T[]): T => random.pick(list);
  const adjustments = (): Adjustment[] =>
    Array.from({ length: Math.floor(next() * 4) }, () => ({
      group: pick(GROUPS),
      reason: pick(REASONS),
      amountCents: Math.floor(next() * 5_000) - (next() < 0.15 ? 5_000 : 0),
      quantity: undefined,
    }));
  const remarks = (): Remark[] =>
    Array.from({ length: Math.floor(next() * 3) }, () => ({ source: 'LQ' as const, code: pick(REMARKS) }));
  return Array.from({ length: count }, (_, i) => {
    const chargeCents = 10_000 + Math.floor(next() * 90_000);
    return {
      patientControlNumber: `ACCT-${i}`,
      statusCode: pick(STATUSES),
      chargeCents,
      paidCents: Math.floor(next() * chargeCents),
      adjustments: adjustments(),
      remarks: remarks(),
      lines: Array.from({ length: Math.floor(next() * 4) }, () => ({
        adjustments: adjustments(),
        remarks: remarks(),
      })),
    } as unknown as RemitClaim;
  });
}

const PUBLIC_835 = new URL('../../../shared/data/public/x12-835/', import.meta.url);

void describe('findDenial', () => {
  void it('agrees with the rule as written on 20,000 generated claim payments', () => {
    const claims = generated(20_000, 835);
    const kinds = new Map<string, number>();
    for (const claim of claims) {
      const found = findDenial(claim);
      assert.deepEqual(found, byTheRule(claim), claim.patientControlNumber);
      const kind = found?.kind ?? 'none';
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    // The generator reaches every outcome, often.
    for (const kind of ['denial', 'patient_liability', 'none'])
      assert.ok((kinds.get(kind) ?? 0) > 500, `${kind}: ${kinds.get(kind)}`);
  });

  void it('agrees with the rule on every claim payment of the public 835 samples', () => {
    let compared = 0;
    for (const name of readdirSync(PUBLIC_835)) {
      if (name.endsWith('.md')) continue;
      const doc = readText(readFileSync(new URL(name, PUBLIC_835), 'latin1'), name);
      for (const remittance of remittances(doc))
        for (const claim of remittance.claims) {
          assert.deepEqual(findDenial(claim), byTheRule(claim), `${name} ${claim.patientControlNumber}`);
          compared++;
        }
    }
    assert.ok(compared >= 30, `${compared} claim payments compared`);
  });

  void it('names a denial by its denying codes, then the patient share, each once', () => {
    const claim = {
      statusCode: '1',
      chargeCents: 10_000,
      paidCents: 2_000,
      adjustments: [
        { group: 'CO', reason: '45', amountCents: 1_000 },
        { group: 'PR', reason: '2', amountCents: 500 },
      ],
      remarks: [{ source: 'MOA', code: 'MA130' }],
      lines: [
        {
          adjustments: [
            { group: 'CO', reason: '16', amountCents: 3_000 },
            { group: 'CO', reason: '16', amountCents: 1_500 },
            { group: 'PR', reason: '2', amountCents: 200 },
          ],
          remarks: [
            { source: 'LQ', code: 'N290' },
            { source: 'LQ', code: 'MA130' },
          ],
        },
      ],
    } as unknown as RemitClaim;
    assert.deepEqual(findDenial(claim), {
      kind: 'denial',
      carcCodes: ['CO-16', 'PR-2'],
      rarcCodes: ['MA130', 'N290'],
      deniedAmountCents: 4_500,
    });
  });
});
