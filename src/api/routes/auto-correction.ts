import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BulkCorrectInput } from '../../correction/bulk-input.js';
import { bulkCorrect } from '../../correction/bulk.service.js';
import {
  autoCorrectionInfo,
  correctionStats,
  executeCorrection,
  previewCorrection,
} from '../../correction/correction.service.js';
import { actorOf, principalOf } from '../auth/authenticate.js';
import { seesMoney } from '../auth/principal.js';
import {
  AutoCorrectionInfo,
  BulkDryRun,
  ExecuteBody,
  ExecuteResult,
  PreviewResult,
} from '../schemas/auto-correction.js';
import { ErrorBody, IdParams } from '../schemas/common.js';
import { JobAccepted } from '../schemas/jobs.js';
import { StatsQuery, StatsResponse } from '../schemas/stats.js';
import type { RouteOptions } from './index.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** The auto-correction engine over HTTP: what matches, preview, execute, bulk, success rate. */
export const autoCorrectionRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, options) => {
  const { db } = options;
  const limited = { max: options.rateLimitPerMinute, timeWindow: 60_000 };
  app.get(
    '/denials/:id/auto-correction',
    {
      config: { scope: 'denials.read' },
      schema: {
        tags: ['auto-correction'],
        summary: 'Matching handlers with their codes and strategies, the prior attempt, the full history',
        params: IdParams,
        response: { 200: AutoCorrectionInfo, ...errors },
      },
    },
    async (req) => autoCorrectionInfo(db, principalOf(req).tenant, req.params.id),
  );
  app.post(
    '/denials/:id/auto-correction/preview',
    {
      config: { scope: 'denials.read' },
      schema: {
        tags: ['auto-correction'],
        summary: 'What a run would do now and the corrected-claim diff; writes nothing',
        params: IdParams,
        response: { 200: PreviewResult, 409: ErrorBody, ...errors },
      },
    },
    async (req) => previewCorrection(db, principalOf(req).tenant, req.params.id),
  );
  app.post(
    '/denials/:id/auto-correction/execute',
    {
      config: { scope: 'denials.update', rateLimit: limited },
      schema: {
        tags: ['auto-correction'],
        summary: 'Run every matching handler on the denial (the manual trigger)',
        params: IdParams,
        body: ExecuteBody,
        response: { 200: ExecuteResult, 409: ErrorBody, 429: ErrorBody, ...errors },
      },
    },
    async (req) =>
      executeCorrection(
        db,
        principalOf(req).tenant,
        { denialId: req.params.id, forceRetry: req.body.forceRetry, correlationId: req.id },
        actorOf(req),
      ),
  );
  app.post(
    '/denials/auto-correction/bulk',
    {
      config: { scope: 'denials.update', rateLimit: limited },
      schema: {
        tags: ['auto-correction'],
        summary: 'A cohort through the engine: dry run (200) or a background job (202)',
        body: BulkCorrectInput,
        response: { 200: BulkDryRun, 202: JobAccepted, 429: ErrorBody, ...errors },
      },
    },
    async (req, reply) => {
      const out = await bulkCorrect(db, principalOf(req).tenant, req.body, actorOf(req));
      if (out.dryRun) return reply.status(200).send(out.result);
      options.jobs?.kick();
      return reply.status(202).send({ job: out.job });
    },
  );
  app.get(
    '/denials/auto-correction/stats',
    {
      config: { scope: 'reports.read.operational' },
      schema: {
        tags: ['auto-correction'],
        summary: 'Success rate per CARC over UTC days; money only with reports.read.financial',
        querystring: StatsQuery,
        response: { 200: StatsResponse, ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return correctionStats(db, p.tenant, req.query, { money: seesMoney(p) });
    },
  );
};
