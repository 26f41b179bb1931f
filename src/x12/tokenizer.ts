import { scanBareTransaction, scanInterchangeHeader, type Delimiters } from './delimiters.js';
import type { Segment } from './segment.js';
import { describeText } from '../io/describe-text.js';
import { x12Error } from './x12-error.js';

/**
 * The longest segment read: X12 segments are a few hundred characters at most. Longer text
 * without the declared terminator means the file uses another one (or is not X12), and is refused
 * once this much is read, not at its end: memory stays bounded and the time linear.
 */
export const MAX_SEGMENT_CHARS = 1 << 20;
/**
 * The longest element read. The longest in 835 and 837 are a few hundred characters (MSG01: 264);
 * what is read is stored, and keys such as a claim's account and control numbers must fit a
 * database index entry (2,704 bytes for all of its columns).
 */
export const MAX_ELEMENT_CHARS = 1000;

/**
 * Splits X12 text into segments, one chunk at a time, so a file larger than memory streams
 * through. Delimiters are read from each ISA (or guessed from ST when a file has no envelope) and
 * re-read after every IEA, so interchanges with different delimiters can follow each other.
 * Blank characters between segments (CR, LF, CRLF, indentation) are ignored.
 *
 * Every failure is a `ReclaimError` with code `INVALID_X12` naming the file and segment index.
 */
export class X12Tokenizer {
  private pending = '';
  /**
   * Text read after `pending` in which the terminator does not occur: kept apart, and joined once
   * the terminator arrives, so that a long segment is neither rescanned nor re-concatenated on
   * every chunk (that was quadratic: a 40 MB element took 42 s).
   */
  private parts: string[] = [];
  private partsLength = 0;
  private delimiters: Delimiters | undefined;
  private count = 0;
  private started = false;
  /** Segments cut since delimiters were last read from a header. */
  private sinceHeader = 0;
  /** Separator positions of the segment being cut (reused). */
  private cuts: number[] = [];

  /**
   * With `onSegment`, each segment is handed over as soon as it is cut, so it can die young
   * (collecting a chunk's segments first costs more in garbage collection than the split itself);
   * without it, `push` and `end` return the segments.
   */
  constructor(
    private readonly file: string,
    private readonly onSegment?: (segment: Segment) => void,
  ) {}

  /** Segments completed by this chunk of text. */
  push(text: string): Segment[] {
    if (text.includes('\0'))
      throw x12Error(this.file, this.count + 1, 'binary content (NUL byte), not X12 text');
    const delimiters = this.delimiters;
    if (delimiters === undefined || this.pending.length === 0) {
      this.pending = this.joined() + text;
      return this.drain(false);
    }
    const end = text.indexOf(delimiters.segment);
    if (end < 0) {
      // Still inside the segment that `pending` starts.
      this.parts.push(text);
      this.partsLength += text.length;
      this.checkLength();
      return [];
    }
    // The segment that `pending` starts ends in this chunk: it is cut on its own, and then the
    // chunk from where it ends, so that the chunk is never copied into a longer string.
    this.pending = this.joined() + text.slice(0, end + 1);
    const first = this.drain(false);
    if (this.pending.length > 0) {
      // Not all cut (delimiters to be read again from what is left): the plain way.
      this.pending += text.slice(end + 1);
      return first.concat(this.drain(false));
    }
    this.pending = text;
    const rest = this.drain(false, end + 1);
    return first.length === 0 ? rest : first.concat(rest);
  }

  /** Segments left at the end of input; throws when the input stops inside a segment. */
  end(): Segment[] {
    this.pending = this.joined();
    const segments = this.drain(true);
    if (!this.started) throw x12Error(this.file, 1, 'empty file: no ISA or ST segment');
    return segments;
  }

  /** How many segments have been produced so far. */
  get segmentCount(): number {
    return this.count;
  }

