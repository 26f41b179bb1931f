import { z } from 'zod';
import { isValidNpi } from './npi.js';

/** The four kinds of reference data a tenant loads, by their command-line name. */
export const REFERENCE_KINDS = ['modifier-rules', 'payers', 'authorizations', 'providers'] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

const text = (max: number) => z.string().trim().min(1, 'is required').max(max, `at most ${max} characters`);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .transform((v) => (v === '' ? null : v));
const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(v).toISOString().startsWith(v), {
    message: 'is not a calendar date',
  });
const upperCode = (pattern: RegExp, what: string) =>
  z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .refine((v) => pattern.test(v), { message: `must be ${what}` });

export const modifierRuleRow = z.object({
  trigger_type: z.enum(['rendering_credential', 'facility_address_state', 'payer_id'], {
    message: 'must be rendering_credential, facility_address_state or payer_id',
  }),
  trigger_value: text(80),
  scope: text(20).refine((v) => v === '*' || /^[A-Z0-9]{1,7}\*?$/.test(v), {
    message: "must be '*', a procedure code, or a prefix ending in '*'",
  }),
  modifier: upperCode(/^[A-Z0-9]{2}$/, 'two letters or digits'),
});

export const payerRow = z.object({
  payer_id: text(80),
  name: optionalText(200),
  timely_filing_days: z.coerce
    .number({ message: 'must be a whole number of days' })
    .int('must be a whole number of days')
    .min(1, 'must be at least 1')
    .max(3650, 'must be at most 3650'),
});

export const authorizationRow = z
  .object({
    subscriber_id: text(80),
    payer_id: text(80),
    procedure_code: optionalText(20),
    valid_from: isoDate,
    valid_to: isoDate,
    authorization_number: text(50),
  })
  .refine((r) => r.valid_from <= r.valid_to, {
    message: 'must not be before valid_from',
    path: ['valid_to'],
  });

export const providerRow = z.object({
  npi: z.string().trim().refine(isValidNpi, { message: 'must be a 10-digit NPI with a valid check digit' }),
  name: optionalText(200),
  credential: optionalText(20).transform((v) => v?.toUpperCase() ?? null),
  taxonomy: optionalText(10).refine((v) => v === null || /^[0-9A-Z]{9}X$/.test(v), {
    message: 'must be a 10-character NUCC taxonomy code',
  }),
  state: optionalText(2)
    .transform((v) => v?.toUpperCase() ?? null)
    .refine((v) => v === null || /^[A-Z]{2}$/.test(v), { message: 'must be a two-letter state' }),
});

export type ModifierRuleRow = z.infer<typeof modifierRuleRow>;
export type PayerRow = z.infer<typeof payerRow>;
export type AuthorizationRow = z.infer<typeof authorizationRow>;
export type ProviderRow = z.infer<typeof providerRow>;

/** Each kind's row schema and its columns (the CSV header, the JSON keys), required ones first. */
export const KIND_SCHEMAS = {
  'modifier-rules': {
    schema: modifierRuleRow,
    columns: ['trigger_type', 'trigger_value', 'scope', 'modifier'],
  },
  payers: { schema: payerRow, columns: ['payer_id', 'name', 'timely_filing_days'] },
  authorizations: {
    schema: authorizationRow,
    columns: [
      'subscriber_id',
      'payer_id',
      'procedure_code',
      'valid_from',
      'valid_to',
      'authorization_number',
    ],
  },
  providers: { schema: providerRow, columns: ['npi', 'name', 'credential', 'taxonomy', 'state'] },
} as const;

/** Rows of one kind, validated. */
export type RowsOf = {
  'modifier-rules': ModifierRuleRow[];
  payers: PayerRow[];
  authorizations: AuthorizationRow[];
  providers: ProviderRow[];
};

/** Columns a file may leave out entirely (their values are then empty). */
export const OPTIONAL_COLUMNS: ReadonlySet<string> = new Set([
  'name',
  'procedure_code',
  'credential',
  'taxonomy',
  'state',
]);
