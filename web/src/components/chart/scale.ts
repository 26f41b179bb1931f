/** Axis arithmetic for the one chart component: linear values, bands and calendar days. */

/**
 * Round axis ticks from 0 to at least `max`: about `count` steps of 1, 2 or 5 times a power of
 * ten, so counts get whole-number ticks and rates get 0.1 or 0.2 steps.
 */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * p >= raw) ?? 10) * p;
  const ticks = [0];
  // toPrecision: 3 × 0.05 is 0.15000000000000002 in floating point.
  for (let i = 1; ticks[ticks.length - 1]! < max; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
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
