import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DomainErrorCode } from '@coldreach/errors';
import { restViolations, validationViolations } from './field-names';
import { problem, problemContentType, ProblemError, type Problem } from './problem';

const domainStatus: Record<DomainErrorCode, { status: number; kind: string }> = {
  invalid_argument: { status: 400, kind: 'validation' },
  not_found: { status: 404, kind: 'not-found' },
  already_exists: { status: 409, kind: 'already-exists' },
  failed_precondition: { status: 409, kind: 'failed-precondition' },
  permission_denied: { status: 404, kind: 'not-found' },
  unauthenticated: { status: 401, kind: 'unauthenticated' },
  resource_exhausted: { status: 429, kind: 'rate-limited' },
  unavailable: { status: 503, kind: 'unavailable' },
  deadline_exceeded: { status: 503, kind: 'unavailable' },
  internal: { status: 500, kind: 'internal' },
};

// Fastify's own client errors that deserve a kind of their own; other 4xx keep Fastify's message.
const fastifyKinds: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body-too-large',
  FST_REQ_FILE_TOO_LARGE: 'body-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed-body',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed-body',
};

/** Sends a problem; pre-serialised so that no route's response schema can reshape it. */
export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type(problemContentType).send(JSON.stringify(body));
}

/** Maps any error to the problem a caller sees. 5xx never carry internals. */
export function problemFor(error: unknown): Problem {
  if (error instanceof ProblemError) return error.problem;
  if (error instanceof DomainError) {
    const { status, kind } = domainStatus[error.code];
    if (status >= 500) return problem(status, kind, serverDetail(error.code));
    const violations = restViolations(error.violations);
    // The detail names fields as the caller does (body.name), not as the service did (campaign.name).
    const detail =
      error.code === 'invalid_argument' && violations.length > 0
        ? violations.map((v) => `${v.field}: ${v.message}`).join('; ')
        : error.message;
    return problem(status, kind, detail, violations);
  }
  const fastifyError = error as Partial<FastifyError> & { validationContext?: string };
  if (Array.isArray(fastifyError.validation)) {
    const errors = validationViolations(fastifyError.validation, fastifyError.validationContext ?? 'body');
    return problem(400, 'validation', errors.map((e) => `${e.field} ${e.message}`).join('; '), errors);
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const kind = fastifyKinds[fastifyError.code ?? ''] ?? (status === 404 ? 'not-found' : 'bad-request');
    const detail =
      kind === 'unsupported-media-type'
        ? 'This route does not accept the Content-Type sent (JSON routes take application/json; the import takes text/csv or multipart/form-data).'
        : (fastifyError.message ?? 'The request is not acceptable.');
    return problem(status, kind, detail);
  }
  return problem(500, 'internal', serverDetail('internal'));
}

function serverDetail(code: DomainErrorCode): string {
  return code === 'internal'
    ? 'An unexpected error occurred; it has been logged.'
    : 'A service behind the API is unavailable or too slow; retry later.';
}

/** The gateway's one error handler (and the 404 for unknown routes). */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const body = problemFor(error);
    if (body.status >= 500) {
      // The error object may hold a peer's message; it goes to the log, never to the caller.
      request.log.error({ err: error }, 'request failed');
    } else if (error instanceof DomainError && error.code !== 'invalid_argument') {
      request.log.info({ code: error.code }, 'request refused');
    }
    if (body.status === 401) reply.header('www-authenticate', 'Bearer');
    return sendProblem(reply, body);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      problem(
        404,
        'not-found',
        `There is no route ${request.method} ${(request.url.split('?')[0] ?? '').slice(0, 200)}.`,
      ),
    ),
  );
}