  /** Cuts what can be cut of `pending` from `from` on; keeps the rest in `pending`. */
  private drain(final: boolean, from = 0): Segment[] {
    const out: Segment[] = [];
    const emit = this.onSegment ?? ((segment: Segment) => void out.push(segment));
    const text = this.pending;
    let pos = from;
    for (;;) {
      if (this.delimiters === undefined) {
        pos = skipBlank(text, pos);
        if (pos >= text.length) break;
        const scan = this.scanHeader(text, pos, final);
        if (scan === 'need-more') break;
        this.delimiters = scan.delimiters;
        this.started = true;
        this.sinceHeader = 0;
      }
      const next = this.cutAll(text, pos, this.delimiters, emit);
      if (next < 0) {
        // Everything terminated is cut; keep the unterminated rest.
        pos = -next - 1;
        break;
      }
      pos = next;
    }
    this.pending = pos === 0 ? text : text.slice(pos);
    if (this.delimiters !== undefined) this.checkLength();
    if (final) this.finish(emit);
    return out;
  }

  private tooLong(element: number): never {
    throw x12Error(
      this.file,
      this.count,
      `element ${element} is longer than ${MAX_ELEMENT_CHARS} characters (wrong delimiters or not X12)`,
    );
  }

  private joined(): string {
    if (this.parts.length === 0) return this.pending;
    const text = this.pending + this.parts.join('');
    this.parts = [];
    this.partsLength = 0;
    return text;
  }

  /** Refuses a segment that has grown past any real one (the rest of the file is not read). */
  private checkLength(): void {
    if (this.pending.length + this.partsLength > MAX_SEGMENT_CHARS)
      throw x12Error(
        this.file,
        this.count + 1,
        `no segment terminator in ${MAX_SEGMENT_CHARS >> 20} MiB of text (the file does not end its segments with the character its header declares, or is not X12)`,
      );
  }

  /**
   * Cuts every terminated segment from `pos`, slicing elements straight out of the chunk. Each
   * terminator and separator is found with `indexOf` (a native scan, cheaper than a `charCodeAt`
   * loop); the next separator is remembered, so a stretch without one (segments with no elements)
   * is scanned once, not once per segment. Returns the position where delimiters must be read
   * again (after an IEA, or at an ISA with no IEA before it), or `-(p + 1)` where `p` is the start
   * of the unterminated rest.
   */
  private cutAll(
    text: string,
    pos: number,
    delimiters: Delimiters,
    emit: (segment: Segment) => void,
  ): number {
    const terminator = delimiters.segment;
    const separator = delimiters.element;
    const length = text.length;
    let start = pos;
    /** The first separator at or after where it was last looked for; `length` when none. */
    let nextSeparator = -1;
    for (;;) {
      const stop = text.indexOf(terminator, start);
      if (stop < 0) return this.checkRest(text, start, separator);
      // Blanks between segments (a terminator that is itself a line end is never skipped).
      let s = start;
      while (s < stop && isBlankCode(text.charCodeAt(s))) s++;
      if (s === stop) {
        start = stop + 1;
        continue;
      }
      if (nextSeparator < s) {
        nextSeparator = text.indexOf(separator, s);
        if (nextSeparator < 0) nextSeparator = length;
      }
      let elements: string[];
      if (nextSeparator > stop) {
        let e = stop;
        while (e > s && isLineEnd(text.charCodeAt(e - 1))) e--;
        elements = [this.segmentId(text, s, e)];
      } else {
        const id = this.segmentId(text, s, nextSeparator);
        // The separators first, then an array of the right size: growing one by push cost more.
        const cuts = this.cuts;
        let n = 0;
        while (nextSeparator < stop) {
          cuts[n++] = nextSeparator;
          nextSeparator = text.indexOf(separator, nextSeparator + 1);
          if (nextSeparator < 0) nextSeparator = length;
        }
        elements = new Array<string>(n + 1);
        elements[0] = id;
        let from = s;
        for (let k = 1; k < n; k++) {
          from = (cuts[k - 1] ?? 0) + 1;
          const to = cuts[k] ?? 0;
          if (to - from > MAX_ELEMENT_CHARS) this.tooLong(k);
          elements[k] = text.slice(from, to);
        }
        from = (cuts[n - 1] ?? 0) + 1;
        let e = stop;
        while (e > from && isLineEnd(text.charCodeAt(e - 1))) e--;
        if (e - from > MAX_ELEMENT_CHARS) this.tooLong(n);
        elements[n] = text.slice(from, e);
        if (n > 1024) this.cuts = [];
      }
      const segment: Segment = { elements, index: this.count, delimiters };
      const id = elements[0];
      if (id === 'ISA' && this.sinceHeader > 0) {
        // An interchange that was never closed by IEA: the next one may declare other
        // delimiters, so read them again from this ISA (the envelope reports the missing IEA).
        this.count--;
        this.delimiters = undefined;
        return start;
      }
      this.sinceHeader++;
      emit(segment);
      start = stop + 1;
      if (id === 'IEA') {
        this.delimiters = undefined;
        return start;
      }
    }
  }

