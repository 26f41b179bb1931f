import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { correctedClaim837 } from '../../correction/correction.service.js';
import { denialDetail, listDenials } from '../../denial/denial.service.js';
import { principalOf } from '../auth/authenticate.js';
import { ErrorBody, IdParams } from '../schemas/common.js';
import { DenialDetail, DenialList, DenialListQuery } from '../schemas/denials.js';
import type { RouteOptions } from './index.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** The worklist, one denial, and its corrected claim. */
export const denialRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/denials',
    {
      config: { scope: 'denials.read' },
      schema: {
        tags: ['denials'],
        summary: 'Search the worklist: filters, sort, paging with the total',
        querystring: DenialListQuery,
        response: { 200: DenialList, ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return listDenials(db, p.tenant, req.query, p.subject);
    },
  );
  app.get(
    '/denials/:id',
    {
      config: { scope: 'denials.read' },
      schema: {
        tags: ['denials'],
        summary: 'A denial: claim, lines with adjustments and remarks, remittance, classification, history',
        params: IdParams,
        response: { 200: DenialDetail, ...errors },
      },
    },
    async (req) => denialDetail(db, principalOf(req).tenant, req.params.id),
  );
  app.get(
    '/denials/:id/corrected-claim.837',
    {
      config: { scope: 'denials.read' },
      schema: {
        tags: ['denials'],
        summary: 'The corrected claim the engine produced, as X12 837P text',
        params: IdParams,
        response: { 200: z.string().describe('X12 837P text (application/edi-x12)'), ...errors },
      },
    },
    async (req, reply) => {
      const text = await correctedClaim837(db, principalOf(req).tenant, req.params.id);
      return reply
        .type('application/edi-x12')
        .header('content-disposition', `attachment; filename="denial-${req.params.id}-corrected.837"`)
        .send(text);
    },
  );
};
