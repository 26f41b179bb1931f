import { describeText } from '../io/describe-text.js';
import { ClaimReader } from './claims/reader.js';
import { RemittanceReader } from './era/reader.js';
import type { Segment } from './segment.js';
import type { EnvelopeLevel, TransactionReader, X12Sink } from './sink.js';
import { present, toIsoDate, toTime } from './values.js';
import { x12Error } from './x12-error.js';

/**
 * What to do with a transaction, group or interchange that is never closed by its trailer:
 * `warn` reads what it has (parsing), `refuse` throws (the whole file fails), `reject` drops that
 * envelope and everything in it, tells the sink, and reads on (ingest: the others are kept).
 */
export type TrailerMode = 'warn' | 'refuse' | 'reject';

const LEVELS: readonly EnvelopeLevel[] = ['transaction', 'group', 'interchange'];

interface Open {
  readonly segment: Segment;
  count: number;
}

/**
 * Follows the envelope (ISA … GS … ST … SE … GE … IEA, or bare ST … SE), hands each transaction's
 * segments to the reader for its set (835 or 837), and checks the trailers: counts and control
 * numbers that disagree are warnings, a structure that cannot be followed is an `INVALID_X12`.
 */
export class EnvelopeReader {
  private interchange: Open | undefined;
  private group: Open | undefined;
  private transaction: (Open & { reader: TransactionReader | undefined }) | undefined;
  private version: string | undefined;
  /** In `reject` mode, after an interchange whose structure cannot be followed: skip to the next ISA. */
  private skipping = false;
  private readonly mode: TrailerMode;

  /**
   * `mode` (or `true` for `refuse`): what a transaction, group or interchange left open (no SE,
   * GE or IEA) means. Storing callers refuse or reject, so that a file cut at a segment boundary
   * never posts its last claim half-read.
   */
  constructor(
    private readonly file: string,
    private readonly sink: X12Sink,
    mode: TrailerMode | boolean = 'warn',
  ) {
    this.mode = mode === true ? 'refuse' : mode === false ? 'warn' : mode;
  }

  segment(seg: Segment): void {
    const tx = this.transaction;
    const id = seg.elements[0];
    if (this.skipping) {
      if (id !== 'ISA') return;
      this.skipping = false;
    }
    if (tx) {
      tx.count++;
      // Envelope ids all start with S, G or I; most segments are settled by one character test.
      const first = id?.charCodeAt(0);
      if (first !== 83 && first !== 71 && first !== 73) return tx.reader?.segment(seg);
      if (id === 'SE') return this.se(seg, tx);
      if (id === 'ISA' || id === 'ST' || id === 'GS' || id === 'GE' || id === 'IEA') {
        tx.count--;
        this.closeOpen(
          seg.index,
          id === 'GE'
            ? 'transaction'
            : id === 'IEA'
              ? 'group'
              : id === 'ISA'
                ? 'interchange'
                : id === 'GS'
                  ? 'group'
                  : 'transaction',
        );
        return this.segment(seg);
      }
      tx.reader?.segment(seg);
      return;
    }
    switch (id ?? '') {
      case 'ISA':
        if (this.interchange) this.closeOpen(seg.index, 'interchange');
        this.interchange = { segment: seg, count: 0 };
        this.sink.envelopeStart?.('interchange', seg.index);
        return;
      case 'GS':
        if (!this.interchange) return this.broken(seg, 'GS outside an interchange');
        if (this.group) this.closeOpen(seg.index, 'group');
        this.group = { segment: seg, count: 0 };
        this.version = present(seg.elements[8]);
        this.sink.envelopeStart?.('group', seg.index);
        return;
      case 'ST':
        return this.st(seg);
      case 'GE':
        if (!this.group) return this.broken(seg, 'GE without GS');
        this.checkTrailer(seg, this.group, 'GE', 'GS06', this.group.segment.elements[6]);
        if (this.interchange) this.interchange.count++;
        this.group = undefined;
        return;
      case 'IEA':
        if (!this.interchange) return this.broken(seg, 'IEA without ISA');
        if (this.group) this.closeOpen(seg.index, 'group');
        this.checkTrailer(seg, this.interchange, 'IEA', 'ISA13', this.interchange.segment.elements[13]);
        this.interchange = undefined;
        this.version = undefined;
        return;
      default:
        return this.broken(seg, `${id ?? ''} outside a transaction (expected ST)`);
    }
  }

  /**
   * A segment the envelope cannot place. Refused, except in `reject` mode inside an interchange:
   * that interchange is rejected whole and reading resumes at the next ISA.
   */
  private broken(seg: Segment, reason: string): void {
    const interchange = this.interchange;
    if (this.mode !== 'reject' || !interchange) throw x12Error(this.file, seg.index, reason);
    this.sink.rejected?.({
      segment: seg.index,
      level: 'interchange',
      position: interchange.segment.index,
      message: `interchange at segment ${interchange.segment.index} rejected: ${reason}`,
    });
    this.interchange = undefined;
    this.group = undefined;
    this.transaction = undefined;
    this.version = undefined;
    this.skipping = true;
  }

  /** Called at the end of input: anything still open was never closed by its trailer. */
  end(lastIndex: number): void {
    this.closeOpen(lastIndex, 'interchange');
  }

