import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { hs256Verifier } from '../../src/api/auth/verifier.js';
import { signToken } from '../../src/api/auth/sign.js';
import { SECRET } from './support.js';

const key = new TextEncoder().encode(SECRET);

void describe('verified-token cache', () => {
  void it('remembers a verified token, yet refuses a token that differs from it in one byte', async () => {
    const verifier = hs256Verifier(SECRET);
    const token = await signToken(SECRET, {
      tenant: 'default',
      scopes: ['denials.read'],
      subject: 'ana',
      ttlSeconds: 300,
    });
    const first = await verifier.verify(token);
    assert.equal(await verifier.verify(token), first, 'the second check is answered from the cache');
    const signature = token.slice(token.lastIndexOf('.') + 1);
    const flipped = signature[5] === 'A' ? 'B' : 'A';
    const tampered = `${token.slice(0, token.lastIndexOf('.') + 1)}${signature.slice(0, 5)}${flipped}${signature.slice(6)}`;
    await assert.rejects(verifier.verify(tampered), { code: 'UNAUTHENTICATED' });
    // The claims part re-signed with another scope is another token: checked, not served from the cache.
    const other = await signToken(SECRET, {
      tenant: 'default',
      scopes: ['denials.update'],
      subject: 'ana',
      ttlSeconds: 300,
    });
    assert.deepEqual([...(await verifier.verify(other)).scopes], ['denials.update']);
  });

  void it('does not serve a cached token past its exp: it is checked again (and refused once past the skew)', async () => {
    const verifier = hs256Verifier(SECRET);
    const now = Math.floor(Date.now() / 1000);
    // exp 40 s ago is past the 30 s skew allowance: refused, and never cached.
    const stale = await new SignJWT({ tenant: 'default', scope: 'denials.read', sub: 'ana' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(now - 40)
      .sign(key);
    await assert.rejects(verifier.verify(stale), { code: 'UNAUTHENTICATED' });
    await assert.rejects(verifier.verify(stale), { code: 'UNAUTHENTICATED' });
    // exp 10 s ago is inside the skew: accepted by the signature check, but never answered from
    // the cache (a fresh object each time), since the cache holds a token only until its exp.
    const late = await new SignJWT({ tenant: 'default', scope: 'denials.read', sub: 'ana' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(now - 10)
      .sign(key);
    const a = await verifier.verify(late);
    const b = await verifier.verify(late);
    assert.notEqual(a, b);
  });
});
