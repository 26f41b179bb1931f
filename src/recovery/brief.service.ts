import { usd } from '../api/schemas/common.js';
import type { z } from 'zod';
import type { RecoveryBrief } from '../api/schemas/recovery-brief.js';
import type { Queryable } from '../db/db.js';
import { ReclaimError } from '../errors.js';
import { validInput } from '../input.js';
import { buildBrief, type Brief } from './brief.js';
import { renderBriefHtml } from './brief-html.js';
import { renderBriefMarkdown } from './brief-markdown.js';
import { EXPORT_FILES, renderExports } from './exports.js';
import { workqueueFromDatabase } from './from-database.js';
import { workqueueFromCsv } from './from-csv.js';
import { RecoveryInput, RecoveryMartInput } from './recovery-input.js';
import { routingFor } from './routing.js';

/** Rows of the brief's workqueue unless the input says otherwise. */
export const BRIEF_WORKQUEUE_ROWS = 25;

/**
 * The week's brief from the tenant's own denials: the one prioritisation behind `reclaim
 * recovery` (which writes its exports from it) and the brief routes (views of it).
 */
export async function weeklyBrief(
  db: Queryable,
  tenantId: string,
  raw: z.input<typeof RecoveryInput>,
): Promise<Brief> {
  const input = validInput(RecoveryInput, raw);
  return buildBrief(
    await workqueueFromDatabase(db, tenantId, input.week),
    input.workqueueSize ?? BRIEF_WORKQUEUE_ROWS,
  );
}

/** The brief of a workqueue mart's CSV export (`reclaim recovery --from-csv`). */
export async function martBrief(raw: z.input<typeof RecoveryMartInput>): Promise<Brief> {
  const input = validInput(RecoveryMartInput, raw);
  return buildBrief(
    await workqueueFromCsv(input.file, input.week),
    input.workqueueSize ?? BRIEF_WORKQUEUE_ROWS,
  );
}

/** The weekly recovery brief from the tenant's own denials; amounts only when `money`. */
export async function recoveryBrief(
  db: Queryable,
  tenantId: string,
  raw: z.input<typeof RecoveryInput>,
  view: { money: boolean },
): Promise<RecoveryBrief> {
  const b = await weeklyBrief(db, tenantId, raw);
  const money = (cents: number) => (view.money ? usd(cents) : undefined);
  return {
    week: b.currentWeekKey,
    priorWeek: b.priorWeekKey,
    anchorMode: b.anchorMode,
    workqueueSize: b.workqueueSize,
    openRows: b.openRows,
    summary: b.summary.map((s) => ({
      rank: s.rank,
      bucket: s.bucket,
      rows: s.rows,
      meanPDenial: s.meanPDenial,
      priorityScore: s.priorityScore,
      topPrcsg: s.topPrcsg,
      ownerGroup: routingFor(s.bucket).ownerGroup,
      nextBestAction: routingFor(s.bucket).nextBestAction,
      deniedAmount: money(s.deniedAmountCents),
      weightedRecoverable: money(s.weightedRecoverableCents),
    })),
    agingBands: b.bands.map((x) => ({
      band: x.band,
      weight: x.weight,
      rows: x.rows,
      shareOfDenied: x.shareOfDenied,
      deniedAmount: money(x.deniedAmountCents),
    })),
    stability: {
      verdict: b.stability.verdict,
      top2Current: [...b.stability.top2Current],
      top2Prior: [...b.stability.top2Prior],
      top2Overlap: b.stability.top2Overlap,
      top2ShareCurrent: b.stability.top2ShareCurrent,
      reasons: [...b.stability.reasons],
    },
    workqueue: b.workqueue.map((w) => ({
      rank: w.rank,
      claimRef: w.clmId,
      group: w.topDenialGroup,
      prcsg: w.topDenialPrcsg,
      agingDays: w.agingDays,
      agingBand: w.agingBand,
      pDenial: w.pDenial,
      ownerGroup: w.ownerGroup,
      evidenceRequired: w.evidenceRequired,
      nextBestAction: w.nextBestAction,
      deniedAmount: money(w.deniedAmountCents),
    })),
    decision: b.decision,
    falsification: b.falsification,
    guardrails: [...b.guardrails],
    files: Object.values(EXPORT_FILES),
  };
}

/** One export of the week (the same bytes `reclaim recovery --out` writes). */
export async function recoveryFile(
  db: Queryable,
  tenantId: string,
  raw: z.input<typeof RecoveryInput>,
  name: string,
): Promise<{ body: string; type: string }> {
  const b = await weeklyBrief(db, tenantId, raw);
  if (name === EXPORT_FILES.briefMarkdown)
    return { body: renderBriefMarkdown(b), type: 'text/markdown; charset=utf-8' };
  if (name === EXPORT_FILES.briefHtml) return { body: renderBriefHtml(b), type: 'text/html; charset=utf-8' };
  const body = renderExports(b)[name];
  if (body === undefined) throw new ReclaimError('NOT_FOUND', `no export named ${name}`, { name });
  return { body, type: 'text/csv; charset=utf-8' };
}