  /**
   * Closes what is open, innermost first, up to `level`: a missing SE still delivers the claims
   * read so far (with a warning), unless the reader is strict.
   */
  private closeOpen(at: number, level: EnvelopeLevel): void {
    const levels = LEVELS.indexOf(level) + 1;
    const open: [Open | undefined, string][] = [
      [this.transaction, 'SE'],
      [this.group, 'GE'],
      [this.interchange, 'IEA'],
    ];
    const messages: string[] = [];
    for (const [item, closer] of open.slice(0, levels)) {
      if (!item) continue;
      const id = item.segment.elements[0] ?? '';
      const message = `${id} at segment ${item.segment.index} is never closed by ${closer}`;
      if (this.mode === 'refuse') throw x12Error(this.file, at, `truncated: ${message}`);
      this.sink.warning?.({ segment: at, code: 'MISSING_TRAILER', message });
      messages.push(message);
    }
    const reader = this.transaction?.reader;
    if (this.mode === 'reject' && reader instanceof ClaimReader) {
      // An 837 claim is delivered once the next one starts, so every claim but the one being
      // read is whole: only that one is dropped.
      const position = reader.abandon();
      if (position !== undefined) {
        this.sink.rejected?.({
          segment: at,
          level: 'claim',
          position,
          message: `claim at segment ${position} rejected: truncated: ${messages[0]}`,
        });
      }
    } else if (this.mode === 'reject' && this.transaction) {
      // A payment is whole or nothing: its transaction set goes, the others stay. A missing GE or
      // IEA alone is a warning: the transaction sets inside were each closed and counted.
      const st = this.transaction.segment.index;
      this.sink.rejected?.({
        segment: at,
        level: 'transaction',
        position: st,
        message: `transaction set at segment ${st} rejected: truncated: ${messages[0]}`,
      });
      this.transaction = undefined;
    }
    if (this.transaction) {
      this.transaction.reader?.end(this.transaction.segment);
      this.finishTransaction(this.transaction);
    }
    if (levels >= 2) this.group = undefined;
    if (levels >= 3) {
      this.interchange = undefined;
      this.version = undefined;
    }
  }

  private st(seg: Segment): void {
    if (seg.delimiters.enveloped && !this.group)
      return this.broken(seg, 'ST outside a functional group (GS)');
    this.sink.envelopeStart?.('transaction', seg.index);
    const setId = seg.elements[1] ?? '';
    let reader: TransactionReader | undefined;
    if (setId === '835') reader = new RemittanceReader(seg, this.version, this.sink);
    else if (setId === '837') {
      const isa = this.interchange?.segment.elements;
      const gs = this.group?.segment.elements;
      reader = new ClaimReader(
        seg,
        {
          version: this.version,
          interchangeControlNumber: present(isa?.[13]?.trim()),
          groupDate: toIsoDate(gs?.[4]),
          groupTime: toTime(gs?.[5]),
        },
        this.sink,
      );
    } else {
      this.sink.warning?.({
        segment: seg.index,
        code: 'UNSUPPORTED_TRANSACTION',
        message: `transaction set ${/^\d{3}$/.test(setId ?? '') ? setId : `id (${describeText(setId ?? '')})`} is not read (only 835 and 837)`,
      });
    }
    this.transaction = { segment: seg, count: 1, reader };
  }

  private se(seg: Segment, tx: Open & { reader: TransactionReader | undefined }): void {
    tx.reader?.end(seg);
    const declared = seg.elements[1];
    if (declared !== String(tx.count)) {
      this.sink.warning?.({
        segment: seg.index,
        code: 'SEGMENT_COUNT_MISMATCH',
        message: `SE01 says ${count(declared)} segments, the transaction has ${tx.count}`,
      });
    }
    if ((seg.elements[2] ?? '') !== (tx.segment.elements[2] ?? '')) {
      this.sink.warning?.({
        segment: seg.index,
        code: 'CONTROL_NUMBER_MISMATCH',
        message: 'SE02 differs from ST02',
      });
    }
    this.finishTransaction(tx);
  }

  private finishTransaction(tx: Open): void {
    this.sink.transactionEnd?.({
      setId: tx.segment.elements[1] ?? '',
      controlNumber: tx.segment.elements[2] ?? '',
      version: present(tx.segment.elements[3]) ?? this.version,
      position: tx.segment.index,
      segmentCount: tx.count,
      interchangeControlNumber: this.interchange?.segment.elements[13],
      senderId: this.interchange?.segment.elements[6]?.trim(),
    });
    if (this.group) this.group.count++;
    this.transaction = undefined;
  }

  private checkTrailer(
    seg: Segment,
    open: Open,
    id: string,
    field: string,
    control: string | undefined,
  ): void {
    const declared = seg.elements[1];
    if (declared !== String(open.count)) {
      this.sink.warning?.({
        segment: seg.index,
        code: 'SEGMENT_COUNT_MISMATCH',
        message: `${id}01 says ${count(declared)}, counted ${open.count}`,
      });
    }
    if ((seg.elements[2] ?? '').trim() !== (control ?? '').trim()) {
      this.sink.warning?.({
        segment: seg.index,
        code: 'CONTROL_NUMBER_MISMATCH',
        message: `${id}02 differs from ${field}`,
      });
    }
  }
}

/** A declared count as written when it is one; otherwise described, never repeated. */
function count(declared: string | undefined): string {
  if (declared === undefined) return '(missing)';
  return /^\d{1,10}$/.test(declared) ? declared : `(not a number: ${describeText(declared)})`;
}
