import { z } from 'zod';

/** Money: integer cents and a currency, never a float. */
export const Money = z.object({ cents: z.number().int(), currency: z.literal('USD') });
export type Money = z.infer<typeof Money>;

/** The one error shape every route answers with. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
    requestId: z.string(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** A page of a list, with the number of rows the filter matches in all. */
export const paged = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });
export interface Paged<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** A numeric path id (`/denials/:id`). */
export const IdParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
export type IdParams = z.infer<typeof IdParams>;

/** A calendar day, checked to exist (2025-02-30 is refused). */
export const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a calendar date');

/** Paging: at most 200 rows a page. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

export const usd = (cents: number): Money => ({ cents, currency: 'USD' });

/** The scopes a token may carry. */
export const SCOPES = [
  'denials.read',
  'denials.update',
  'reports.read.operational',
  'reports.read.financial',
] as const;
export const Scope = z.enum(SCOPES);
export type Scope = z.infer<typeof Scope>;
