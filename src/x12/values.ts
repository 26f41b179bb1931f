/**
 * Exact conversions for X12 data elements. Amounts are decimal strings (`R` type) and become
 * integer cents without ever passing through a float, so `0.29` is 29, not 28.999….
 */

/** Cents for an X12 decimal such as `-1.27`, `150000`, `.5` or `1.005` (half away from zero); undefined when not a number. */
export function toCents(text: string | undefined): number | undefined {
  if (text === undefined || text.length === 0) return undefined;
  let i = 0;
  let negative = false;
  const first = text.charCodeAt(0);
  if (first === 45 /* - */ || first === 43 /* + */) {
    negative = first === 45;
    i = 1;
  }
  let whole = 0;
  let digits = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
    digits++;
  }
  let fraction = 0;
  if (i < text.length) {
    if (text.charCodeAt(i) !== 46 /* . */) return undefined;
    i++;
    let scale = 10;
    let roundUp = false;
    for (let place = 0; i < text.length; i++, place++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return undefined;
      digits++;
      if (place < 2) {
        fraction += c * scale;
        scale /= 10;
      } else if (place === 2) roundUp = c >= 5;
    }
    if (roundUp) fraction += 1;
  }
  if (digits === 0) return undefined;
  const cents = whole * 100 + fraction;
  if (!Number.isSafeInteger(cents)) return undefined;
  return negative ? -cents : cents;
}

/** The shortest X12 decimal for an amount in cents: 2875 → `28.75`, 2500 → `25`, 2550 → `25.5`, -127 → `-1.27`. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.trunc(abs / 100);
  const fraction = abs % 100;
  if (fraction === 0) return `${sign}${whole}`;
  const text =
    fraction < 10 ? `0${fraction}` : fraction % 10 === 0 ? String(fraction / 10) : String(fraction);
  return `${sign}${whole}.${text}`;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `CCYYMMDD` → `YYYY-MM-DD`; undefined unless it is a real calendar date. */
export function toIsoDate(text: string | undefined): string | undefined {
  if (text === undefined || text.length !== 8) return undefined;
  let value = 0;
  for (let i = 0; i < 8; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    value = value * 10 + c;
  }
  const year = Math.trunc(value / 10000);
  const month = Math.trunc(value / 100) % 100;
  const day = value % 100;
  if (month < 1 || month > 12 || day < 1) return undefined;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (DAYS_IN_MONTH[month - 1] ?? 0) + (leap ? 1 : 0)) return undefined;
  // One string built from the eight digits, not three slices and two joins: this runs on every date.
  const at = (i: number) => text.charCodeAt(i);
  return String.fromCharCode(at(0), at(1), at(2), at(3), 45, at(4), at(5), 45, at(6), at(7));
}

/** `HHMM`, `HHMMSS` or `HHMMSSD…` → `HH:MM:SS`; undefined unless it is a time of day. */
export function toTime(text: string | undefined): string | undefined {
  if (text === undefined || !/^\d{4}(\d{2}\d*)?$/.test(text)) return undefined;
  const hh = Number(text.slice(0, 2));
  const mm = Number(text.slice(2, 4));
  const ss = text.length >= 6 ? Number(text.slice(4, 6)) : 0;
  if (hh > 23 || mm > 59 || ss > 59) return undefined;
  return `${text.slice(0, 2)}:${text.slice(2, 4)}:${String(ss).padStart(2, '0')}`;
}

/** `YYYY-MM-DD` → `CCYYMMDD`. */
export function fromIsoDate(date: string): string {
  return date.replaceAll('-', '');
}

/** A date or a `RD8` range (`20050314-20050325`) as ISO from/to dates. */
export function toDateRange(
  format: string | undefined,
  text: string | undefined,
): { from?: string; to?: string } {
  if (text === undefined) return {};
  if (format === 'RD8') {
    const [from, to] = text.split('-');
    return { from: toIsoDate(from), to: toIsoDate(to) };
  }
  const date = toIsoDate(text);
  return { from: date, to: date };
}

/** An element as a value: X12 leaves unused elements empty, which means absent. */
export function present(text: string | undefined): string | undefined {
  return text === undefined || text.length === 0 ? undefined : text;
}

/**
 * `text` apart from the file text it was cut from, for a value kept while the rest of the file is
 * read (an account or control number that posting remembers as a key). An element is a cut of a
 * 64 KB chunk of the file, and V8 keeps a cut of 13 characters or more as a view into that chunk,
 * which then lives as long as the cut: such keys, one per claim, held every chunk of a 20 MB file
 * (19 MB of the main thread's heap at the end of an 835). The copy holds its own characters (as a
 * view into a string one character longer). Shorter cuts are copies already.
 */
export function detached(text: string): string;
export function detached(text: string | undefined): string | undefined;
export function detached(text: string | undefined): string | undefined {
  return text === undefined || text.length < 13 ? text : (' ' + text).slice(1);
}