  /**
   * The text from `start` holds no terminator: it is kept for the next chunk, but what can be
   * checked already is, so that a wrong segment id or an overlong element is refused as soon as it
   * is read (and the refusal does not depend on where chunks end). Returns `-(start + 1)`.
   */
  private checkRest(text: string, start: number, separator: string): number {
    let s = start;
    while (s < text.length && isBlankCode(text.charCodeAt(s))) s++;
    let at = text.indexOf(separator, s);
    if (at < 0) return -start - 1;
    this.segmentId(text, s, at);
    for (let element = 1; ; element++) {
      const from = at + 1;
      at = text.indexOf(separator, from);
      if (at < 0) break;
      if (at - from > MAX_ELEMENT_CHARS) this.tooLong(element);
    }
    this.count--;
    return -start - 1;
  }

  /** Counts a new segment and returns its id, or throws naming it when `text[start, end)` is none. */
  private segmentId(text: string, start: number, end: number): string {
    const index = ++this.count;
    const id = segmentId(text, start, end);
    if (id !== undefined) return id;
    throw x12Error(
      this.file,
      index,
      // Described, not repeated: with wrong delimiters this is any text, a patient's name too.
      `invalid segment id (${describeText(text.slice(start, Math.min(end, start + 64)))}${end - start > 64 ? ' and more' : ''}; wrong delimiters or not X12)`,
    );
  }

  private finish(emit: (segment: Segment) => void): void {
    const rest = this.pending;
    this.pending = '';
    if (skipBlank(rest, 0) >= rest.length) return;
    const delimiters = this.delimiters;
    if (delimiters === undefined)
      throw x12Error(this.file, this.count + 1, 'truncated: file ends inside a segment');
    // A last segment without its terminator is accepted only when it closes the file (IEA, or
    // SE/GE without an envelope); anything else means the file was cut short.
    const segment = this.cut(rest, 0, rest.length, delimiters);
    const id = segment?.elements[0];
    if (segment && (id === 'IEA' || (!delimiters.enveloped && (id === 'SE' || id === 'GE')))) {
      emit(segment);
      return;
    }
    throw x12Error(this.file, this.count, 'truncated: last segment has no terminator');
  }

  private scanHeader(text: string, pos: number, final: boolean) {
    const segment = this.count + 1;
    if (text.length - pos < 4 && !final) return 'need-more' as const;
    if (text.startsWith('ISA', pos)) return scanInterchangeHeader(text, pos, final, this.file, segment);
    if (text.startsWith('ST', pos) && !this.started)
      return scanBareTransaction(text, pos, final, this.file, segment);
    throw x12Error(
      this.file,
      segment,
      this.started ? 'expected ISA after IEA' : 'not X12: the file does not start with ISA or ST',
    );
  }

