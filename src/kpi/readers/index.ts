import { desynpufReader } from './desynpuf.js';
import { idrDateSource, idrReader, type IdrDates, type IdrDateSource } from './idr.js';
import { reclaimReader } from './reclaim.js';
import { rifReader } from './rif.js';
import type { LineReader } from './types.js';

export type { KpiLine, Layout, LineReader, RecordResult } from './types.js';
export { emptyIdrDates, type IdrDates, type IdrDateSource } from './idr.js';

/** What a header says a file is: lines to count, IDR dates to join, or neither. */
export type Recognised =
  | { readonly kind: 'lines'; readonly reader: LineReader }
  | { readonly kind: 'dates'; readonly source: IdrDateSource }
  | { readonly kind: 'unknown' };

/** Recognises a file by its header columns; the order tries the most specific layouts first. */
export function recognise(header: readonly string[], idrDates: IdrDates): Recognised {
  const reader =
    desynpufReader(header) ?? rifReader(header) ?? idrReader(header, idrDates) ?? reclaimReader(header);
  if (reader) return { kind: 'lines', reader };
  const source = idrDateSource(header);
  return source ? { kind: 'dates', source } : { kind: 'unknown' };
}
