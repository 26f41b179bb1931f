import type { z } from 'zod';
import { ReclaimError } from './errors.js';

/**
 * A service's input checked by the service's own schema, whoever calls it (a route, whose body
 * the same schema already shaped, or a CLI command built from flags): the first problem becomes
 * VALIDATION_FAILED naming the field, never echoing the value (the code and field a route's own
 * schema check answers with, so a bad input reads the same through either door).
 */
export function validInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join('.') || 'input';
  throw new ReclaimError('VALIDATION_FAILED', `${field}: ${issue.message}`, { field });
}
