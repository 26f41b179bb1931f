import { credentialOfTaxonomy } from '../../x12/claims/credential.js';
import type { ClaimType, ReadClaim } from '../../x12/claims/model.js';

/** Loop ids of the claim-level providers, which differ between the three 837 guides. */
const LOOPS: Record<ClaimType, { rendering: string; attending: string; facility: string }> = {
  professional: { rendering: '2310B', attending: '2310B', facility: '2310C' },
  dental: { rendering: '2310B', attending: '2310B', facility: '2310C' },
  institutional: { rendering: '2310D', attending: '2310A', facility: '2310E' },
};

/** The guide each claim type is read from, as `sources_default` names it. */
const GUIDES: Record<ClaimType, string> = { professional: '837P', institutional: '837I', dental: '837D' };
const TYPE_OF_GUIDE: Readonly<Record<string, ClaimType>> = {
  '837P': 'professional',
  '837I': 'institutional',
  '837D': 'dental',
};

/**
 * Where each snapshot key comes from when nothing else is recorded: the loop and element an 837 of
 * that guide gives it in. The rendering provider's credential defaults to the one its PRV03 taxonomy
 * implies (NM107 rarely holds one); the facility's state to the service facility's N402.
 */
function defaultSources(type: ClaimType): Readonly<Record<string, string>> {
  const loops = LOOPS[type];
  return {
    payer_id: '837 2010BB NM109',
    payer_name: '837 2010BB NM103',
    payer_responsibility: '837 2000B SBR01',
    billing_npi: '837 2010AA NM109',
    billing_provider_name: '837 2010AA NM103',
    billing_taxonomy: '837 2000A PRV03',
    rendering_npi: `837 ${loops.rendering} NM109`,
    rendering_taxonomy: `837 ${loops.rendering} PRV03`,
    rendering_credential: `837 ${loops.rendering} PRV03 (taxonomy)`,
    service_facility_npi: `837 ${loops.facility} NM109`,
    facility_address_state: `837 ${loops.facility} N402`,
  };
}
const DEFAULT_SOURCES: Record<ClaimType, Readonly<Record<string, string>>> = {
  professional: defaultSources('professional'),
  institutional: defaultSources('institutional'),
  dental: defaultSources('dental'),
};

/**
 * Snapshot keys that are also columns of `billing.claim` with the same value: the stored snapshot
 * leaves them out and `resolvedContext` takes them from the columns.
 */
export const CONTEXT_COLUMNS = ['payer_id', 'payer_name', 'billing_npi', 'rendering_npi'] as const;
type ContextColumn = (typeof CONTEXT_COLUMNS)[number];
const IS_COLUMN: ReadonlySet<string> = new Set(CONTEXT_COLUMNS);

/** A JSON string literal: the value itself quoted, unless it holds a character JSON escapes. */
const JSON_SPECIAL = /["\\\u0000-\u001f\u2028\u2029]/;
function jsonString(value: string): string {
  return JSON_SPECIAL.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/**
 * A claim's resolved context as its 837 states it, as JSON text for `resolved_context_snapshot`:
 * what CO-4's rules trigger on (`rendering_credential`, `facility_address_state`, `payer_id`) and
 * what describes the parties, with where each value came from. A value the 837 does not give is
 * left out, never guessed; the providers reference file can fill the credential later.
 *
 * Stored compactly (one is written per claim, and a large file has tens of thousands): the values
 * that are also claim columns (`CONTEXT_COLUMNS`) are left out, `sources_default` names the guide
 * (`837P`, `837I`, `837D`) whose usual loop and element each value came from, and `sources` names
 * only the values that came from elsewhere (a credential from NM107, the billing provider's state,
 * the attending physician of an 837I). `resolvedContext` gives the full snapshot back.
 */
export function contextSnapshotJson(claim: ReadClaim): string {
  const defaults = DEFAULT_SOURCES[claim.claimType];
  let values = '';
  let sources = '';
  const put = (key: string, value: string | undefined, source: string) => {
    if (value === undefined || value === '') return;
    if (!IS_COLUMN.has(key)) values += `"${key}":${jsonString(value)},`;
    if (source !== defaults[key]) sources += `${sources === '' ? '' : ','}"${key}":"${source}"`;
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
  const guide = `"sources_default":"${GUIDES[claim.claimType]}"`;
  return sources === '' ? `{${values}${guide}}` : `{${values}${guide},"sources":{${sources}}}`;
}

/** The stored snapshot of `contextSnapshotJson` as an object. */
export function contextSnapshot(claim: ReadClaim): Record<string, unknown> {
  return JSON.parse(contextSnapshotJson(claim)) as Record<string, unknown>;
}

/** The claim columns `resolvedContext` reads beside the stored snapshot. */
export type ContextClaimColumns = { readonly [K in ContextColumn]?: string | null };

/**
 * A claim's full context snapshot from what is stored: every value, and in `sources` where each
 * came from. A snapshot stored compactly by an 837 ingest (it has `sources_default`) gets back the
 * values kept in the claim's columns and the source of every value; any other snapshot (written
 * before the compact form, by a correction or by hand) is returned as stored.
 */
export function resolvedContext(
  stored: Readonly<Record<string, unknown>> | null | undefined,
  columns: ContextClaimColumns,
): Record<string, unknown> {
  const snapshot = stored ?? {};
  const guide = snapshot.sources_default;
  const type = typeof guide === 'string' ? TYPE_OF_GUIDE[guide] : undefined;
  if (type === undefined) return { ...snapshot };
  const defaults = DEFAULT_SOURCES[type];
  const recorded =
    typeof snapshot.sources === 'object' && snapshot.sources !== null
      ? (snapshot.sources as Record<string, unknown>)
      : {};
  const out: Record<string, unknown> = {};
  for (const key of CONTEXT_COLUMNS) {
    const value = columns[key];
    if (typeof value === 'string' && value !== '') out[key] = value;
  }
  for (const [key, value] of Object.entries(snapshot)) {
    if (key !== 'sources' && key !== 'sources_default') out[key] = value;
  }
  const sources: Record<string, unknown> = {};
  for (const key of Object.keys(out)) {
    const source = recorded[key] ?? defaults[key];
    if (source !== undefined) sources[key] = source;
  }
  out.sources = sources;
  return out;
}