  /** The segment in `text[start, end)` without surrounding blanks, or undefined when blank. */
  private cut(text: string, start: number, end: number, delimiters: Delimiters): Segment | undefined {
    let s = start;
    let e = end;
    while (s < e && isBlankCode(text.charCodeAt(s))) s++;
    while (e > s && isLineEnd(text.charCodeAt(e - 1))) e--;
    if (s === e) return undefined;
    const separator = delimiters.element;
    let at = text.indexOf(separator, s);
    if (at < 0 || at > e) at = e;
    const id = this.segmentId(text, s, at);
    const index = this.count;
    const elements: string[] = [id];
    s = at + 1;
    while (at < e) {
      at = text.indexOf(separator, s);
      if (at < 0 || at >= e) at = e;
      if (at - s > MAX_ELEMENT_CHARS) this.tooLong(elements.length);
      elements.push(text.slice(s, at));
      s = at + 1;
    }
    return { elements, index, delimiters };
  }
}

function isBlankCode(code: number): boolean {
  return code === 10 || code === 13 || code === 32 || code === 9;
}

function isLineEnd(code: number): boolean {
  return code === 10 || code === 13;
}

function skipBlank(text: string, pos: number): number {
  while (pos < text.length && (isBlankCode(text.charCodeAt(pos)) || text.charCodeAt(pos) === 0xfeff)) pos++;
  return pos;
}

/**
 * The ids the readers dispatch on, as source literals: V8 keeps literals internalized, so a
 * `switch` over a segment id compares pointers instead of characters.
 */
const KNOWN_IDS = [
  'ISA',
  'IEA',
  'GS',
  'GE',
  'ST',
  'SE',
  'BPR',
  'TRN',
  'CUR',
  'REF',
  'DTM',
  'N1',
  'N3',
  'N4',
  'PER',
  'LX',
  'TS3',
  'TS2',
  'CLP',
  'CAS',
  'NM1',
  'MIA',
  'MOA',
  'AMT',
  'QTY',
  'SVC',
  'LQ',
  'PLB',
  'BHT',
  'HL',
  'PRV',
  'SBR',
  'PAT',
  'DMG',
  'CLM',
  'DTP',
  'HI',
  'SV1',
  'SV2',
  'PWK',
  'CN1',
  'NTE',
];

/**
 * Where a segment id sits among all possible ones (26 × 37 × 37), or -1 when `text[start, end)` is
 * none: two or three characters, an upper-case letter then upper-case letters or digits. The first
 * letter counts 0-25; each later character 1-36 (digits, then letters), or 0 when absent.
 */
function idCode(text: string, start: number, end: number): number {
  const length = end - start;
  if (length < 2 || length > 3) return -1;
  let code = text.charCodeAt(start) - 65;
  if (code < 0 || code > 25) return -1;
  for (let i = start + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    const value = c >= 48 && c <= 57 ? c - 47 : c >= 65 && c <= 90 ? c - 54 : -1;
    if (value < 0) return -1;
    code = code * 37 + value;
  }
  return length === 2 ? code * 37 : code;
}

/**
 * Segment ids by code: an id is found by one array read, and every occurrence of it is the same
 * string (the known ones: the literals above).
 */
const SEGMENT_IDS = new Array<string | undefined>(26 * 37 * 37).fill(undefined);
for (const id of KNOWN_IDS) SEGMENT_IDS[idCode(id, 0, id.length)] = id;

/** The segment id in `text[start, end)` when it is one, else undefined. */
function segmentId(text: string, start: number, end: number): string | undefined {
  const code = idCode(text, start, end);
  if (code < 0) return undefined;
  let id = SEGMENT_IDS[code];
  if (id === undefined) {
    id = text.slice(start, end);
    SEGMENT_IDS[code] = id;
  }
  return id;
}
