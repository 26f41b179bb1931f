import { z } from 'zod';
import { Scope } from '../../api/schemas/common.js';
import { ReclaimError } from '../../errors.js';
import { TenantId } from '../../tenant/tenant.service.js';
import { parseFlags } from '../flags.js';
import { runAction } from '../context.js';
import type { RegisterCommand } from './command.js';

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

const flags = z.object({
  tenant: TenantId,
  scopes: z
    .string()
    .transform((s) => s.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(Scope).min(1, 'at least one scope')),
  subject: z
    .string()
    .min(1)
    .max(200)
    .default(process.env.USER ?? 'cli'),
  ttl: z
    .string()
    .regex(/^\d+[smhd]$/, "a number and a unit, such as '8h' or '30m'")
    .transform((s) => Number(s.slice(0, -1)) * UNIT_SECONDS[s.slice(-1) as keyof typeof UNIT_SECONDS])
    .pipe(
      z
        .number()
        .int()
        .min(1)
        .max(30 * 86_400),
    ),
  json: z.boolean().optional(),
});

export const registerToken: RegisterCommand = (program, io, setExit) => {
  program
    .command('token')
    .description('print an API bearer token signed with RECLAIM_JWT_SECRET')
    .requiredOption('--tenant <id>', 'the tenant the token works for')
    .requiredOption('--scopes <list>', "space-separated scopes, e.g. 'denials.read reports.read.operational'")
    .option('--subject <name>', 'who the token is for (default: the OS user)')
    .option('--ttl <duration>', 'how long it is valid (s, m, h, d)', '8h')
    .option('--json', 'print a machine-readable result')
    .action(async (raw: Record<string, unknown>) => {
      setExit(
        await runAction(
          io,
          async (ctx) => {
            const f = parseFlags('token', flags, raw);
            const secret = ctx.config.jwt.secret;
            if (!secret)
              throw new ReclaimError(
                'CONFIG_INVALID',
                'token: RECLAIM_JWT_SECRET is not set; no key to sign with',
              );
            const { signToken } = await import('../../api/auth/sign.js');
            const token = await signToken(secret, {
              tenant: f.tenant,
              scopes: f.scopes,
              subject: f.subject,
              ttlSeconds: f.ttl,
              issuer: ctx.config.jwt.issuer,
              audience: ctx.config.jwt.audience,
            });
            if (f.json)
              io.out(JSON.stringify({ token, expiresAt: new Date(Date.now() + f.ttl * 1000).toISOString() }));
            else io.out(token);
          },
          { tenant: false },
        ),
      );
    });
};
