import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recoveryBrief, recoveryFile } from '../../recovery/brief.service.js';
import { principalOf } from '../auth/authenticate.js';
import { seesMoney } from '../auth/principal.js';
import { ErrorBody } from '../schemas/common.js';
import { RecoveryInput } from '../../recovery/recovery-input.js';
import { RecoveryBrief, RecoveryFileParams } from '../schemas/recovery-brief.js';
import type { RouteOptions } from './index.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** The weekly recovery brief for the web page, and its exports as downloads. */
export const recoveryBriefRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/reports/recovery/brief',
    {
      config: { scope: 'reports.read.operational' },
      schema: {
        tags: ['reports'],
        querystring: RecoveryInput,
        response: { 200: RecoveryBrief, ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return recoveryBrief(db, p.tenant, req.query, { money: seesMoney(p) });
    },
  );
  app.get(
    '/reports/recovery/files/:name',
    {
      // The exports carry amounts in every row: financial figures.
      config: { scope: 'reports.read.financial' },
      schema: {
        tags: ['reports'],
        description:
          'A CSV export or the brief (Markdown, HTML) of the week, as `reclaim recovery --out` writes it.',
        params: RecoveryFileParams,
        querystring: RecoveryInput,
        response: { 200: z.string().describe('CSV, Markdown or HTML text'), ...errors },
      },
    },
    async (req, reply) => {
      const file = await recoveryFile(db, principalOf(req).tenant, req.query, req.params.name);
      return reply
        .type(file.type)
        .header('content-disposition', `attachment; filename="${req.params.name}"`)
        .send(file.body);
    },
  );
};
