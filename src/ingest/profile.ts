import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ReclaimError } from '../errors.js';
import { DATE_LAYOUTS } from './dates.js';

/** The canonical fields every EMR record is mapped onto. Only claim_id is required per row. */
export const CANONICAL_FIELDS = [
  'claim_id',
  'patient_id',
  'procedure_code',
  'denial_reason',
  'submitted_at',
  'status',
] as const;
export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

export const CANONICAL_STATUSES = ['denied', 'approved', 'pending'] as const;
export type CanonicalStatus = (typeof CANONICAL_STATUSES)[number];

const profileSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_-]{0,40}$/, 'lower-case name, letters, digits, _ or -'),
    description: z.string().optional(),
    format: z.enum(['csv', 'json', 'ndjson']),
    fields: z.object({
      claim_id: z.string().min(1),
      patient_id: z.string().min(1).optional(),
      procedure_code: z.string().min(1).optional(),
      denial_reason: z.string().min(1).optional(),
      submitted_at: z.string().min(1).optional(),
      status: z.string().min(1).optional(),
    }),
    dateLayouts: z.array(z.enum(DATE_LAYOUTS)).min(1).default(['YYYY-MM-DD']),
    statusVocabulary: z.object({
      denied: z.array(z.string().min(1)).min(1),
      approved: z.array(z.string().min(1)).default([]),
      pending: z.array(z.string().min(1)).default([]),
    }),
    csv: z.object({ delimiter: z.string().length(1).default(',') }).default({ delimiter: ',' }),
  })
  .strict();

/** A source profile: how one EMR's export maps onto Reclaim's record. Data, not code. */
export type SourceProfile = z.infer<typeof profileSchema>;

// Built-in profiles ship beside the package (like migrations/), read from src/ and dist/ alike.
const BUILT_IN_DIR = fileURLToPath(new URL('../../profiles/', import.meta.url));
export const BUILT_IN_PROFILES = ['alpha', 'beta'] as const;

/**
 * Resolves a profile reference: a built-in name (`alpha`) or a path to a `.json` profile file.
 * Every problem in a user's file is reported at once.
 */
export function loadProfile(ref: string): SourceProfile {
  const builtIn = (BUILT_IN_PROFILES as readonly string[]).includes(ref);
  const path = builtIn ? `${BUILT_IN_DIR}${ref}.profile.json` : ref;
  if (!builtIn && !ref.endsWith('.json')) {
    throw new ReclaimError(
      'UNKNOWN_PROFILE',
      `unknown profile '${ref}': use one of ${BUILT_IN_PROFILES.join(', ')} or a path to a .json profile file`,
    );
  }
  if (!existsSync(path)) throw new ReclaimError('UNKNOWN_PROFILE', `profile file ${path} does not exist`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ReclaimError(
      'PROFILE_INVALID',
      // V8's message quotes the text around the problem: only where it is is kept.
      `profile ${path} is not valid JSON${/position (\d+)/.test((error as Error).message) ? ` (at character ${Number(/position (\d+)/.exec((error as Error).message)![1]) + 1})` : ''}`,
    );
  }
  const parsed = profileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      // Zod names unknown keys in its message; they are the file's text, so they are counted instead.
      .map(
        (i) =>
          `${i.path.join('.') || '(root)'}: ${i.code === 'unrecognized_keys' ? `${i.keys.length} unknown key${i.keys.length > 1 ? 's' : ''}` : i.message}`,
      )
      .join('; ');
    throw new ReclaimError('PROFILE_INVALID', `profile ${path} is invalid: ${problems}`);
  }
  return parsed.data;
}
