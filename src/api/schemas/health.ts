import { z } from 'zod';

export const Health = z.object({ status: z.literal('ok') });
export type Health = z.infer<typeof Health>;

export const Ready = z.object({ status: z.literal('ready'), database: z.enum(['pglite', 'postgres']) });
export type Ready = z.infer<typeof Ready>;
