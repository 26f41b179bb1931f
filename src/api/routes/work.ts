import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Actor } from '../../audit/audit.service.js';
import { denialWork, addNote, assignDenial } from '../../work/work.service.js';
import { principalOf } from '../auth/authenticate.js';
import { ErrorBody, IdParams } from '../schemas/common.js';
import { Assignment, AssignmentBody, DenialWork, Note, NoteBody } from '../schemas/work.js';
import type { RouteOptions } from './index.js';

/** The token's subject acts, over HTTP, under this request's id. */
const actorOf = (req: FastifyRequest): Actor => ({
  actor: principalOf(req).subject,
  channel: 'http',
  requestId: req.id,
});

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** Who works a denial: its owner (a person and/or an owner group), notes, and timeline. */
export const workRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/denials/:id/work',
    {
      config: { scope: 'denials.read' },
      schema: { tags: ['denials'], params: IdParams, response: { 200: DenialWork, ...errors } },
    },
    async (req) => denialWork(db, principalOf(req).tenant, req.params.id),
  );
  app.post(
    '/denials/:id/assignment',
    {
      config: { scope: 'denials.update', rateLimit: {} },
      schema: {
        tags: ['denials'],
        params: IdParams,
        body: AssignmentBody,
        response: { 200: Assignment, ...errors },
      },
    },
    async (req) =>
      db.transaction((tx) =>
        assignDenial(tx, principalOf(req).tenant, actorOf(req), req.params.id, {
          assignee: req.body.assignee,
          ownerGroup: req.body.group,
        }),
      ),
  );
  app.post(
    '/denials/:id/notes',
    {
      config: { scope: 'denials.update', rateLimit: {} },
      schema: { tags: ['denials'], params: IdParams, body: NoteBody, response: { 201: Note, ...errors } },
    },
    async (req, reply) => {
      const note = await db.transaction((tx) =>
        addNote(tx, principalOf(req).tenant, actorOf(req), req.params.id, req.body.text),
      );
      return reply.code(201).send(note);
    },
  );
};
