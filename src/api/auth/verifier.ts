import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { JwtConfig } from '../../config/config.js';
import { ReclaimError } from '../../errors.js';
import type { Principal } from './principal.js';

/** Turns a bearer token into a principal, or throws UNAUTHENTICATED. */
export interface Verifier {
  verify(token: string): Promise<Principal>;
}

/** Tokens from a little in the future (clock skew between issuer and us) are still accepted. */
const CLOCK_SKEW_SECONDS = 30;

/**
 * Verified tokens are remembered until their `exp` (without the skew allowance), so a client
 * sending the same token on every request pays for one signature check, not one per request
 * (WebCrypto's key import and HMAC were a sixth of a detail request's CPU). The key is the whole
 * token, so only a byte-identical token hits; the map is emptied when it reaches this size.
 */
const VERIFIED_CACHE_SIZE = 10_000;

/**
 * The verifier configuration asks for: an HS256 secret, or a JWKS URL (RS256/ES256). The
 * algorithm list is pinned, so `alg: none` and a key of the other kind are refused; `exp` is
 * required. Configuring neither or both is a start-up error.
 */
export function verifierFor(jwt: JwtConfig): Verifier {
  if (jwt.secret && jwt.jwksUrl)
    throw new ReclaimError('CONFIG_INVALID', 'set RECLAIM_JWT_SECRET or RECLAIM_JWKS_URL, not both');
  if (jwt.secret) return hs256Verifier(jwt.secret, jwt);
  if (jwt.jwksUrl) {
    const keys = createRemoteJWKSet(new URL(jwt.jwksUrl));
    return verifierWith(keys, ['RS256', 'ES256'], jwt);
  }
  throw new ReclaimError(
    'CONFIG_INVALID',
    'no token key: set RECLAIM_JWT_SECRET (HS256) or RECLAIM_JWKS_URL, or start with --dev',
  );
}

export function hs256Verifier(
  secret: string,
  jwt: Pick<JwtConfig, 'issuer' | 'audience'> = {} as JwtConfig,
): Verifier {
  return verifierWith(new TextEncoder().encode(secret), ['HS256'], jwt);
}

function verifierWith(
  key: Uint8Array | JWTVerifyGetKey,
  algorithms: string[],
  jwt: Pick<JwtConfig, 'issuer' | 'audience'>,
): Verifier {
  const verified = new Map<string, Principal>();
  return {
    async verify(token) {
      const known = verified.get(token);
      if (known && known.expiresAt > Date.now() / 1000) return known;
      const principal = await verifyOnce(token);
      if (verified.size >= VERIFIED_CACHE_SIZE) verified.clear();
      verified.set(token, principal);
      return principal;
    },
  };

  async function verifyOnce(token: string): Promise<Principal> {
    try {
      const options = {
        algorithms,
        clockTolerance: CLOCK_SKEW_SECONDS,
        requiredClaims: ['exp', 'sub', 'tenant'],
        ...(jwt.issuer ? { issuer: jwt.issuer } : {}),
        ...(jwt.audience ? { audience: jwt.audience } : {}),
      };
      const { payload } =
        typeof key === 'function'
          ? await jwtVerify(token, key, options)
          : await jwtVerify(token, key, options);
      const tenant = payload.tenant;
      const scope = payload.scope ?? '';
      if (typeof tenant !== 'string' || typeof scope !== 'string' || typeof payload.sub !== 'string')
        throw new ReclaimError('UNAUTHENTICATED', 'token claims tenant, scope and sub must be strings');
      return {
        tenant,
        subject: payload.sub,
        scopes: new Set(scope.split(/\s+/).filter(Boolean)),
        expiresAt: payload.exp!,
      };
    } catch (error) {
      if (error instanceof ReclaimError) throw error;
      throw new ReclaimError('UNAUTHENTICATED', `invalid token: ${reasonOf(error)}`, {}, { cause: error });
    }
  }
}

/** A short reason naming what was wrong with the token, never its contents. */
function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature does not verify';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim ${error.claim} ${error.reason}`;
  if (error instanceof errors.JOSEError) return error.code;
  return 'malformed';
}
