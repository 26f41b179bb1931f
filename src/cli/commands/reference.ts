import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { z } from 'zod';
import { REFERENCE_KINDS } from '../../reference/kinds.js';
import { importReference } from '../../reference/import-reference.js';
import { readReferenceFile } from '../../reference/reference-file.js';
import { findLoads } from '../../reference/reference.repository.js';
import { parseFlags } from '../flags.js';
import { runAction } from '../context.js';
import type { RegisterCommand } from './command.js';

const kind = z.enum(REFERENCE_KINDS, { message: `KIND must be one of ${REFERENCE_KINDS.join(', ')}` });
const tenant = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _, at most 64')
  .optional();
const importFlags = z.object({
  kind,
  files: z.array(z.string().min(1)).min(1, 'name at least one FILE'),
  tenant,
  by: z.string().min(1).max(100).optional(),
  json: z.boolean().optional(),
});
const listFlags = z.object({ kind, tenant, json: z.boolean().optional() });

export const registerReference: RegisterCommand = (program, io, setExit) => {
  const reference: Command = program
    .command('reference')
    .description(
      'reference data the correction handlers read: payers, modifier rules, authorizations, providers',
    );
  reference
    .command('import')
    .description(
      'load CSV or JSON reference files (docs/reference-data.md); all rows valid or nothing loaded',
    )
    .argument('<kind>', REFERENCE_KINDS.join(' | '))
    .argument('<file...>', 'CSV or JSON files')
    .option('--tenant <id>', 'tenant to load for (default: RECLAIM_TENANT)')
    .option('--by <name>', 'who is loading, recorded with the load (default: the OS user)')
    .option('--json', 'print a machine-readable result')
    .action(async (kindArg: string, files: string[], raw: Record<string, unknown>) => {
      setExit(
        await runAction(io, async (ctx) => {
          const f = parseFlags('reference import', importFlags, { ...raw, kind: kindArg, files });
          const tenantId = f.tenant ?? ctx.config.tenant;
          const read = await Promise.all(f.files.map((path) => readReferenceFile(path, f.kind)));
          const db = await ctx.db();
          const results = await db.transaction((tx) =>
            importReference(tx, { tenantId, kind: f.kind, loadedBy: f.by ?? osUser() }, read),
          );
          if (f.json) return io.out(JSON.stringify({ tenant: tenantId, kind: f.kind, files: results }));
          for (const r of results) {
            io.out(
              r.status === 'already-loaded'
                ? `${r.file}: already loaded (load ${r.loadId}), nothing changed`
                : `${r.file}: ${r.rows} rows, ${r.added} added, ${r.changed} changed (load ${r.loadId})`,
            );
          }
        }),
      );
    });
  reference
    .command('list')
    .description('every load of one kind: who loaded which file when, and what it added')
    .argument('<kind>', REFERENCE_KINDS.join(' | '))
    .option('--tenant <id>', 'tenant (default: RECLAIM_TENANT)')
    .option('--json', 'print a machine-readable result')
    .action(async (kindArg: string, raw: Record<string, unknown>) => {
      setExit(
        await runAction(io, async (ctx) => {
          const f = parseFlags('reference list', listFlags, { ...raw, kind: kindArg });
          const tenantId = f.tenant ?? ctx.config.tenant;
          const loads = await findLoads(await ctx.db(), tenantId, f.kind);
          if (f.json) return io.out(JSON.stringify({ tenant: tenantId, kind: f.kind, loads }));
          if (loads.length === 0) return io.out(`no ${f.kind} loaded for tenant ${tenantId}`);
          io.out('load  loaded_at             by              rows  added  changed  file');
          for (const l of loads) {
            io.out(
              `${String(l.loadId).padStart(4)}  ${l.loadedAt}  ${l.loadedBy.slice(0, 14).padEnd(14)} ${String(l.rowsRead).padStart(5)} ${String(l.rowsAdded).padStart(6)} ${String(l.rowsChanged).padStart(8)}  ${l.fileName}`,
            );
          }
        }),
      );
    });
};

function osUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
