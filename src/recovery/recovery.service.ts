import type { z } from 'zod';
import { usd } from '../api/schemas/common.js';
import type { RecoveryReport } from '../api/schemas/reports.js';
import type { Queryable } from '../db/db.js';
import { validInput } from '../input.js';
import { workqueueFromDatabase } from './from-database.js';
import { RecoveryInput } from './recovery-input.js';
import { summarise, topRows } from './prioritise.js';

/** Rows of the workqueue the report shows unless the input says otherwise. */
const REPORT_WORKQUEUE_ROWS = 50;

/**
 * The latest (or a given) week's recovery summary and prioritised workqueue. Money and the
 * money-weighted priority appear only when the caller may see financial figures.
 */
export async function recoveryReport(
  db: Queryable,
  tenantId: string,
  raw: z.input<typeof RecoveryInput>,
  view: { money: boolean },
): Promise<RecoveryReport> {
  const q = validInput(RecoveryInput, raw);
  const input = await workqueueFromDatabase(db, tenantId, q.week);
  const rows = input.current.rows;
  const buckets = summarise(rows);
  return {
    week: input.current.weekKey,
    openDenials: rows.length,
    priorWeekOpenDenials: input.prior ? input.prior.rows.length : null,
    ...(view.money ? { openAmount: usd(rows.reduce((s, r) => s + r.deniedAmountCents, 0)) } : {}),
    byGroup: buckets.map((b) => ({
      group: b.bucket,
      count: b.rows,
      ...(view.money ? { amount: usd(b.deniedAmountCents) } : {}),
    })),
    workqueue: topRows(rows, q.workqueueSize ?? REPORT_WORKQUEUE_ROWS).map((r) => ({
      denialRef: r.clmId,
      agingDays: r.agingDays,
      group: r.topDenialGroup,
      nextBestAction: r.topNextBestAction,
      pDenial: r.pDenial,
      ...(view.money ? { deniedAmount: usd(r.deniedAmountCents), priority: r.weightedRecoverableCents } : {}),
    })),
  };
}
