import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { httpStatus, ReclaimError, type ErrorCode } from '../errors.js';
import type { ErrorBody } from './schemas/common.js';

/** PostgreSQL and socket failures that mean the database cannot be reached (answer 503). */
const UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08003',
  '08006',
]);

/**
 * The one error shape: `{ error: { code, message, details, requestId } }`. Messages name the
 * field or id at fault, never input contents; an unexpected error says only "internal error".
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, req, reply) => {
    const { code, message, details } = classify(error, req);
    const status = httpStatus(code);
    if (status >= 500) req.log.error({ err: error, code }, 'request failed');
    send(reply, req, status, code, message, details);
  });
  app.setNotFoundHandler((req, reply) => {
    send(reply, req, 404, 'NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`, {});
  });
}

function send(
  reply: FastifyReply,
  req: FastifyRequest,
  status: number,
  code: ErrorCode,
  message: string,
  details: Record<string, unknown>,
): void {
  const body: ErrorBody = { error: { code, message, details, requestId: req.id } };
  if (status === 401) void reply.header('www-authenticate', 'Bearer');
  void reply.status(status).type('application/json').send(JSON.stringify(body));
}

function classify(
  error: FastifyError,
  req: FastifyRequest,
): { code: ErrorCode; message: string; details: Record<string, unknown> } {
  if (error instanceof ReclaimError)
    return { code: error.code, message: error.message, details: { ...error.details } };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const first = error.validation[0];
    const part = error.validationContext ?? 'request';
    const path = (first?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const field =
      path || (first?.params as { issue?: { path?: unknown[] } } | undefined)?.issue?.path?.join('.') || part;
    return {
      code: 'VALIDATION_FAILED',
      message: `${part}: ${field}: ${validationMessage(first)}`,
      details: { field, in: part },
    };
  }
  if (error.statusCode === 429)
    return { code: 'RATE_LIMITED', message: 'too many requests; retry later', details: {} };
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return { code: 'PAYLOAD_TOO_LARGE', message: 'request body too large', details: { field: 'body' } };
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)
    return {
      code: 'VALIDATION_FAILED',
      message: `body: ${error.message}`,
      details: { field: 'body', in: 'body' },
    };
  const dbCode = (error as { code?: string }).code ?? '';
  if (
    UNAVAILABLE.has(dbCode) ||
    /Connection terminated|connect ECONNREFUSED|Client has encountered a connection error/.test(error.message)
  )
    return { code: 'DATABASE_UNAVAILABLE', message: 'the database is unavailable', details: {} };
  void req;
  return { code: 'INTERNAL', message: 'internal error', details: {} };
}

/**
 * Zod's message, except where it repeats the request's own text: unknown keys are counted, not
 * named (a key is whatever the caller sent, a patient's name too).
 */
function validationMessage(first: { message?: string } | undefined): string {
  const message = first?.message ?? 'invalid';
  if (!/^Unrecognized keys?:/.test(message)) return message;
  const n = message.match(/"(?:[^"\\]|\\.)*"/g)?.length ?? 0;
  return `${n} unknown key${n === 1 ? '' : 's'}`;
}
