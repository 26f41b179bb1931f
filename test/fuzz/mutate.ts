/**
 * Mutation-based input generation for the fuzz harness: seeded, so that a case can be replayed
 * from its seed and number. Every value a mutation adds to a file carries the CANARY, which must
 * never appear in a message (the stand-in for a patient's name or a member id).
 */
export const CANARY = 'Qzxcanary';

/** A small, fast, seeded generator (mulberry32). */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/** Bytes and text that trip readers: delimiters, line ends, escapes, encodings, sizes. */
const SPECIALS: readonly (string | Buffer)[] = [
  '\0',
  '\r',
  '\n',
  '\r\n',
  '"',
  '""',
  ',',
  '\t',
  '{',
  '}',
  '[',
  ']',
  ':',
  '\\',
  '\\u0000',
  '\\ud800',
  '\\"',
  '~',
  '*',
  '^',
  '|',
  '>',
  '\ufeff',
  'null',
  'NaN',
  '-0',
  '1e309',
  '99999999999999999999',
  '2025-02-30',
  '0000-01-01',
  'ISA',
  'IEA*1*',
  'SE*',
  'CLP*',
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0xc3]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xf0, 0x9f, 0x98, 0x80]),
];

function canary(random: Random): string {
  return `${CANARY}${random.int(1e6)}`;
}

/** One to four mutations of `seed`: inserted, replaced, deleted, repeated, swapped or cut bytes. */
export function mutate(seed: Buffer, random: Random): Buffer {
  let bytes = seed;
  const steps = 1 + random.int(4);
  for (let s = 0; s < steps; s++) {
    const at = random.int(bytes.length + 1);
    const span = Math.min(bytes.length - at, 1 + random.int(random.next() < 0.9 ? 16 : 4096));
    const op = random.int(9);
    const special = (): Buffer => {
      const v = random.pick(SPECIALS);
      return typeof v === 'string' ? Buffer.from(v) : v;
    };
    switch (op) {
      case 0:
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(canary(random)), bytes.subarray(at)]);
        break;
      case 1:
        bytes = Buffer.concat([
          bytes.subarray(0, at),
          Buffer.from(canary(random)),
          bytes.subarray(at + span),
        ]);
        break;
      case 2:
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + span)]);
        break;
      case 3: {
        const times = 1 + random.int(random.next() < 0.95 ? 3 : 200);
        const piece = bytes.subarray(at, at + span);
        bytes = Buffer.concat([
          bytes.subarray(0, at),
          ...Array<Buffer>(times).fill(piece),
          bytes.subarray(at),
        ]);
        break;
      }
      case 4:
      case 5:
        bytes = Buffer.concat([bytes.subarray(0, at), special(), bytes.subarray(at)]);
        break;
      case 6:
        bytes = Buffer.concat([bytes.subarray(0, at), special(), bytes.subarray(at + span)]);
        break;
      case 7:
        bytes = bytes.subarray(0, at);
        break;
      case 8: {
        // A long value: a field that runs on (tens of KB, now and then hundreds).
        const length = random.next() < 0.9 ? 1 + random.int(20_000) : 100_000 + random.int(400_000);
        bytes = Buffer.concat([
          bytes.subarray(0, at),
          Buffer.from(canary(random).padEnd(length, 'Q')),
          bytes.subarray(at),
        ]);
        break;
      }
    }
  }
  return bytes;
}
