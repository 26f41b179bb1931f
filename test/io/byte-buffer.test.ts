import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ByteBuffer } from '../../src/io/byte-buffer.js';

const text = (b: ByteBuffer) => Buffer.from(b.take()).toString('utf8');

void describe('ByteBuffer', () => {
  void it('writes any non-negative integer in decimal as String does, growing as needed', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.nat(), fc.maxSafeNat(), fc.integer({ min: 0, max: 1e16 }))), (ns) => {
        const b = new ByteBuffer(1);
        for (const n of ns) {
          b.digits(n);
          b.byte(44);
        }
        assert.equal(text(b), ns.map((n) => `${n},`).join(''));
      }),
    );
  });

  void it('falls back to String for what is not a whole non-negative number', () => {
    const b = new ByteBuffer(1);
    for (const n of [-1, 1.5, 2 ** 53, 1e21]) b.digits(n);
    assert.equal(text(b), `-11.5${2 ** 53}${1e21}`);
  });

  void it('copies ASCII and non-ASCII text alike as UTF-8', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' })), (parts) => {
        const b = new ByteBuffer(2);
        for (const p of parts) b.ascii(p);
        assert.equal(text(b), parts.join(''));
      }),
    );
  });

  void it('writes 16- and 32-bit integers big-endian as Buffer does, negative ones included', () => {
    const int16 = fc.integer({ min: -(2 ** 15), max: 2 ** 15 - 1 });
    const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    fc.assert(
      fc.property(fc.array(fc.tuple(int16, int32, int32)), (rows) => {
        const b = new ByteBuffer(3);
        const expected: Buffer[] = [];
        for (const [short, long, later] of rows) {
          b.int16(short);
          const at = b.length;
          b.int32(0);
          b.int32(long);
          b.setInt32(at, later);
          const row = Buffer.alloc(10);
          row.writeInt16BE(short, 0);
          row.writeInt32BE(later, 2);
          row.writeInt32BE(long, 6);
          expected.push(row);
        }
        assert.deepEqual(Buffer.from(b.take()), Buffer.concat(expected));
      }),
    );
  });
});
