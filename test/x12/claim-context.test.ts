import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { contextSnapshot, contextSnapshotJson, resolvedContext } from '../../src/ingest/x12/claim-context.js';
import { credentialOfTaxonomy } from '../../src/x12/claims/credential.js';
import type { ClaimType, ReadClaim } from '../../src/x12/claims/model.js';
import { readX12File } from '../../src/x12/read.js';

const PUBLIC_837 = '../shared/data/public/x12-837';
const FIXTURES = 'test/x12/fixtures';

/** The snapshot as ingest stored it before the compact form: every value and every source. */
function fullSnapshot(claim: ReadClaim): Record<string, unknown> {
  const loops: Record<ClaimType, { rendering: string; attending: string; facility: string }> = {
    professional: { rendering: '2310B', attending: '2310B', facility: '2310C' },
    dental: { rendering: '2310B', attending: '2310B', facility: '2310C' },
    institutional: { rendering: '2310D', attending: '2310A', facility: '2310E' },
  };
  const snapshot: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  const put = (key: string, value: string | undefined, source: string) => {
    if (value === undefined || value === '') return;
    snapshot[key] = value;
    sources[key] = source;
  };
  const l = loops[claim.claimType];
  put('payer_id', claim.payer.id, '837 2010BB NM109');
  put('payer_name', claim.payer.name, '837 2010BB NM103');
  put('payer_responsibility', claim.payerResponsibility, '837 2000B SBR01');
  put('billing_npi', claim.billingProvider.npi, '837 2010AA NM109');
  put('billing_provider_name', claim.billingProvider.name, '837 2010AA NM103');
  put('billing_taxonomy', claim.billingTaxonomy, '837 2000A PRV03');
  const r = claim.rendering;
  const loop = r?.entity === '71' ? l.attending : l.rendering;
  put('rendering_npi', r?.npi, `837 ${loop} NM109`);
  put('rendering_taxonomy', r?.taxonomy, `837 ${loop} PRV03`);
  if (r?.credential) put('rendering_credential', r.credential, `837 ${loop} NM107`);
  else put('rendering_credential', credentialOfTaxonomy(r?.taxonomy), `837 ${loop} PRV03 (taxonomy)`);
  put('service_facility_npi', claim.serviceFacility?.npi, `837 ${l.facility} NM109`);
  if (claim.serviceFacility?.state)
    put('facility_address_state', claim.serviceFacility.state, `837 ${l.facility} N402`);
  else put('facility_address_state', claim.billingProvider.address?.state, '837 2010AA N402');
  snapshot.sources = sources;
  return snapshot;
}

/** The claim columns posting writes beside the snapshot. */
function columns(c: ReadClaim) {
  return {
    payer_id: c.payer.id ?? null,
    payer_name: c.payer.name ?? null,
    billing_npi: c.billingProvider.npi ?? null,
    rendering_npi: c.renderingProvider?.npi ?? null,
  };
}

function claim(over: Partial<ReadClaim> & { claimType: ClaimType }): ReadClaim {
  return {
    patientControlNumber: 'A1',
    chargeCents: 100,
    facilityCode: '11',
    facilityQualifier: 'B',
    frequencyCode: '1',
    payerClaimControlNumber: undefined,
    priorAuthorization: undefined,
    diagnoses: [],
    billingProvider: { name: 'CLINIC', npi: '1234567893', address: { state: 'NY' }, taxId: undefined },
    renderingProvider: undefined,
    payer: { name: 'PAYER', id: 'P1' },
    filingIndicator: undefined,
    subscriber: { lastName: undefined, firstName: undefined, id: undefined, birthDate: undefined },
    patient: undefined,
    serviceDateFrom: undefined,
    serviceDateTo: undefined,
    lines: [],
    position: 1,
    payerResponsibility: 'P',
    otherPayers: [],
    billingTaxonomy: undefined,
    rendering: undefined,
    serviceFacility: undefined,
    ...over,
  } as ReadClaim;
}

describe('claim context snapshot', () => {
  void it('stores only what the claim columns and the guide do not say, and gives back every value and source', () => {
    const c = claim({
      claimType: 'professional',
      rendering: {
        entity: '82',
        name: 'DOC',
        npi: '1100000000',
        taxonomy: '363LF0000X',
        credential: undefined,
      },
      renderingProvider: { name: 'DOC', npi: '1100000000' },
      serviceFacility: { name: 'SITE', npi: '1111111112', state: 'CA' },
    });
    assert.deepEqual(contextSnapshot(c), {
      payer_responsibility: 'P',
      billing_provider_name: 'CLINIC',
      rendering_taxonomy: '363LF0000X',
      rendering_credential: 'NP',
      service_facility_npi: '1111111112',
      facility_address_state: 'CA',
      sources_default: '837P',
    });
    assert.deepEqual(resolvedContext(contextSnapshot(c), columns(c)), fullSnapshot(c));
  });

  void it('names the sources that differ from the guide: NM107, the billing state, the attending loop', () => {
    const c = claim({
      claimType: 'institutional',
      rendering: { entity: '71', name: 'DOC', npi: '1100000000', taxonomy: '207Q00000X', credential: 'MD' },
      renderingProvider: { name: 'DOC', npi: '1100000000' },
    });
    assert.deepEqual(contextSnapshot(c), {
      payer_responsibility: 'P',
      billing_provider_name: 'CLINIC',
      rendering_taxonomy: '207Q00000X',
      rendering_credential: 'MD',
      facility_address_state: 'NY',
      sources_default: '837I',
      sources: {
        rendering_npi: '837 2310A NM109',
        rendering_taxonomy: '837 2310A PRV03',
        rendering_credential: '837 2310A NM107',
        facility_address_state: '837 2010AA N402',
      },
    });
    assert.deepEqual(resolvedContext(contextSnapshot(c), columns(c)), fullSnapshot(c));
  });

  void it('writes valid JSON whatever the names hold', () => {
    const name = 'O"BRIEN \\ SONS\u0001\u2028';
    const c = claim({
      claimType: 'dental',
      billingProvider: { name, npi: undefined, address: undefined, taxId: undefined },
    });
    assert.equal((JSON.parse(contextSnapshotJson(c)) as Record<string, unknown>).billing_provider_name, name);
    assert.deepEqual(resolvedContext(contextSnapshot(c), columns(c)), fullSnapshot(c));
  });

  void it('returns a snapshot not written by an 837 ingest as stored', () => {
    const old = { payer_id: 'X', rendering_credential: 'MD', sources: { payer_id: '837 2010BB NM109' } };
    assert.deepEqual(resolvedContext(old, { payer_id: 'Y' }), old);
    assert.deepEqual(resolvedContext({ rendering_credential: 'OD' }, { payer_id: 'Y' }), {
      rendering_credential: 'OD',
    });
    assert.deepEqual(resolvedContext(null, {}), {});
  });

  void it('gives back what ingest stored before, claim by claim, for every public 837', async () => {
    const dirs = [PUBLIC_837, FIXTURES].filter((d) => existsSync(d));
    let claims = 0;
    for (const dir of dirs) {
      for (const name of readdirSync(dir)) {
        const read: ReadClaim[] = [];
        try {
          await readX12File(join(dir, name), { claim: (c) => read.push(c) }, { strict: 'reject' });
        } catch {
          continue; // not an 837 this reader takes
        }
        for (const c of read) {
          assert.deepEqual(resolvedContext(contextSnapshot(c), columns(c)), fullSnapshot(c), name);
          claims++;
        }
      }
    }
    assert.ok(claims >= 10, `${claims} claims`);
  });
});
