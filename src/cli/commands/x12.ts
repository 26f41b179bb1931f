import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { requireInputFile } from '../../io/input-file.js';
import { jsonWriterSink } from '../../x12/json.js';
import { readX12File } from '../../x12/read.js';
import { formatCents } from '../../x12/values.js';
import { runAction, type Io } from '../context.js';
import type { RegisterCommand } from './command.js';

/** Output is gathered into blocks of this size before writing: one write per claim is slow. */
const OUTPUT_BLOCK = 1 << 20;

export const registerX12: RegisterCommand = (program, io, setExit) => {
  const x12 = program.command('x12').description('read X12 835 remittances and 837 claims');
  x12
    .command('parse')
    .description('read an X12 835 or 837 file and print what it holds (nothing is stored)')
    .argument('<file>', 'the X12 file')
    .option('--json', 'print every transaction and claim as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      setExit(await runAction(io, () => parse(io, file, Boolean(opts.json)), { config: false }));
    });
};

async function parse(io: Io, file: string, json: boolean): Promise<void> {
  requireInputFile(file);
  if (json) return parseJson(io, file);
  const { sink, totals, warnings } = jsonWriterSink(undefined);
  const segments = await readX12File(file, sink, { name: basename(file) });
  io.out(
    `${basename(file)}: ${segments} segments, ${totals.transactions} transactions, ` +
      `${totals.remitClaims} remittance claims (paid ${formatCents(totals.paidCents)}), ${totals.claims} 837 claims, ` +
      `${totals.warnings} warnings`,
  );
  for (const w of warnings.slice(0, 20)) io.out(`  segment ${w.segment}: ${w.code}: ${w.message}`);
  if (totals.warnings > 20) io.out(`  … ${totals.warnings - 20} more (see --json)`);
}

/**
 * `--json`: the document goes to a temporary file first (memory stays at one claim) and to stdout
 * only once the whole file has been read, so that a file refused half-way (truncated, wrong
 * delimiters) prints nothing rather than megabytes of unterminated JSON.
 */
async function parseJson(io: Io, file: string): Promise<void> {
  const temp = join(mkdtempSync(join(tmpdir(), 'reclaim-x12-')), 'document.json');
  const fd = openSync(temp, 'w+');
  try {
    let block = '';
    const write = (text: string) => {
      block += text;
      if (block.length >= OUTPUT_BLOCK) {
        writeSync(fd, block);
        block = '';
      }
    };
    const { sink, finish } = jsonWriterSink(write);
    const segments = await readX12File(file, sink, { name: basename(file) });
    finish(basename(file), segments);
    if (block.length > 0) writeSync(fd, block);
    const buffer = Buffer.alloc(OUTPUT_BLOCK);
    const decoder = new StringDecoder('utf8');
    // Written in pieces that end at a line break (the writer puts one between claims): a piece
    // that did not would get one added inside a JSON token.
    let carry = '';
    for (let at = 0; ;) {
      const read = readSync(fd, buffer, 0, buffer.length, at);
      if (read === 0) break;
      at += read;
      const text = carry + decoder.write(buffer.subarray(0, read));
      const cut = text.lastIndexOf('\n') + 1;
      if (cut > 0) io.out(text.slice(0, cut));
      carry = text.slice(cut);
    }
    carry += decoder.end();
    if (carry) io.out(carry);
  } finally {
    closeSync(fd);
    rmSync(dirname(temp), { recursive: true, force: true });
  }
}
