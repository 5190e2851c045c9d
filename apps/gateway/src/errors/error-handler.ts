import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DomainErrorCode, type FieldViolation } from '@coldreach/errors';
import { redactRequestUrl, redactSecretText } from '@coldreach/observability';
import { restViolations, validationViolations } from './field-names';
import { problem, problemContentType, ProblemError, type Problem } from './problem';
import { apiContentSecurityPolicy } from '../http/security-headers';

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

/** Longest piece of the caller's input (a path, a field name) repeated in a problem. */
const maxEchoedInput = 100;

/** What a problem may repeat of the caller's input: secrets redacted, capped in length. */
export function echoedInput(text: string, max = maxEchoedInput): string {
  const redacted = redactSecretText(text);
  return redacted.length > max ? `${redacted.slice(0, max)}…` : redacted;
}

function cappedViolations(violations: FieldViolation[]): FieldViolation[] {
  return violations.map((v) => ({ ...v, field: echoedInput(v.field), message: echoedInput(v.message, 300) }));
}

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
    const violations = cappedViolations(restViolations(error.violations));
    // The detail names fields as the caller does (body.name), not as the service did (campaign.name).
    const detail =
      error.code === 'invalid_argument' && violations.length > 0
        ? violations.map((v) => `${v.field}: ${v.message}`).join('; ')
        : error.message;
    return problem(status, kind, detail, violations);
  }
  const fastifyError = error as Partial<FastifyError> & { validationContext?: string };
  if (Array.isArray(fastifyError.validation)) {
    const errors = cappedViolations(
      validationViolations(fastifyError.validation, fastifyError.validationContext ?? 'body'),
    );
    return problem(400, 'validation', errors.map((e) => `${e.field} ${e.message}`).join('; '), errors);
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const kind = fastifyKinds[fastifyError.code ?? ''] ?? (status === 404 ? 'not-found' : 'bad-request');
    const detail =
      kind === 'unsupported-media-type'
        ? 'This route does not accept the Content-Type sent (JSON routes take application/json; the import takes text/csv or multipart/form-data).'
        : echoedInput(fastifyError.message ?? 'The request is not acceptable.', 300);
    return problem(status, kind, detail);
  }
  return problem(500, 'internal', serverDetail('internal'));
}

function serverDetail(code: DomainErrorCode): string {
  return code === 'internal'
    ? 'An unexpected error occurred; it has been logged.'
    : 'A service behind the API is unavailable or too slow; retry later.';
}

/**
 * An answer given before the request's body was read to its end (a malformed multipart upload, a
 * file over the limit) leaves the rest of the body on the connection, and a parser that stopped
 * reading leaves the stream paused: the next request on a kept-alive connection would never be
 * read. The connection is closed after the answer instead, as Node does for its own 413.
 */
function closeIfBodyUnread(request: FastifyRequest, reply: FastifyReply): void {
  if (!request.raw.complete) reply.header('connection', 'close');
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
    closeIfBodyUnread(request, reply);
    return sendProblem(reply, body);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      problem(404, 'not-found', `There is no route ${request.method} ${echoedPath(request.url)}.`),
    ),
  );
}

/** The path of a URL as a problem may repeat it: no query string, token paths and keys redacted, capped. */
function echoedPath(url: string): string {
  return echoedInput(redactRequestUrl(url.split('?')[0] ?? ''));
}

// The router's own refusals, before any route or hook: the problem names no part of the URL (the
// router's messages quote it whole, tokens included).
const frameworkProblems: Record<string, () => Problem> = {
  FST_ERR_BAD_URL: () =>
    problem(400, 'bad-url', 'The URL is not valid: a percent sign must be followed by two hex digits.'),
  FST_ERR_MAX_PARAM_LENGTH: () =>
    problem(414, 'uri-too-long', 'A path segment of the URL is too long for any route.'),
};

/** Fastify's `frameworkErrors` option: router errors answered as problems rather than Fastify's JSON. */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const body = frameworkProblems[error.code]?.() ?? problem(400, 'bad-request', 'The request is not valid.');
  request.log.info({ code: error.code }, 'request refused by the router');
  // No onRequest hook ran (the route was never found): the API's headers are set here.
  reply.headers({
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    'content-security-policy': apiContentSecurityPolicy,
    'x-frame-options': 'DENY',
  });
  void sendProblem(reply, body);
}

const clientErrorProblems: Record<string, Problem> = {
  HPE_HEADER_OVERFLOW: problem(
    431,
    'headers-too-large',
    'The request line and headers are too large (at most 16 KiB in all).',
  ),
  ERR_HTTP_REQUEST_TIMEOUT: problem(408, 'request-timeout', 'The request did not arrive in time.'),
};
const malformedRequest = problem(400, 'malformed-request', 'The request is not valid HTTP/1.1.');

/**
 * Fastify's `clientErrorHandler` option: a request Node's HTTP parser refuses (headers too large,
 * not HTTP) never reaches Fastify, so its answer is written on the socket here, as a problem that
 * repeats nothing of what was sent, and the connection is closed.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const body = clientErrorProblems[error.code ?? ''] ?? malformedRequest;
  const json = JSON.stringify(body);
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${body.status} ${STATUS_CODES[body.status] ?? body.title}\r\n` +
      `Content-Type: ${problemContentType}\r\nContent-Length: ${Buffer.byteLength(json)}\r\n` +
      'Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n' +
      json,
  );
}
