import { z } from 'zod';
import { AddTenantInput, addTenant, allTenants } from '../../tenant/tenant.service.js';
import { parseFlags } from '../flags.js';
import { runAction } from '../context.js';
import type { RegisterCommand } from './command.js';

const listFlags = z.object({ json: z.boolean().optional() });

export const registerTenant: RegisterCommand = (program, io, setExit) => {
  const tenant = program
    .command('tenant')
    .description('the tenants (organisations) whose data Reclaim keeps apart');
  tenant
    .command('add')
    .description('add a tenant')
    .argument('<id>', 'lower-case letters, digits, _ or -')
    .requiredOption('--name <name>', 'display name')
    .option('--json', 'print a machine-readable result')
    .action(async (id: string, raw: Record<string, unknown>) => {
      setExit(
        await runAction(
          io,
          async (ctx) => {
            const input = parseFlags('tenant add', AddTenantInput, { id, name: raw.name });
            const added = await addTenant(await ctx.db(), input);
            if (raw.json) io.out(JSON.stringify(added));
            else io.out(`tenant ${added.id} added (${added.name})`);
          },
          { tenant: false },
        ),
      );
    });
  tenant
    .command('list')
    .description('list the tenants')
    .option('--json', 'print a machine-readable result')
    .action(async (raw: Record<string, unknown>) => {
      setExit(
        await runAction(
          io,
          async (ctx) => {
            const f = parseFlags('tenant list', listFlags, raw);
            const rows = await allTenants(await ctx.db());
            if (f.json) io.out(JSON.stringify(rows));
            else for (const t of rows) io.out(`${t.id}  ${t.name}`);
          },
          { tenant: false },
        ),
      );
    });
};
