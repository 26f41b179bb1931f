import { closeSync, mkdtempSync, openSync, readSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReclaimError } from '../errors.js';

export interface GuardLimits {
  /** Candidates remembered exactly in memory before they are written out (default 2^17). */
  readonly recentKeys?: number;
  /** Size of the filter over every candidate, in bits, a power of two (default 2^25: 4 MB). */
  readonly filterBits?: number;
}

/** Fingerprints per block of a run on disk: one block (4 KB) is read per lookup in a run. */
const BLOCK_KEYS = 512;
/** Bit positions a fingerprint sets in the filter. */
const FILTER_PROBES = 4;

/**
 * A claim id is resubmitted at most once per run: the first record (in input order) that passes
 * every other check is the candidate; later ones that would pass are `duplicate_claim`.
 *
 * Only candidate ids are remembered, as 64-bit fingerprints (`fingerprint`), in memory of a fixed
 * size however large the input: the latest ones exactly, in a hash set of at most `recentKeys`;
 * every one of them in a filter of `filterBits` that tells, for nearly every new candidate, that
 * it is new. When the set is full its fingerprints are written out, sorted, to a file that only
 * this guard can reach (unlinked as soon as it is opened: it goes with the process, however that
 * ends). Only a fingerprint the filter may have seen (a duplicate, or a rare false alarm: about
 * one in 24,000 at 700,000 candidates, one in 1,800 at 1.4 million) is looked up in the set and
 * then in each run on disk, one 4 KB block each. Memory: at most 2 MB of set, 4 MB of filter and
 * 2 KB per run, where an exact set of everything took 8 MB at 5 M rows and 16 MB at 10 M.
 *
 * A fingerprint collision could only mark a claim as a duplicate, never resubmit one twice.
 */
export class DuplicateGuard {
  private readonly recentKeys: number;
  private readonly filter: Uint32Array;
  private readonly recent = new FingerprintSet();
  private spilled: SortedRuns | null = null;

  constructor(limits: GuardLimits = {}) {
    this.recentKeys = limits.recentKeys ?? 1 << 17;
    this.filter = new Uint32Array((limits.filterBits ?? 1 << 25) / 32);
  }

  /** True when `claimId` was already taken; otherwise takes it. */
  seen(claimId: string): boolean {
    const key = fingerprint(claimId);
    return this.seenKey(key[0], key[1]);
  }

  /** The same by fingerprint (see `fingerprint`): how candidates of files read apart are merged. */
  seenKey(high: number, low: number): boolean {
    if (this.mark(high, low) && (this.recent.has(high, low) || this.spilled?.has(high, low))) return true;
    this.recent.add(high, low);
    if (this.recent.size >= this.recentKeys) {
      (this.spilled ??= new SortedRuns()).write(this.recent.sorted());
      this.recent.clear();
    }
    return false;
  }

  /** Lets the file go, if there is one. The guard is not used afterwards. */
  close(): void {
    this.spilled?.close();
    this.spilled = null;
  }

  /**
   * Sets a fingerprint's bits in the filter (FILTER_PROBES positions, by double hashing on its
   * halves) and tells whether they were all set already: false means it is new for certain.
   */
  private mark(high: number, low: number): boolean {
    const mask = this.filter.length * 32 - 1;
    let all = true;
    for (let p = 0, at = high; p < FILTER_PROBES; p++, at = (at + (low | 1)) | 0) {
      const bit = at & mask;
      const word = bit >>> 5;
      const flag = 1 << (bit & 31);
      if ((this.filter[word]! & flag) === 0) {
        all = false;
        this.filter[word]! |= flag;
      }
    }
    return all;
  }
}

/**
 * FNV-1a over UTF-16 code units, two 32-bit lanes with different offsets, as [high, low]; never
 * [0, 0] (the empty slot). Plain numbers, not a BigInt: this runs once per candidate.
 */
export function fingerprint(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  a >>>= 0;
  b >>>= 0;
  return a === 0 && b === 0 ? [0, 1] : [a, b];
}

/** An exact set of fingerprints: a typed-array hash table, at most three quarters full. */
class FingerprintSet {
  /** Pairs (high, low); (0, 0) is an empty slot, which no fingerprint is. */
  private slots = new Uint32Array(2 << 12);
  size = 0;

