import type { z } from 'zod';
import { ReclaimError } from './errors.js';

/**
 * A service's input checked by the service's own schema, whoever calls it (a route, whose body
 * the same schema already shaped, or a CLI command built from flags): the first problem becomes
 * INPUT_INVALID naming the field, never echoing the value.
 */
export function validInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join('.') || 'input';
  throw new ReclaimError('INPUT_INVALID', `${field}: ${issue.message}`, { field });
}
