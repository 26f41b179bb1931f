/** Axis arithmetic for the one chart component: linear values, bands and calendar days. */

export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  const m = max / p;
  const nice = m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10;
  return nice * p;
}

export function dayNumber(isoDay: string): number {
  return Math.round(Date.parse(`${isoDay.slice(0, 10)}T00:00:00Z`) / 86_400_000);
}

/**
 * Runs of consecutive points: a new run starts where a value is missing or where the time between
 * two points is longer than one step, so a week without data is drawn as a gap, not bridged.
 */
export function runs(
  days: readonly number[],
  values: readonly (number | null)[],
  stepDays: number,
): number[][] {
  const out: number[][] = [];
  let current: number[] = [];
  values.forEach((v, i) => {
    const prev = current[current.length - 1];
    const broken = v === null || (prev !== undefined && days[i]! - days[prev]! > stepDays);
    if (broken && current.length > 0) {
      out.push(current);
      current = [];
    }
    if (v !== null) current.push(i);
  });
  if (current.length > 0) out.push(current);
  return out;
}

/** About `n` tick positions among `count` items, always including the first and the last. */
export function tickIndexes(count: number, n: number): number[] {
  if (count <= n) return Array.from({ length: count }, (_, i) => i);
  const step = Math.ceil((count - 1) / (n - 1));
  const out: number[] = [];
  for (let i = 0; i < count - 1; i += step) out.push(i);
  out.push(count - 1);
  return out;
}
