import { SignJWT } from 'jose';

export interface TokenRequest {
  readonly tenant: string;
  readonly scopes: readonly string[];
  readonly subject: string;
  readonly ttlSeconds: number;
  readonly issuer?: string | undefined;
  readonly audience?: string | undefined;
}

/** An HS256 token with the claims the API reads (`reclaim token`, `serve --dev`). */
export async function signToken(secret: string, request: TokenRequest): Promise<string> {
  const jwt = new SignJWT({ tenant: request.tenant, scope: request.scopes.join(' ') })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.subject)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + request.ttlSeconds);
  if (request.issuer) jwt.setIssuer(request.issuer);
  if (request.audience) jwt.setAudience(request.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
