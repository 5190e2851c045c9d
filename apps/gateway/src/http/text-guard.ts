import type { FastifyInstance } from 'fastify';
import { unstorableTextViolations, type FieldViolation } from '@coldreach/errors';
import { problem, ProblemError } from '../errors/problem';

/**
 * One check at the edge for every string a route reads: path parameters, the query, the JSON body
 * (keys included) and the headers. A NUL or a lone surrogate is a 400 naming the field, before
 * schema validation, idempotency records and any service see the request; lengths are the route
 * schemas' (see text-guard.int-spec.ts, which walks every route). Registered on the root instance
 * so that no route, present or future, is left out.
 */
export function registerTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const violations: FieldViolation[] = [
      ...unstorableTextViolations(request.params, 'params'),
      ...unstorableTextViolations(request.query, 'query'),
      ...unstorableTextViolations(request.body, 'body'),
      ...unstorableTextViolations(request.headers, 'headers'),
    ];
    if (violations.length === 0) return;
    throw new ProblemError(
      problem(400, 'validation', violations.map((v) => `${v.field} ${v.message}`).join('; '), violations),
    );
  });
}
