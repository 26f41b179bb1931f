// Builds a large 835 by repeating the claim loops of a public sample:
//   npx tsx bench/x12/make-835.ts OUT MB [--wrong-terminator]
// Each copy gets its own CLP01; SE01 and BPR02 are recomputed so the result is a valid, balanced 835.
// --wrong-terminator: the ISA declares "!" as the segment terminator while the body keeps "~"
// (hostile input: the whole body is one unterminated segment).
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const SAMPLE = fileURLToPath(
  new URL('../../test/x12/fixtures/keironstoddart__united_healthcare_legacy_sample.txt', import.meta.url),
);

/** Writes `targetBytes` or a little more of 835 to `out`; returns the number of claims. */
export async function make835(
  out: string,
  targetBytes: number,
  options: { wrongTerminator?: boolean } = {},
): Promise<{ claims: number; bytes: number }> {
  const segments = readFileSync(SAMPLE, 'utf8')
    .trim()
    .split('~')
    .filter((s) => s.length > 0);
  const firstClp = segments.findIndex((s) => s.startsWith('CLP*'));
  const se = segments.findIndex((s) => s.startsWith('SE*'));
  const head = segments.slice(0, firstClp);
  const loops = segments.slice(firstClp, se);
  const claimsPerCopy = loops.filter((s) => s.startsWith('CLP*')).length;
  const paidPerCopy = loops
    .filter((s) => s.startsWith('CLP*'))
    .reduce((sum, s) => sum + Math.round(Number(s.split('*')[4]) * 100), 0);
  const loopBytes = loops.join('~\n').length + 2;
  const copies = Math.max(1, Math.ceil(targetBytes / loopBytes));
  const st = head.findIndex((s) => s.startsWith('ST*'));
  const bpr = head.findIndex((s) => s.startsWith('BPR*'));
  const bprElements = (head[bpr] ?? '').split('*');
  bprElements[2] = (Math.round(paidPerCopy * copies) / 100).toFixed(2);
  head[bpr] = bprElements.join('*');

  const stream = createWriteStream(out);
  let bytes = 0;
  let buffer = '';
  const write = async (text: string) => {
    buffer += text;
    if (buffer.length >= 1 << 20) {
      bytes += buffer.length;
      if (!stream.write(buffer)) await once(stream, 'drain');
      buffer = '';
    }
  };
  for (const [i, s] of head.entries()) await write(s + (i === 0 && options.wrongTerminator ? '!' : '~'));
  for (let copy = 0; copy < copies; copy++) {
    for (const s of loops)
      await write((s.startsWith('CLP*') ? s.replace(/^CLP\*([^*]*)/, `CLP*$1-${copy}`) : s) + '~');
  }
  const count = head.length - st + loops.length * copies + 1;
  for (const s of [`SE*${count}*${(head[st] ?? '').split('*')[2]}`, ...segments.slice(se + 1)])
    await write(s + '~');
  bytes += buffer.length;
  stream.end(buffer);
  await once(stream, 'finish');
  return { claims: claimsPerCopy * copies, bytes };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [out, mb, flag] = process.argv.slice(2);
  if (!out || !mb) throw new Error('usage: make-835.ts OUT MB [--wrong-terminator]');
  const result = await make835(out, Number(mb) * 1_000_000, {
    wrongTerminator: flag === '--wrong-terminator',
  });
  console.log(`${out}: ${result.bytes} bytes, ${result.claims} claims`);
}
