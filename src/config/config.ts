import { resolve } from 'node:path';
import { z } from 'zod';
import { ReclaimError } from '../errors.js';

const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  RECLAIM_HOME: z.string().min(1).optional(),
  RECLAIM_TENANT: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, _ or -')
    .default('default'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  NATS_URL: z.string().min(1).optional(),
  RECLAIM_CLASSIFIER_THRESHOLD: z.coerce.number().min(0).max(1).default(0.8),
  RECLAIM_JWT_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  RECLAIM_JWKS_URL: z.string().url().optional(),
  RECLAIM_JWT_ISSUER: z.string().min(1).optional(),
  RECLAIM_JWT_AUDIENCE: z.string().min(1).optional(),
  RECLAIM_LOCK_WAIT_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
});

/** Configuration, loaded once from the environment, validated and frozen. */
export interface Config {
  /** A PostgreSQL server; when absent the embedded PGlite database under `home` is used. */
  readonly databaseUrl: string | undefined;
  /** Where embedded data lives (`.reclaim/` in the working directory unless RECLAIM_HOME says otherwise). */
  readonly home: string;
  readonly tenant: string;
  readonly logLevel: z.infer<typeof schema>['LOG_LEVEL'];
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

/** Reads configuration from `env`, reporting every problem in one message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(pickDefined(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ReclaimError('CONFIG_INVALID', `invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    home: resolve(e.RECLAIM_HOME ?? '.reclaim'),
    tenant: e.RECLAIM_TENANT,
    logLevel: e.LOG_LEVEL,
    natsUrl: e.NATS_URL,
    classifierThreshold: e.RECLAIM_CLASSIFIER_THRESHOLD,
    jwt: Object.freeze({
      secret: e.RECLAIM_JWT_SECRET,
      jwksUrl: e.RECLAIM_JWKS_URL,
      issuer: e.RECLAIM_JWT_ISSUER,
      audience: e.RECLAIM_JWT_AUDIENCE,
    }),
    lockWaitSeconds: e.RECLAIM_LOCK_WAIT_SECONDS,
  });
}

/** Empty strings in the environment mean "not set". */
function pickDefined(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}
