import type { z } from 'zod';
import { ReclaimError } from '../errors.js';

/**
 * Validates a command's parsed flags against its schema. Every problem is reported in one line,
 * each naming its flag (`stats: --since: …`), as a VALIDATION_FAILED error (exit code 2).
 */
export function parseFlags<S extends z.ZodType>(command: string, schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (i) => `${i.path.length ? `--${flagName(i.path.join('.'))}: ` : ''}${plain(i)}`,
  );
  const field = parsed.error.issues[0]?.path.join('.');
  throw new ReclaimError('VALIDATION_FAILED', `${command}: ${problems.join('; ')}`, field ? { field } : {});
}

/** `dryRun` → `dry-run`: flags are named as typed. */
function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Zod's wording for a wrong type (`expected number, received NaN`) said as a user reads it. */
function plain(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type')
    return `must be ${issue.expected === 'number' ? 'a number' : `a ${issue.expected}`}`;
  return issue.message;
}
