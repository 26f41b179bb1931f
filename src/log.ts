import pino from 'pino';

/**
 * Structured logs on stderr. Log ids, counts and codes only: never patient identifiers or claim
 * contents (names, member ids, reason texts).
 */
export const log = pino(
  { level: process.env.LOG_LEVEL ?? 'warn', base: undefined },
  pino.destination({ dest: 2, sync: true }),
);
