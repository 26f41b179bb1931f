import { z } from 'zod';

/** An ISO week key ('2026-W47') that names a real week (2021-W53 does not). */
export const WeekKey = z
  .string()
  .regex(/^\d{4}-W\d{2}$/, 'YYYY-Www')
  .refine(isIsoWeek, 'not a week of its year');

/**
 * The weekly recovery prioritisation's input from the tenant's own denials: the input of the
 * recovery services, checked by them whether `reclaim recovery` or `GET /reports/recovery`,
 * `/reports/recovery/brief` or `/reports/recovery/files/:name` calls them. Zod only, so the web
 * app can take its type. `workqueueSize` unset: the brief's 25, the report's 50.
 */
export const RecoveryInput = z.object({
  week: WeekKey.optional().describe('the week to anchor on (default: the latest week with data)'),
  workqueueSize: z.coerce.number().int().min(1).max(500).optional().describe('rows of the top-N workqueue'),
});
export type RecoveryInput = z.input<typeof RecoveryInput>;

/**
 * A workqueue mart's CSV export (`reclaim recovery --from-csv`), a use case of its own: its file is
 * on the machine running the command (there is no HTTP door to it), it reads no tenant data, and
 * its week keys are whatever the mart uses, compared as text.
 */
export const RecoveryMartInput = RecoveryInput.extend({
  file: z.string().min(1),
  week: z.string().min(1).max(64).optional().describe("the mart's week key (default: its latest)"),
});
export type RecoveryMartInput = z.input<typeof RecoveryMartInput>;

function isIsoWeek(key: string): boolean {
  const year = Number(key.slice(0, 4));
  const week = Number(key.slice(6));
  if (week < 1) return false;
  // Week 53 exists when 28 December (always in the year's last week) is in week 53.
  const dec28 = new Date(Date.UTC(year, 11, 28));
  const thursday = new Date(dec28);
  thursday.setUTCDate(dec28.getUTCDate() - ((dec28.getUTCDay() + 6) % 7) + 3);
  const weeks = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 / 7) + 1;
  return week <= weeks;
}
