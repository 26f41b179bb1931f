/** Date layouts a source profile may declare. Timestamps (`…T10:00:00`, `… 10:00:00Z`) are read by their date part. */
export const DATE_LAYOUTS = ['YYYY-MM-DD', 'MM/DD/YYYY', 'DD/MM/YYYY', 'YYYYMMDD'] as const;
export type DateLayout = (typeof DATE_LAYOUTS)[number];

// Spaces around the separators are tolerated: some exports write `2025 -07-01`.
const ISO =
  /^(\d{4})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const SLASHED = /^(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/**
 * Parses `text` with the first layout that matches it and returns `YYYY-MM-DD`, or null when no
 * layout reads it or the date does not exist (2025-02-30). Never guesses.
 */
export function parseDate(text: string, layouts: readonly DateLayout[]): string | null {
  for (const layout of layouts) {
    const ymd = match(text, layout);
    if (ymd && isRealDate(ymd[0], ymd[1], ymd[2])) return format(ymd[0], ymd[1], ymd[2]);
  }
  return null;
}

function match(text: string, layout: DateLayout): [number, number, number] | null {
  let m: RegExpExecArray | null;
  switch (layout) {
    case 'YYYY-MM-DD':
      m = ISO.exec(text);
      return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
    case 'MM/DD/YYYY':
      m = SLASHED.exec(text);
      return m ? [Number(m[3]), Number(m[1]), Number(m[2])] : null;
    case 'DD/MM/YYYY':
      m = SLASHED.exec(text);
      return m ? [Number(m[3]), Number(m[2]), Number(m[1])] : null;
    case 'YYYYMMDD':
      m = COMPACT.exec(text);
      return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
  }
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 2999) return false;
  const days = [
    31,
    y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return d <= (days[m - 1] ?? 0);
}

function format(y: number, m: number, d: number): string {
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}
