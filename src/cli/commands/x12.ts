import { basename } from 'node:path';
import { existsSync } from 'node:fs';
import { ReclaimError } from '../../errors.js';
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
  if (!existsSync(file)) throw new ReclaimError('INPUT_NOT_FOUND', `${file}: no such file`, { file });
  let block = '';
  const write = json
    ? (text: string) => {
        block += text;
        if (block.length >= OUTPUT_BLOCK) {
          io.out(block); // a line break between two writes falls between JSON tokens
          block = '';
        }
      }
    : undefined;
  const { sink, finish, totals, warnings } = jsonWriterSink(write);
  const segments = await readX12File(file, sink, { name: basename(file) });
  if (json) {
    finish(basename(file), segments);
    if (block.length > 0) io.out(block);
    return;
  }
  io.out(
    `${basename(file)}: ${segments} segments, ${totals.transactions} transactions, ` +
      `${totals.remitClaims} remittance claims (paid ${formatCents(totals.paidCents)}), ${totals.claims} 837 claims, ` +
      `${totals.warnings} warnings`,
  );
  for (const w of warnings.slice(0, 20)) io.out(`  segment ${w.segment}: ${w.code}: ${w.message}`);
  if (totals.warnings > 20) io.out(`  … ${totals.warnings - 20} more (see --json)`);
}
