/** Field readers for the CMS layouts. Each returns undefined for a value it cannot read. */

const MONTHS: Record<string, string> = {
  JAN: '01', FEB: '02', MAR: '03', APR: '04', MAY: '05', JUN: '06',
  JUL: '07', AUG: '08', SEP: '09', OCT: '10', NOV: '11', DEC: '12',
}; // prettier-ignore

/** Blank and the IDR null marker '~' mean "no value". */
export function blankToNull(raw: string | undefined): string | null {
  const value = raw?.trim() ?? '';
  return value === '' || value === '~' ? null : value;
}

/**
 * A service date in the layouts CMS uses: `20080229` (DE-SynPUF), `27-OCT-1999` (RIF, any case),
 * `2022-01-20` (IDR, ours). Returns 'YYYY-MM-DD', null when blank, undefined when unreadable.
 */
export function parseServiceDate(raw: string | undefined): string | null | undefined {
  const value = blankToNull(raw);
  if (value === null) return null;
  let y: string, m: string | undefined, d: string;
  let match = /^(\d{4})(\d{2})(\d{2})$/.exec(value) ?? /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (match) [, y, m, d] = match as unknown as [string, string, string, string];
  else {
    match = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(value);
    if (!match) return undefined;
    [, d, , y] = match as unknown as [string, string, string, string];
    m = MONTHS[match[2]!.toUpperCase()];
    d = d.padStart(2, '0');
  }
  if (m === undefined) return undefined;
  const iso = `${y}-${m}-${d}`;
  const date = new Date(`${iso}T00:00:00Z`);
  // Rejects 2021-02-30 and the like, which Date would roll over.
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : undefined;
}

/** A dollar amount such as `563.36`, `4517.0` or `80` as integer cents; 0 when blank. */
export function parseDollarsToCents(raw: string | undefined): number | undefined {
  const value = blankToNull(raw);
  if (value === null) return 0;
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(value);
  if (!match) return undefined;
  const fraction = (match[3] ?? '').padEnd(2, '0');
  if (/[1-9]/.test(fraction.slice(2))) return undefined;
  const cents = Number(match[2]) * 100 + Number(fraction.slice(0, 2));
  return match[1] === '-' ? -cents : cents;
}

/** A processing-indicator code, trimmed and upper-cased; null when blank. */
export function normaliseCode(raw: string | undefined): string | null {
  return blankToNull(raw)?.toUpperCase() ?? null;
}
