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
});
