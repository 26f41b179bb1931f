import { z } from 'zod';
import { Scope } from './common.js';

/** `GET /me`: who the bearer token says the caller is. */
export const Me = z.object({
  tenant: z.string(),
  tenantName: z.string(),
  subject: z.string(),
  scopes: z.array(z.string()),
  expiresAt: z.string().describe('ISO 8601 instant the token expires'),
});
export type Me = z.infer<typeof Me>;

/** `POST /dev/token` (only with `serve --dev`). */
export const DevTokenRequest = z.object({
  tenant: z.string().min(1),
  scopes: z.array(Scope),
  subject: z.string().min(1).max(200).default('dev-user'),
});
export type DevTokenRequest = z.infer<typeof DevTokenRequest>;

export const DevTokenResponse = z.object({ token: z.string() });
export type DevTokenResponse = z.infer<typeof DevTokenResponse>;

export const Tenant = z.object({ id: z.string(), name: z.string() });
export type Tenant = z.infer<typeof Tenant>;

/** `GET /dev/tenants` (only with `serve --dev`). */
export const DevTenants = z.object({ items: z.array(Tenant) });
export type DevTenants = z.infer<typeof DevTenants>;
