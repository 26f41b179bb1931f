import { readFileSync } from 'node:fs';
import { ReclaimError } from '../errors.js';
import { requireInputFile } from '../io/input-file.js';
import type { KpiWeek } from './compute.js';
import { delimitedText, type DelimitedTable } from './line-file.js';

/** A weekly denial rate from a reference table (a mart or a previous report) to match against. */
export interface ReferenceRate {
  readonly weekStart: string;
  readonly denialRate: number;
}

export interface MatchRow {
  readonly weekStart: string;
  readonly calc: number | null;
  readonly reference: number;
  /** calc - reference; null when the week is missing from our result. */
  readonly diff: number | null;
}

export interface MatchCheck {
  readonly file: string;
  readonly tolerance: number;
  readonly rows: readonly MatchRow[];
  readonly maxAbsDiff: number;
  readonly weeksMissingFromResult: readonly string[];
  readonly passed: boolean;
}

/** Rates in marts are usually rounded to six places; anything further apart is a real difference. */
export const MATCH_TOLERANCE = 1e-6;

/** The same table as text (pasted or uploaded in the web UI); `name` stands for the file in messages. */
export async function parseReference(name: string, text: string): Promise<ReferenceRate[]> {
  return referenceRates(name, await delimitedText(name, text));
}

async function referenceRates(name: string, file: DelimitedTable): Promise<ReferenceRate[]> {
  const cols = file.header.map((h) => h.trim().toLowerCase());
  const week = cols.indexOf('week_start');
  const rate = cols.includes('denial_rate') ? cols.indexOf('denial_rate') : cols.indexOf('denial_rate_mart');
  if (week < 0 || rate < 0) {
    throw new ReclaimError('INPUT_INVALID', `${name}: reference needs columns week_start and denial_rate`, {
      file: name,
    });
  }
  const out: ReferenceRate[] = [];
  for await (const rec of file.records()) {
    const weekStart = /^(\d{4}-\d{2}-\d{2})/.exec(rec.fields?.[week]?.trim() ?? '')?.[1];
    const value = Number(rec.fields?.[rate]?.trim() || 'x');
    if (!weekStart || !Number.isFinite(value)) {
      throw new ReclaimError(
        'INPUT_INVALID',
        `${name}: row ${rec.position}: unreadable week_start or denial_rate`,
        {
          file: name,
          row: rec.position,
        },
      );
    }
    out.push({ weekStart, denialRate: value });
  }
  return out;
}

/** Compares every reference week with ours; a reference week we do not have fails the check. */
export function matchReference(
  file: string,
  reference: readonly ReferenceRate[],
  weeks: readonly KpiWeek[],
): MatchCheck {
  const ours = new Map(weeks.map((w) => [w.weekStart, w.denialRate]));
  const rows: MatchRow[] = [...reference]
    .sort((a, b) => a.weekStart.localeCompare(b.weekStart))
    .map((r) => {
      const calc = ours.get(r.weekStart) ?? null;
      return {
        weekStart: r.weekStart,
        calc,
        reference: r.denialRate,
        diff: calc === null ? null : calc - r.denialRate,
      };
    });
  const missing = rows.filter((r) => r.diff === null).map((r) => r.weekStart);
  const maxAbsDiff = rows.reduce((m, r) => (r.diff === null ? m : Math.max(m, Math.abs(r.diff))), 0);
  return {
    file,
    tolerance: MATCH_TOLERANCE,
    rows,
    maxAbsDiff,
    weeksMissingFromResult: missing,
    passed: missing.length === 0 && maxAbsDiff <= MATCH_TOLERANCE,
  };
}

/** A reference file's text, for the KPI service (which takes the table as text from either door). */
export function readReferenceText(path: string): string {
  requireInputFile(path);
  return readFileSync(path, 'utf8');
}
