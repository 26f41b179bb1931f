import { z } from 'zod';

export const HandlerInfo = z.object({
  name: z.string(),
  carcs: z.array(z.string()),
  strategies: z.array(z.string()),
  needs: z
    .array(z.string())
    .describe('the data beyond claim and remittance it reads (modifierRules, authorizations …)'),
});
export type HandlerInfo = z.infer<typeof HandlerInfo>;

/** `GET /handlers`: every registered correction handler and the codes it supports. */
export const HandlerList = z.object({ items: z.array(HandlerInfo) });
export type HandlerList = z.infer<typeof HandlerList>;
