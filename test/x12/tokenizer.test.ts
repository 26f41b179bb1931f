import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ReclaimError } from '../../src/errors.js';
import { X12Tokenizer } from '../../src/x12/tokenizer.js';
import { fixture, readText, tokenize } from './support.js';

const ISA =
  'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *250101*1200*^*00501*000000001*0*P*:~';
const BODY =
  'GS*HP*S*R*20250101*1200*1*X*005010X221A1~ST*835*0001~BPR*I*0*C*CHK************20250102~TRN*1*T1*P1~SE*4*0001~GE*1*1~IEA*1*000000001~';

/** Asserts that reading fails with INVALID_X12 naming the file and the given segment. */
function assertInvalid(text: string, segment: number, message: RegExp, strict = false): void {
  assert.throws(
    () => readText(text, 'bad.x12', strict),
    (error: unknown) => {
      assert.ok(error instanceof ReclaimError, String(error));
      assert.equal(error.code, 'INVALID_X12');
      assert.deepEqual(error.details, { file: 'bad.x12', segment });
      assert.match(error.message, /^bad\.x12: segment \d+: /);
      assert.match(error.message, message);
      return true;
    },
  );
}

void describe('X12 tokenizer', () => {
  void it('reads delimiters from ISA: element, repetition (5010), component and terminator', () => {
    const tokenizer = new X12Tokenizer('t');
    const [isa] = tokenizer.push(ISA + BODY);
    assert.deepEqual(isa?.delimiters, {
      element: '*',
      component: ':',
      componentDeclared: true,
      repetition: '^',
      segment: '~',
      enveloped: true,
    });
  });

  void it('treats ISA11 as the standards id in 4010, not a repetition separator', () => {
    const text = fixture('remitt__835_4010.x12');
    const [isa] = new X12Tokenizer('t').push(text);
    assert.equal(isa?.delimiters.repetition, undefined);
    assert.equal(isa?.delimiters.component, '|');
    // The segment terminator of this file is CR; the LF after it is padding.
    assert.equal(isa?.delimiters.segment, '\r');
  });

  void it('reads odd delimiters: ~ between elements, _ ending segments, ^ in composites', () => {
    const segments = tokenize(fixture('imsweb__837p_different_separators.txt'));
    assert.deepEqual(segments[2], ['ST', '837', '987654', '005010X222A1']);
    assert.deepEqual(segments.at(-1), ['IEA', '1', '000000905']);
    assert.equal(segments.length, 38);
  });

  void it('reads a terminator placed at the start of the next line (|, ^ and a leading ~)', () => {
    const segments = tokenize(fixture('tigershark__835-example-2.txt'));
    assert.deepEqual(segments[1], [
      'GS',
      'HP',
      'MYCLEARINGHOUSE',
      'RECVCODE',
      '20120323',
      '1938',
      '15555',
      'X',
      '004010X091A1',
    ]);
    assert.deepEqual(segments[26], ['SVC', 'HC^88888', '200.02', '200.02', '', '1']);
    assert.equal(segments.length, 63);
  });

  void it('reads a file with no envelope (starting at ST)', () => {
    const segments = tokenize(fixture('keironstoddart__blue_cross_nc_sample.txt'));
    assert.deepEqual(segments[0], ['ST', '835', '1234']);
    assert.deepEqual(segments.at(-1), ['SE', '33', '1234']);
  });

  void it('ignores a BOM, CRLF and indentation between segments', () => {
    const indented = '\uFEFF' + (ISA + BODY).replaceAll('~', '~\r\n    ');
    assert.deepEqual(tokenize(indented), tokenize(ISA + BODY));
  });

  void it('reads several interchanges with different delimiters in one file', () => {
    const second = (ISA + BODY).replaceAll('*', '|').replace('|:~', '|>~').replaceAll('~', '\n');
    const segments = tokenize(ISA + BODY + '\n\n' + second);
    assert.equal(segments.length, 16);
    assert.deepEqual(segments[8], [
      'ISA',
      '00',
      '          ',
      '00',
      '          ',
      'ZZ',
      'SENDER         ',
      'ZZ',
      'RECEIVER       ',
      '250101',
      '1200',
      '^',
      '00501',
      '000000001',
      '0',
      'P',
      '>',
    ]);
    assert.deepEqual(segments[11], [
      'BPR',
      'I',
      '0',
      'C',
      'CHK',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '20250102',
    ]);
  });

  void it('gives the same segments whatever the chunk boundaries', () => {
    const text = fixture('linuxforhealth__medicare-part-a.835');
    const whole = tokenize(text);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 8 }), (sizes) => {
        assert.deepEqual(tokenize(text, sizes), whole);
      }),
      { numRuns: 60 },
    );
  });

  void describe('refuses input it cannot read, naming the file and segment', () => {
    void it('a file cut inside a segment', () => {
      const text = ISA + BODY;
      assertInvalid(
        text.slice(0, text.indexOf('TRN*1*T1') + 6),
        5,
        /truncated: last segment has no terminator/,
      );
    });

    void it('a file cut inside the ISA', () => assertInvalid(ISA.slice(0, 60), 1, /truncated/));

    void it('an ISA with missing fields', () => {
      assertInvalid(ISA.replace('*00501*', '*') + BODY, 1, /ISA1[0-6] is malformed|ISA has missing fields/);
    });

    void it('an ISA whose element separator is a letter', () =>
      assertInvalid(ISA.replaceAll('*', 'X') + BODY, 1, /element separator/));

    void it('a segment terminator that is the element separator', () => {
      assertInvalid(ISA.replace(':~', ':*') + BODY.replaceAll('~', '*'), 1, /segment terminator/);
    });

    void it('a body written with other delimiters than the ISA declares', () => {
      assertInvalid(
        ISA + BODY.replaceAll('*', '|'),
        2,
        /invalid segment id \(40 characters: upper-case letters, digits, punctuation; wrong delimiters or not X12\)/,
      );
    });

    void it('never repeats the text of a segment that is not one (it may be a name)', () => {
      const text = ISA + BODY.replace('TRN*', 'william smith*');
      assert.throws(
        () => readText(text, 'bad.x12'),
        (e: ReclaimError) =>
          !/william|smith/.test(e.message) && /13 characters: lower-case letters, spaces/.test(e.message),
      );
    });

    void it('an element longer than any X12 element (it would not fit a key)', () =>
      assertInvalid(
        ISA + BODY.replace('TRN*1*T1', `TRN*1*${'T'.repeat(1001)}`),
        5,
        /element 2 is longer than 1000 characters/,
      ));

    void it('a body whose segments end with another character than the ISA declares: refused after 1 MiB, in linear time', () => {
      // Terminator "!" declared, "~" used: the body is one unterminated segment.
      const body = BODY.repeat(Math.ceil((3 << 20) / BODY.length));
      const text = ISA.replace(':~', ':!') + body;
      const segments: number[] = [];
      const tokenizer = new X12Tokenizer('bad.x12', (s) => void segments.push(s.index));
      let at = 0;
      const started = performance.now();
      assert.throws(() => {
        for (; at < text.length; at += 1 << 16) tokenizer.push(text.slice(at, at + (1 << 16)));
      }, /segment 2: no segment terminator in 1 MiB of text/);
      // Refused once the limit is passed, not at the end of the text.
      assert.ok(at < 3 << 19, `read ${at} characters`);
      assert.ok(performance.now() - started < 2000);
      assert.deepEqual(segments, [1]);
    });

    void it('a binary file', () => assertInvalid('\u0000\u0001\u00ffPNG\r\n', 1, /binary content/));

    void it('a text file that is not X12', () => assertInvalid('claim_id,patient_id\nA1,P1\n', 1, /not X12/));

    void it('an empty file', () => assertInvalid('  \n', 1, /empty file/));

    void it('a transaction never closed by SE: a warning when parsing, an error when storing (strict)', () => {
      const text = ISA + BODY.slice(0, BODY.indexOf('SE*'));
      const doc = readText(text, 'bad.x12');
      assert.deepEqual(
        doc.warnings.map((w) => [w.code, w.segment, w.message]),
        [
          ['MISSING_TRAILER', 5, 'ST at segment 3 is never closed by SE'],
          ['MISSING_TRAILER', 5, 'GS at segment 2 is never closed by GE'],
          ['MISSING_TRAILER', 5, 'ISA at segment 1 is never closed by IEA'],
        ],
      );
      assertInvalid(text, 5, /truncated: ST at segment 3 is never closed by SE/, true);
    });
  });

  void it('property: any input either reads or fails with INVALID_X12', () => {
    const x12ish = fc.stringMatching(/^(ISA|ST|SE|GS|CLP|CAS|[*:~^|>\r\n ]|[A-Z0-9]{1,4}|\u0000)*$/);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          x12ish,
          fc.constantFrom(ISA + BODY).map((t) => t),
        ),
        fc.nat(),
        (text, cut) => {
          for (const input of [text, (ISA + BODY).slice(0, cut % (ISA.length + BODY.length + 1)) + text]) {
            try {
              readText(input);
            } catch (error) {
              assert.ok(
                error instanceof ReclaimError && error.code === 'INVALID_X12',
                `unexpected ${String(error)}`,
              );
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

void describe('readers never crash on damaged real files', () => {
  const names = [
    'keironstoddart__emedny_sample.txt',
    'remitt__835_4010.x12',
    'tigershark__835-example-2.txt',
    'linuxforhealth__837p_example11.837',
    'silvenga__837i_odd-separator.edi',
  ];
  void it('property: cutting, splicing or deleting anywhere either reads or fails with INVALID_X12', () => {
    const texts = names.map(fixture);
    const junk = fc.stringMatching(/^[*:~^|>!\r\nA-Z0-9 .-]{0,12}$/);
    fc.assert(
      fc.property(fc.nat(texts.length - 1), fc.nat(), fc.nat(), junk, (which, a, b, insert) => {
        const text = texts[which] ?? '';
        const i = a % (text.length + 1);
        const j = Math.min(text.length, i + (b % 40));
        for (const damaged of [
          text.slice(0, i),
          text.slice(0, i) + insert + text.slice(j),
          text.slice(0, i) + text.slice(j),
        ]) {
          try {
            readText(damaged, 'damaged.x12');
          } catch (error) {
            assert.ok(
              error instanceof ReclaimError && error.code === 'INVALID_X12',
              `unexpected ${String(error)}`,
            );
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
