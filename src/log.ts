import { createRequire } from 'node:module';
import type { Logger } from 'pino';

/**
 * Structured logs on stderr. Log ids, counts and codes only: never patient identifiers or claim
 * contents (names, member ids, reason texts).
 *
 * The logger is made on first use, so commands that never log (`x12 parse`) do not pay for
 * loading it at start-up.
 */
let logger: Logger | undefined;

function instance(): Logger {
  if (!logger) {
    const pino = createRequire(import.meta.url)('pino') as typeof import('pino');
    logger = pino.pino(
      { level: process.env.LOG_LEVEL ?? 'warn', base: undefined },
      pino.destination({ dest: 2, sync: true }),
    );
  }
  return logger;
}

type Method = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export const log: Pick<Logger, Method> = {
  trace: (...args: Parameters<Logger['trace']>) => instance().trace(...args),
  debug: (...args: Parameters<Logger['debug']>) => instance().debug(...args),
  info: (...args: Parameters<Logger['info']>) => instance().info(...args),
  warn: (...args: Parameters<Logger['warn']>) => instance().warn(...args),
  error: (...args: Parameters<Logger['error']>) => instance().error(...args),
  fatal: (...args: Parameters<Logger['fatal']>) => instance().fatal(...args),
};
