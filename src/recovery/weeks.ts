import { ReclaimError } from '../errors.js';

/** ISO week keys ('2026-W47'): Monday to Sunday, week 1 holds the year's first Thursday. */

export function weekKeyOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  d.setUTCDate(d.getUTCDate() - day + 3); // the Thursday of this week decides its year
  const year = d.getUTCFullYear();
  const week = Math.floor((d.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday of a week key. */
export function weekStart(key: string): string {
  const match = /^(\d{4})-W(\d{2})$/.exec(key);
  if (!match)
    throw new ReclaimError('VALIDATION_FAILED', `--week: expected a week key like 2026-W47, got "${key}"`);
  const year = Number(match[1]);
  const week = Number(match[2]);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4);
  monday.setUTCDate(jan4.getUTCDate() - ((jan4.getUTCDay() + 6) % 7) + (week - 1) * 7);
  const iso = monday.toISOString().slice(0, 10);
  if (week < 1 || weekKeyOf(iso) !== key) {
    throw new ReclaimError('VALIDATION_FAILED', `--week: ${key} is not a week of ${year}`);
  }
  return iso;
}

/** The Sunday that ends a week: a snapshot "as of" the week is taken at the end of that day. */
export function weekEnd(key: string): string {
  return shiftDays(weekStart(key), 6);
}

export function previousWeekKey(key: string): string {
  return weekKeyOf(shiftDays(weekStart(key), -7));
}

export function shiftDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
