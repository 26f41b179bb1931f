/** Display formats shared by every page: money from integer cents, rates, dates. */

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const int = new Intl.NumberFormat('en-US');

export function money(cents: number): string {
  return usd.format(cents / 100);
}

export function count(n: number): string {
  return int.format(n);
}

/** A 0…1 rate as a percentage with one decimal. */
export function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)} %`;
}

/** An ISO instant as a readable UTC time (the API and the audit trail are in UTC). */
export function instant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Today (UTC) minus `days`, as YYYY-MM-DD. */
export function daysAgo(days: number, from = new Date()): string {
  return new Date(from.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}
