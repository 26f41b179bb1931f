import type { Queryable } from '../db/db.js';
import { ReclaimError } from '../errors.js';
import { findDenialsUntil, findLatestDenialDate, type DenialRecord } from './recovery-denial.repository.js';
import { groupOfCarc, PATIENT_GROUP, type DenialGroup } from './routing.js';
import { daysBetween, previousWeekKey, weekEnd, weekKeyOf } from './weeks.js';
import type { Snapshot, WorkqueueInput, WorkqueueRow } from './workqueue.js';

/** Statuses still waiting for work. */
export const OPEN_STATUSES: ReadonlySet<string> = new Set(['OPEN', 'MANUAL_REVIEW']);
const RECOVERED: ReadonlySet<string> = new Set(['CORRECTED', 'RESOLVED']);
const LOST: ReadonlySet<string> = new Set(['WRITTEN_OFF']);

/**
 * The workqueue from our own denials. The current week is `week`, or the week of the latest
 * denial; each snapshot holds the denials open now that existed by the end of its week, aged to
 * that Sunday. p_denial per denial group is the smoothed written-off share of the group's closed
 * denials: (lost + 1) / (recovered + lost + 2), 0.5 with no history.
 */
export async function workqueueFromDatabase(
  db: Queryable,
  tenant: string,
  week: string | undefined,
): Promise<WorkqueueInput> {
  let current = week;
  if (current === undefined) {
    const latest = await findLatestDenialDate(db, tenant);
    if (latest === null)
      throw new ReclaimError('NOT_FOUND', `no denials for tenant ${tenant}: nothing to prioritise`);
    current = weekKeyOf(latest);
  }
  const prior = previousWeekKey(current);
  const denials = await findDenialsUntil(db, tenant, weekEnd(current));
  const pDenial = denialProbabilities(denials);
  return {
    source: 'database',
    anchorMode: week === undefined ? 'latest_data_week' : 'explicit_week',
    current: snapshot(current, denials, pDenial),
    prior: snapshot(prior, denials, pDenial),
  };
}

function snapshot(weekKey: string, denials: readonly DenialRecord[], pDenial: Map<string, number>): Snapshot {
  const end = weekEnd(weekKey);
  const rows: WorkqueueRow[] = denials
    .filter((d) => OPEN_STATUSES.has(d.status) && d.basisDate <= end)
    .map((d) => {
      const group = groupOf(d);
      return {
        clmId: d.clmId,
        agingDays: daysBetween(d.basisDate, end),
        deniedAmountCents: d.deniedAmountCents,
        topDenialGroup: group.group,
        topDenialPrcsg: d.topPrcsg ?? 'unknown',
        topNextBestAction: group.nextBestAction,
        pDenial: pDenial.get(group.group) ?? 0.5,
      };
    });
  return { weekKey, rows };
}

/** A patient-liability item is the patient's share whatever its codes; a denial goes by its first code. */
function groupOf(d: DenialRecord): DenialGroup {
  return d.kind === 'patient_liability' ? PATIENT_GROUP : groupOfCarc(d.topCarc);
}

export function denialProbabilities(denials: readonly DenialRecord[]): Map<string, number> {
  const counts = new Map<string, { recovered: number; lost: number }>();
  for (const d of denials) {
    const group = groupOf(d).group;
    const c = counts.get(group) ?? { recovered: 0, lost: 0 };
    if (RECOVERED.has(d.status)) c.recovered++;
    if (LOST.has(d.status)) c.lost++;
    counts.set(group, c);
  }
  return new Map([...counts].map(([g, c]) => [g, (c.lost + 1) / (c.recovered + c.lost + 2)]));
}
