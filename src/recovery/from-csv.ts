import { ReclaimError } from '../errors.js';
import { openDelimited } from '../kpi/line-file.js';
import { parseDollarsToCents } from '../kpi/values.js';
import type { Snapshot, WorkqueueInput, WorkqueueRow } from './workqueue.js';

/** Where each field may come from, first match wins; amounts in dollars unless the name says cents. */
const FIELDS = {
  clmId: ['clm_id', 'claim_id'],
  agingDays: ['aging_days'],
  amount: ['denied_potential_allowed_proxy_amt', 'denied_amount', 'denied_amount_cents'],
  group: ['top_denial_group'],
  prcsg: ['top_denial_prcsg'],
  action: ['top_next_best_action'],
  pDenial: ['p_denial'],
  week: ['dataset_week_key', 'week_key'],
} as const;

/**
 * Reads a CSV export of a workqueue mart. With a week-key column the file may hold several weeks:
 * the current one is `week` or the greatest key, the prior one the greatest key below it. A row
 * that cannot be read stops the run with its row number: a silently smaller queue would mislead.
 */
export async function workqueueFromCsv(path: string, week: string | undefined): Promise<WorkqueueInput> {
  const file = await openDelimited(path);
  const header = file.header.map((h) => h.trim().toLowerCase());
  const col = (names: readonly string[]) => {
    const name = names.find((n) => header.includes(n));
    return name === undefined ? undefined : { name, index: header.indexOf(name) };
  };
  const required = {
    clmId: col(FIELDS.clmId),
    agingDays: col(FIELDS.agingDays),
    amount: col(FIELDS.amount),
    pDenial: col(FIELDS.pDenial),
  };
  const missing = Object.entries(required)
    .filter(([, c]) => c === undefined)
    .map(([k]) => FIELDS[k as keyof typeof required][0]);
  if (missing.length > 0) {
    throw new ReclaimError('INPUT_INVALID', `${path}: missing columns ${missing.join(', ')}`, { file: path });
  }
  const { clmId, agingDays, amount, pDenial } = required as {
    [K in keyof typeof required]: { name: string; index: number };
  };
  const group = col(FIELDS.group);
  const prcsg = col(FIELDS.prcsg);
  const action = col(FIELDS.action);
  const weekCol = col(FIELDS.week);
  const byWeek = new Map<string, WorkqueueRow[]>();
  for await (const rec of file.records()) {
    const bad = (what: string): never => {
      throw new ReclaimError('INPUT_INVALID', `${path}: row ${rec.position}: ${what}`, {
        file: path,
        row: rec.position,
      });
    };
    const f = rec.fields ?? bad('open quote');
    const get = (c: { index: number } | undefined) => f[c?.index ?? -1]?.trim() ?? '';
    const id = get(clmId) || bad(`empty ${clmId.name}`);
    const days = Number(get(agingDays));
    if (!Number.isInteger(days) || days < 0) bad(`${agingDays.name} is not a whole number of days`);
    const cents = amount.name.endsWith('_cents')
      ? /^\d+$/.test(get(amount))
        ? Number(get(amount))
        : undefined
      : parseDollarsToCents(get(amount));
    if (cents === undefined || cents < 0) bad(`unreadable ${amount.name}`);
    const p = Number(get(pDenial));
    if (get(pDenial) === '' || !(p >= 0 && p <= 1)) bad(`${pDenial.name} must be between 0 and 1`);
    const key = weekCol ? get(weekCol) || bad(`empty ${weekCol.name}`) : 'unkeyed';
    const rows = byWeek.get(key) ?? [];
    rows.push({
      clmId: id,
      agingDays: days,
      deniedAmountCents: cents!,
      topDenialGroup: get(group) || 'other',
      topDenialPrcsg: get(prcsg) || 'unknown',
      topNextBestAction: get(action),
      pDenial: p,
    });
    byWeek.set(key, rows);
  }
  const keys = [...byWeek.keys()].sort();
  if (keys.length === 0) throw new ReclaimError('INPUT_INVALID', `${path}: no rows`, { file: path });
  if (!weekCol) {
    return {
      source: 'csv',
      anchorMode: 'csv_single_snapshot',
      current: { weekKey: 'unkeyed', rows: byWeek.get('unkeyed')! },
      prior: null,
    };
  }
  const current = week ?? keys.at(-1)!;
  if (!byWeek.has(current)) {
    throw new ReclaimError(
      'NOT_FOUND',
      `${path}: week ${current} not in the file (weeks: ${keys.join(', ')})`,
      { file: path },
    );
  }
  const priorKey = keys.filter((k) => k < current).at(-1);
  const snap = (k: string): Snapshot => ({ weekKey: k, rows: byWeek.get(k)! });
  return {
    source: 'csv',
    anchorMode: week === undefined ? 'latest_data_week' : 'explicit_week',
    current: snap(current),
    prior: priorKey === undefined ? null : snap(priorKey),
  };
}
