import type { Classification } from '../classify/types.js';
import { CANONICAL_FIELDS } from '../ingest/profile.js';
import { EXCLUSION_REASONS, type ExclusionReason } from './eligibility.js';

export interface InputMetrics {
  source_system: string;
  file: string;
  format: string;
  checksum_sha256: string;
  size_bytes: number;
  already_ingested: boolean;
  read: number;
  accepted: number;
  quarantined: number;
  denied: number;
  candidates: number;
}

/** A run's (or one file's) counters as plain data, as they cross from a worker thread. */
export interface CountersSnapshot {
  readonly inputs: InputMetrics[];
  readonly outcomes: Record<'candidate' | ExclusionReason, number>;
  readonly byLabel: Record<string, number>;
  readonly byClassificationSource: Record<string, number>;
  readonly quarantineReasons: Record<string, number>;
  readonly missing: Record<string, Record<string, number>>;
  readonly unreadable: Record<string, Record<string, number>>;
}

/** Counters of one run, kept as plain objects so the metrics file is their JSON. */
export class RunCounters {
  readonly inputs: InputMetrics[] = [];
  readonly outcomes: Record<'candidate' | ExclusionReason, number> = Object.fromEntries([
    ['candidate', 0],
    ...EXCLUSION_REASONS.map((r) => [r, 0]),
  ]) as Record<'candidate' | ExclusionReason, number>;
  readonly byLabel: Record<string, number> = {};
  readonly byClassificationSource: Record<string, number> = {};
  readonly quarantineReasons: Record<string, number> = {};
  /** source → field → count of records where the field was missing. */
  readonly missing: Record<string, Record<string, number>> = {};
  /** source → field → count of values present but unreadable. */
  readonly unreadable: Record<string, Record<string, number>> = {};

  startInput(input: InputMetrics): InputMetrics {
    this.inputs.push(input);
    this.missing[input.source_system] ??= Object.fromEntries(CANONICAL_FIELDS.map((f) => [f, 0]));
    this.unreadable[input.source_system] ??= { submitted_at: 0, status: 0 };
    return input;
  }

  /** The counters as plain data. */
  snapshot(): CountersSnapshot {
    return {
      inputs: this.inputs,
      outcomes: this.outcomes,
      byLabel: this.byLabel,
      byClassificationSource: this.byClassificationSource,
      quarantineReasons: this.quarantineReasons,
      missing: this.missing,
      unreadable: this.unreadable,
    };
  }

  /**
   * Adds another set of counters (one batch's) to these; its input counts go to `input`, one of
   * this run's inputs.
   */
  absorb(other: CountersSnapshot, input: InputMetrics): void {
    for (const i of other.inputs) {
      input.read += i.read;
      input.accepted += i.accepted;
      input.quarantined += i.quarantined;
      input.denied += i.denied;
      input.candidates += i.candidates;
    }
    add(this.outcomes, other.outcomes);
    add(this.byLabel, other.byLabel);
    add(this.byClassificationSource, other.byClassificationSource);
    add(this.quarantineReasons, other.quarantineReasons);
    for (const [source, fields] of Object.entries(other.missing)) add(this.missing[source]!, fields);
    for (const [source, fields] of Object.entries(other.unreadable)) add(this.unreadable[source]!, fields);
  }

  /** Counts `count` records classified as `c`. */
  classified(c: Classification, count = 1): void {
    this.byLabel[c.label] = (this.byLabel[c.label] ?? 0) + count;
    this.byClassificationSource[c.source] = (this.byClassificationSource[c.source] ?? 0) + count;
  }

  quarantined(reason: string): void {
    this.quarantineReasons[reason] = (this.quarantineReasons[reason] ?? 0) + 1;
  }

  /** The metrics document; `read = accepted + quarantined` and `accepted = Σ outcomes` hold by construction and are checked. */
  build(extra: Record<string, unknown>): Record<string, unknown> {
    const sum = (pick: (i: InputMetrics) => number) => this.inputs.reduce((n, i) => n + pick(i), 0);
    const totals = {
      read: sum((i) => i.read),
      accepted: sum((i) => i.accepted),
      quarantined: sum((i) => i.quarantined),
      denied: sum((i) => i.denied),
      candidates: sum((i) => i.candidates),
      excluded_denied: sum((i) => i.denied) - sum((i) => i.candidates),
    };
    const outcomeSum = Object.values(this.outcomes).reduce((a, b) => a + b, 0);
    if (totals.read !== totals.accepted + totals.quarantined || outcomeSum !== totals.accepted) {
      throw new Error(`run counts do not add up: ${JSON.stringify({ totals, outcomeSum })}`);
    }
    const bySource: Record<string, Record<string, number>> = {};
    for (const i of this.inputs) {
      const s = (bySource[i.source_system] ??= {
        read: 0,
        accepted: 0,
        quarantined: 0,
        denied: 0,
        candidates: 0,
      });
      s.read! += i.read;
      s.accepted! += i.accepted;
      s.quarantined! += i.quarantined;
      s.denied! += i.denied;
      s.candidates! += i.candidates;
    }
    return {
      ...extra,
      inputs: this.inputs,
      totals,
      outcomes: this.outcomes,
      by_source: bySource,
      classification: { by_label: this.byLabel, by_source: this.byClassificationSource },
      quarantine_reasons: this.quarantineReasons,
      data_quality: { missing: this.missing, unreadable: this.unreadable },
    };
  }
}

function add(into: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
}