  has(high: number, low: number): boolean {
    const mask = (this.slots.length >>> 1) - 1;
    const slots = this.slots;
    for (let i = (low ^ high) & mask; ; i = (i + 1) & mask) {
      const h = slots[2 * i]!;
      const l = slots[2 * i + 1]!;
      if (h === 0 && l === 0) return false;
      if (h === high && l === low) return true;
    }
  }

  /** Adds a fingerprint that is not in the set. */
  add(high: number, low: number): void {
    // Slots hold two numbers a pair: linear probing stays short at three quarters full.
    if ((this.size + 1) * 8 > this.slots.length * 3) this.grow();
    const mask = (this.slots.length >>> 1) - 1;
    const slots = this.slots;
    let i = (low ^ high) & mask;
    while (slots[2 * i] !== 0 || slots[2 * i + 1] !== 0) i = (i + 1) & mask;
    slots[2 * i] = high;
    slots[2 * i + 1] = low;
    this.size++;
  }

  /** Every fingerprint as one 64-bit number (high half first), in ascending order. */
  sorted(): BigUint64Array {
    const keys = new BigUint64Array(this.size);
    let n = 0;
    for (let i = 0; i < this.slots.length; i += 2)
      if (this.slots[i] !== 0 || this.slots[i + 1] !== 0)
        keys[n++] = joined(this.slots[i]!, this.slots[i + 1]!);
    return keys.sort();
  }

  clear(): void {
    this.slots.fill(0);
    this.size = 0;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.size = 0;
    for (let i = 0; i < old.length; i += 2)
      if (old[i] !== 0 || old[i + 1] !== 0) this.add(old[i]!, old[i + 1]!);
  }
}

function joined(high: number, low: number): bigint {
  return (BigInt(high) << 32n) | BigInt(low);
}

/**
 * Sorted runs of fingerprints, one after another in a file nobody else can open. For each run,
 * memory holds the first fingerprint of every block, so a lookup reads one block per run.
 */
class SortedRuns {
  private readonly fd: number;
  private readonly runs: { offset: number; count: number; firsts: BigUint64Array }[] = [];
  private end = 0;
  private readonly block = new BigUint64Array(BLOCK_KEYS);

  constructor() {
    this.fd = unwritable(() => {
      const dir = mkdtempSync(join(tmpdir(), 'reclaim-guard-'));
      const path = join(dir, 'candidates');
      const fd = openSync(path, 'wx+', 0o600);
      unlinkSync(path);
      rmdirSync(dir);
      return fd;
    });
  }

  write(keys: BigUint64Array): void {
    const bytes = new Uint8Array(keys.buffer, keys.byteOffset, keys.byteLength);
    unwritable(() => {
      for (let at = 0; at < bytes.length;)
        at += writeSync(this.fd, bytes, at, bytes.length - at, this.end + at);
    });
    const firsts = new BigUint64Array(Math.ceil(keys.length / BLOCK_KEYS));
    for (let b = 0; b < firsts.length; b++) firsts[b] = keys[b * BLOCK_KEYS]!;
    this.runs.push({ offset: this.end, count: keys.length, firsts });
    this.end += bytes.length;
  }

  has(high: number, low: number): boolean {
    const key = joined(high, low);
    for (const run of this.runs) {
      const b = lastAtMost(run.firsts, run.firsts.length, key);
      if (b < 0) continue;
      const count = Math.min(BLOCK_KEYS, run.count - b * BLOCK_KEYS);
      const bytes = count * 8;
      const position = run.offset + b * BLOCK_KEYS * 8;
      for (let at = 0; at < bytes;) {
        const read = readSync(this.fd, this.block, at, bytes - at, position + at);
        if (read === 0) throw new Error('the duplicate guard file is shorter than what was written to it');
        at += read;
      }
      const i = lastAtMost(this.block, count, key);
      if (i >= 0 && this.block[i] === key) return true;
    }
    return false;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Runs `work`, telling a failure to write as what it is and where (the disk is full, say). */
function unwritable<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new ReclaimError(
      'OUTPUT_NOT_WRITABLE',
      `cannot keep candidate fingerprints in the temporary directory ${tmpdir()} (TMPDIR): ${(error as Error).message}`,
      { field: 'TMPDIR' },
      { cause: error },
    );
  }
}

/** Index of the last of `sorted[0 .. length)` that is at most `key`, or -1. */
function lastAtMost(sorted: BigUint64Array, length: number, key: bigint): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
