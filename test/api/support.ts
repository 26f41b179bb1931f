import { generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { buildApp, type App } from '../../src/api/app.js';
import { signToken } from '../../src/api/auth/sign.js';
import { hs256Verifier } from '../../src/api/auth/verifier.js';
import { SCOPES, type Scope } from '../../src/api/schemas/common.js';
import { loadConfig } from '../../src/config/config.js';
import type { Engine } from '../../src/db/db.js';
import { freshDb, type TestDb } from '../support/databases.js';

export const SECRET = 'test-secret-that-is-long-enough-0123456789';
export const ALL_SCOPES: readonly Scope[] = SCOPES;

export interface TestApi {
  readonly app: App;
  readonly db: TestDb;
  /** A valid HS256 token for the default tenant with the given scopes (all by default). */
  tokenWith(opts?: {
    scopes?: readonly Scope[];
    tenant?: string;
    subject?: string;
    ttlSeconds?: number;
  }): Promise<string>;
  close(): Promise<void>;
}

/** An app over a fresh database of `engine`, with dev routes on (the dev secret is SECRET). */
export async function anApi(
  engine: Engine,
  options: { dev?: boolean; runJobs?: boolean } = {},
): Promise<TestApi> {
  const db = await freshDb(engine);
  const app = await buildApp({
    db,
    config: loadConfig({}),
    auth: { verifier: hs256Verifier(SECRET), ...(options.dev ? { devSecret: SECRET } : {}) },
    runJobs: options.runJobs ?? true,
  });
  return {
    app,
    db,
    tokenWith: (o = {}) =>
      signToken(SECRET, {
        tenant: o.tenant ?? 'default',
        scopes: o.scopes ?? ALL_SCOPES,
        subject: o.subject ?? 'tester',
        ttlSeconds: o.ttlSeconds ?? 300,
      }),
    async close() {
      await app.close();
      await db.dispose();
    },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Tokens that must all be refused with 401. */
export async function badTokens(): Promise<Record<string, string>> {
  const claims: JWTPayload = { tenant: 'default', scope: SCOPES.join(' '), sub: 'mallory' };
  const now = Math.floor(Date.now() / 1000);
  const expired = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(now - 7200)
    .setExpirationTime(now - 3600)
    .sign(new TextEncoder().encode(SECRET));
  const wrongKey = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime(now + 300)
    .sign(new TextEncoder().encode('another-secret-that-is-long-enough-9876543210'));
  const { privateKey } = await generateKeyPair('RS256');
  const wrongAlg = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256' })
    .setExpirationTime(now + 300)
    .sign(privateKey);
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const algNone = `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...claims, exp: now + 300 })}.`;
  const noExp = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(SECRET));
  const unknownTenant = await signToken(SECRET, {
    tenant: 'ghost',
    scopes: [...SCOPES],
    subject: 'x',
    ttlSeconds: 300,
  });
  return { expired, wrongKey, wrongAlg, algNone, noExp, unknownTenant, garbage: 'not.a.token' };
}
