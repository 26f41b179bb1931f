import { AuditListInput, listAudit } from '../../audit/audit.service.js';
import { parseFlags } from '../flags.js';
import { runAction } from '../context.js';
import type { RegisterCommand } from './command.js';

const flags = AuditListInput.extend({}).pick({ since: true, limit: true });

export const registerAudit: RegisterCommand = (program, io, setExit) => {
  program
    .command('audit')
    .description('the audit trail: who changed what, when, with what outcome')
    .option('--since <YYYY-MM-DD>', 'first UTC day included')
    .option('--limit <n>', 'at most this many records', '200')
    .option('--json', 'print a machine-readable result')
    .action(async (raw: Record<string, unknown>) => {
      setExit(
        await runAction(io, async (ctx) => {
          const f = parseFlags('audit', flags, raw);
          const page = await listAudit(await ctx.db(), ctx.config.tenant, { ...f, offset: 0 });
          if (raw.json) {
            io.out(JSON.stringify(page));
            return;
          }
          if (page.items.length === 0) io.out('no audit records');
          for (const r of page.items)
            io.out(
              `${r.at}  ${r.channel}:${r.actor}  ${r.action}  [${r.targetIds.join(',')}]  ${r.outcome}${r.correlationId ? `  corr ${r.correlationId}` : ''}`,
            );
        }),
      );
    });
};
