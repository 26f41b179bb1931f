import { z } from 'zod';
import { Day } from '../api/schemas/common.js';

/** A flag that is a boolean from the CLI and `true`/`false` text in a query string. */
const Flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

/**
 * The denial-rate report's input: the input of the KPI service, checked by the service whether
 * `reclaim kpi denial-rate` or `GET /reports/denial-rate` (`POST …/reference-match` with a
 * reference) calls it. Zod only, so the web app can take its type.
 */
export const DenialRateInput = z
  .object({
    asOf: Day.optional().describe('default: today (UTC)'),
    source: z.enum(['carrier', 'remit_835']).default('remit_835'),
    includeBenefitsExhausted: Flag.default(false).describe(
      'count B (benefits exhausted) lines as denials (non-default; the report says so)',
    ),
    reference: z
      .string()
      .min(1)
      .max(200_000)
      .optional()
      .describe('CSV (or pipe-separated) text with columns week_start and denial_rate (or denial_rate_mart)'),
  })
  .strict();
export type DenialRateInput = z.input<typeof DenialRateInput>;

/** `GET /reports/denial-rate`: the input without a reference table (it travels in a POST body). */
export const DenialRateQuery = DenialRateInput.omit({ reference: true });
export type DenialRateQuery = z.input<typeof DenialRateQuery>;

/** `POST /reports/denial-rate/reference-match`: the input with its reference table. */
export const ReferenceMatchBody = DenialRateInput.extend({
  reference: DenialRateInput.shape.reference.unwrap(),
});
export type ReferenceMatchBody = z.input<typeof ReferenceMatchBody>;
