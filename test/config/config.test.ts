import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/config.js';
import { ReclaimError } from '../../src/errors.js';
import { reclaimBin } from '../support/cli.js';

/** The message of the CONFIG_INVALID error `env` raises. */
function problem(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ReclaimError);
    assert.equal(error.code, 'CONFIG_INVALID');
    return error.message;
  }
  assert.fail('no error');
}

void describe('configuration from the environment', () => {
  void it('has a default for everything optional; an empty variable counts as unset', () => {
    const config = loadConfig({ RECLAIM_TENANT: '', LOG_LEVEL: '' });
    assert.deepEqual(config, {
      databaseUrl: undefined,
      home: resolve('.reclaim'),
      tenant: 'default',
      logLevel: 'warn',
      natsUrl: undefined,
      classifierThreshold: 0.8,
      jwt: { secret: undefined, jwksUrl: undefined, issuer: undefined, audience: undefined },
      lockWaitSeconds: 60,
    });
    assert.ok(Object.isFrozen(config) && Object.isFrozen(config.jwt));
  });

  void it('reads every variable it knows', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://app@db.example:5432/reclaim',
      RECLAIM_HOME: '/var/lib/reclaim',
      RECLAIM_TENANT: 'clinic-2',
      LOG_LEVEL: 'debug',
      NATS_URL: 'nats://127.0.0.1:4222',
      RECLAIM_CLASSIFIER_THRESHOLD: '0.65',
      RECLAIM_JWT_SECRET: 's'.repeat(32),
      RECLAIM_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
      RECLAIM_JWT_ISSUER: 'https://idp.example/',
      RECLAIM_JWT_AUDIENCE: 'reclaim',
      RECLAIM_LOCK_WAIT_SECONDS: '0',
    });
    assert.deepEqual(config, {
      databaseUrl: 'postgres://app@db.example:5432/reclaim',
      home: '/var/lib/reclaim',
      tenant: 'clinic-2',
      logLevel: 'debug',
      natsUrl: 'nats://127.0.0.1:4222',
      classifierThreshold: 0.65,
      jwt: {
        secret: 's'.repeat(32),
        jwksUrl: 'https://idp.example/.well-known/jwks.json',
        issuer: 'https://idp.example/',
        audience: 'reclaim',
      },
      lockWaitSeconds: 0,
    });
  });

  void it('reads a URL as its parser does: spaces around it, a tab or line break inside, dropped', () => {
    const config = loadConfig({
      DATABASE_URL: ' postgres://app@db.example:5432/reclaim\n',
      RECLAIM_JWKS_URL: '\thttps://idp.example/.well-\nknown/jwks.json ',
    });
    assert.equal(config.databaseUrl, 'postgres://app@db.example:5432/reclaim');
    assert.equal(config.jwt.jwksUrl, 'https://idp.example/.well-known/jwks.json');
  });

  void it('names each variable that is wrong and what it should be, all in one message', () => {
    const cases: [NodeJS.ProcessEnv, string][] = [
      [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL: not a URL'],
      [{ RECLAIM_JWKS_URL: '://' }, 'RECLAIM_JWKS_URL: not a URL'],
      [{ RECLAIM_TENANT: 'Clinic A' }, 'RECLAIM_TENANT: lower-case letters, digits, _ or -'],
      [{ RECLAIM_TENANT: '-x' }, 'RECLAIM_TENANT: lower-case letters, digits, _ or -'],
      [{ RECLAIM_TENANT: 'a'.repeat(64) }, 'RECLAIM_TENANT: lower-case letters, digits, _ or -'],
      [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL: one of fatal, error, warn, info, debug, trace, silent'],
      [{ RECLAIM_CLASSIFIER_THRESHOLD: 'high' }, 'RECLAIM_CLASSIFIER_THRESHOLD: not a number'],
      [{ RECLAIM_CLASSIFIER_THRESHOLD: '1.5' }, 'RECLAIM_CLASSIFIER_THRESHOLD: not between 0 and 1'],
      [{ RECLAIM_LOCK_WAIT_SECONDS: '2.5' }, 'RECLAIM_LOCK_WAIT_SECONDS: not a whole number'],
      [{ RECLAIM_LOCK_WAIT_SECONDS: '-1' }, 'RECLAIM_LOCK_WAIT_SECONDS: not between 0 and 86400'],
      [{ RECLAIM_LOCK_WAIT_SECONDS: ' ' }, 'RECLAIM_LOCK_WAIT_SECONDS: not a number'],
    ];
    for (const [env, expected] of cases) assert.equal(problem(env), `invalid configuration: ${expected}`);
    assert.equal(
      problem({ LOG_LEVEL: 'loud', RECLAIM_TENANT: 'A' }),
      'invalid configuration: RECLAIM_TENANT: lower-case letters, digits, _ or -; LOG_LEVEL: one of fatal, error, warn, info, debug, trace, silent',
    );
  });

  void it('never repeats a value back: a secret may be among them', () => {
    const secret = 'hunter2-but-too-short';
    const message = problem({ RECLAIM_JWT_SECRET: secret, DATABASE_URL: `postgres//${secret}` });
    assert.equal(
      message,
      'invalid configuration: DATABASE_URL: not a URL; RECLAIM_JWT_SECRET: at least 32 characters',
    );
    assert.ok(!message.includes(secret));
  });

  void it('the CLI says so in one line with exit 3; a bad --tenant is one line with exit 2', async () => {
    const bad = await reclaimBin(['migrate'], { LOG_LEVEL: 'loud' });
    assert.equal(bad.code, 3);
    assert.equal(bad.out, '');
    assert.equal(
      bad.err,
      'reclaim: invalid configuration: LOG_LEVEL: one of fatal, error, warn, info, debug, trace, silent\n',
    );
    const tenant = await reclaimBin(['stats', '--tenant', 'Not Valid'], {
      RECLAIM_HOME: '/nonexistent/never-opened',
    });
    assert.equal(tenant.code, 2);
    assert.equal(tenant.out, '');
    assert.equal(tenant.err, 'reclaim: --tenant: lower-case letters, digits, _ or -\n');
  });
});
