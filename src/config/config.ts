import { resolve } from 'node:path';
import { ReclaimError } from '../errors.js';
import { TENANT_ID_PATTERN, TENANT_ID_RULE } from '../tenant/tenant-id.js';

// Checked by hand, not by a schema library: every command reads its configuration before it does
// anything else, and loading one cost each of them about a tenth of a second of start-up.

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

/** The variables read, each with its check: undefined when the value is fine, else what is wrong. */
const CHECKS = {
  DATABASE_URL: url,
  RECLAIM_HOME: () => undefined,
  RECLAIM_TENANT: (v: string) => (TENANT_ID_PATTERN.test(v) ? undefined : TENANT_ID_RULE),
  LOG_LEVEL: (v: string) =>
    (LOG_LEVELS as readonly string[]).includes(v) ? undefined : `one of ${LOG_LEVELS.join(', ')}`,
  NATS_URL: () => undefined,
  RECLAIM_CLASSIFIER_THRESHOLD: (v: string) => numberIn(v, 0, 1, false),
  RECLAIM_JWT_SECRET: (v: string) => (v.length >= 32 ? undefined : 'at least 32 characters'),
  RECLAIM_JWKS_URL: url,
  RECLAIM_JWT_ISSUER: () => undefined,
  RECLAIM_JWT_AUDIENCE: () => undefined,
  RECLAIM_LOCK_WAIT_SECONDS: (v: string) => numberIn(v, 0, 86_400, true),
} satisfies Record<string, (value: string) => string | undefined>;

type Variable = keyof typeof CHECKS;

function url(value: string): string | undefined {
  return URL.canParse(asUrl(value)) ? undefined : 'not a URL';
}

/**
 * A URL as its parser reads it: without the spaces around it or a tab or line break inside (a
 * value pasted from a file or a secret store). The database driver takes the text as it is given.
 */
function asUrl(value: string): string {
  return value.replace(/[\t\n\r]/g, '').trim();
}

/** A decimal number within [min, max] (a whole one where `whole`). */
function numberIn(value: string, min: number, max: number, whole: boolean): string | undefined {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) return 'not a number';
  if (whole && !Number.isInteger(n)) return 'not a whole number';
  if (n < min || n > max) return `not between ${min} and ${max}`;
  return undefined;
}

/** Configuration, loaded once from the environment, validated and frozen. */
export interface Config {
  /** A PostgreSQL server; when absent the embedded PGlite database under `home` is used. */
  readonly databaseUrl: string | undefined;
  /** Where embedded data lives (`.reclaim/` in the working directory unless RECLAIM_HOME says otherwise). */
  readonly home: string;
  readonly tenant: string;
  readonly logLevel: LogLevel;
  readonly natsUrl: string | undefined;
  readonly classifierThreshold: number;
  /** How long a command waits for another process to release the embedded database. */
  readonly lockWaitSeconds: number;
  /** How the HTTP API verifies bearer tokens: an HS256 secret, or a JWKS URL (RS256/ES256). */
  readonly jwt: JwtConfig;
}

export interface JwtConfig {
  readonly secret: string | undefined;
  readonly jwksUrl: string | undefined;
  readonly issuer: string | undefined;
  readonly audience: string | undefined;
}

/**
 * Reads configuration from `env`, reporting every problem in one message (each names its
 * variable and what it should be, never the value: a secret may be among them).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = pickDefined(env);
  const problems: string[] = [];
  for (const name of Object.keys(CHECKS) as Variable[]) {
    const value = e[name];
    const problem = value === undefined ? undefined : CHECKS[name](value);
    if (problem) problems.push(`${name}: ${problem}`);
  }
  if (problems.length > 0)
    throw new ReclaimError('CONFIG_INVALID', `invalid configuration: ${problems.join('; ')}`);
  return Object.freeze({
    databaseUrl: e.DATABASE_URL === undefined ? undefined : asUrl(e.DATABASE_URL),
    home: resolve(e.RECLAIM_HOME ?? '.reclaim'),
    tenant: e.RECLAIM_TENANT ?? 'default',
    logLevel: (e.LOG_LEVEL ?? 'warn') as LogLevel,
    natsUrl: e.NATS_URL,
    classifierThreshold:
      e.RECLAIM_CLASSIFIER_THRESHOLD === undefined ? 0.8 : Number(e.RECLAIM_CLASSIFIER_THRESHOLD),
    jwt: Object.freeze({
      secret: e.RECLAIM_JWT_SECRET,
      jwksUrl: e.RECLAIM_JWKS_URL === undefined ? undefined : asUrl(e.RECLAIM_JWKS_URL),
      issuer: e.RECLAIM_JWT_ISSUER,
      audience: e.RECLAIM_JWT_AUDIENCE,
    }),
    lockWaitSeconds: e.RECLAIM_LOCK_WAIT_SECONDS === undefined ? 60 : Number(e.RECLAIM_LOCK_WAIT_SECONDS),
  });
}

/** Empty strings in the environment mean "not set". */
function pickDefined(env: NodeJS.ProcessEnv): Partial<Record<Variable, string>> {
  const out: Partial<Record<Variable, string>> = {};
  for (const key of Object.keys(CHECKS) as Variable[]) {
    const value = env[key];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}
