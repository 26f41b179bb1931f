import { credentialOfTaxonomy } from '../../x12/claims/credential.js';
import type { ClaimType, ReadClaim } from '../../x12/claims/model.js';

/** Loop ids of the claim-level providers, which differ between the three 837 guides. */
const LOOPS: Record<ClaimType, { rendering: string; attending: string; facility: string }> = {
  professional: { rendering: '2310B', attending: '2310B', facility: '2310C' },
  dental: { rendering: '2310B', attending: '2310B', facility: '2310C' },
  institutional: { rendering: '2310D', attending: '2310A', facility: '2310E' },
};

/**
 * A claim's resolved context as its 837 states it: what CO-4's rules trigger on
 * (`rendering_credential`, `facility_address_state`, `payer_id`) and what describes the parties,
 * with `sources` naming the loop and element each value came from. A value the 837 does not give
 * is left out, never guessed; the providers reference file can fill the credential later.
 */
export function contextSnapshot(claim: ReadClaim): Record<string, unknown> {
  const snapshot: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  const put = (key: string, value: string | undefined, source: string) => {
    if (value === undefined || value === '') return;
    snapshot[key] = value;
    sources[key] = source;
  };
  const loops = LOOPS[claim.claimType];
  put('payer_id', claim.payer.id, '837 2010BB NM109');
  put('payer_name', claim.payer.name, '837 2010BB NM103');
  put('payer_responsibility', claim.payerResponsibility, '837 2000B SBR01');
  put('billing_npi', claim.billingProvider.npi, '837 2010AA NM109');
  put('billing_provider_name', claim.billingProvider.name, '837 2010AA NM103');
  put('billing_taxonomy', claim.billingTaxonomy, '837 2000A PRV03');
  const rendering = claim.rendering;
  // 837I names the attending physician (2310A, NM1*71) where 837P names the rendering one.
  const loop = rendering?.entity === '71' ? loops.attending : loops.rendering;
  put('rendering_npi', rendering?.npi, `837 ${loop} NM109`);
  put('rendering_taxonomy', rendering?.taxonomy, `837 ${loop} PRV03`);
  if (rendering?.credential) put('rendering_credential', rendering.credential, `837 ${loop} NM107`);
  else put('rendering_credential', credentialOfTaxonomy(rendering?.taxonomy), `837 ${loop} PRV03 (taxonomy)`);
  const facility = claim.serviceFacility;
  put('service_facility_npi', facility?.npi, `837 ${loops.facility} NM109`);
  if (facility?.state) put('facility_address_state', facility.state, `837 ${loops.facility} N402`);
  else put('facility_address_state', claim.billingProvider.address?.state, '837 2010AA N402');
  snapshot.sources = sources;
  return snapshot;
}
