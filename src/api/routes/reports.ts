import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { denialRateReferenceMatch, denialRateReport } from '../../kpi/kpi.service.js';
import { recoveryReport } from '../../recovery/recovery.service.js';
import { principalOf } from '../auth/authenticate.js';
import { seesMoney } from '../auth/principal.js';
import { ErrorBody } from '../schemas/common.js';
import { DenialRateQuery, ReferenceMatchBody } from '../../kpi/denial-rate-input.js';
import { RecoveryInput } from '../../recovery/recovery-input.js';
import { DenialRateReport, RecoveryReport, ReferenceMatch } from '../schemas/reports.js';
import type { RouteOptions } from './index.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** The denial-rate KPI series and the recovery summary with its workqueue. */
export const reportRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/reports/denial-rate',
    {
      config: { scope: 'reports.read.operational' },
      schema: {
        tags: ['reports'],
        summary: 'The denial-rate KPI per mature service week',
        querystring: DenialRateQuery,
        response: { 200: DenialRateReport, ...errors },
      },
    },
    async (req) => denialRateReport(db, principalOf(req).tenant, req.query),
  );
  // A POST only because the table travels in the body; it reads, writes nothing, and so (like
  // every read) leaves no audit record.
  app.post(
    '/reports/denial-rate/reference-match',
    {
      config: { scope: 'reports.read.operational' },
      schema: {
        tags: ['reports'],
        summary: 'The weekly denial rates matched against a reference table (as kpi denial-rate --reference)',
        body: ReferenceMatchBody,
        response: { 200: ReferenceMatch, ...errors },
      },
    },
    async (req) => denialRateReferenceMatch(db, principalOf(req).tenant, req.body),
  );
  app.get(
    '/reports/recovery',
    {
      config: { scope: 'reports.read.operational' },
      schema: {
        tags: ['reports'],
        summary: "The week's open denials by group and its prioritised workqueue; money only with financial",
        querystring: RecoveryInput,
        response: { 200: RecoveryReport, ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return recoveryReport(db, p.tenant, req.query, { money: seesMoney(p) });
    },
  );
};
