import { problemContentType } from '../errors/problem';

/** RFC 9457 problem details, the body of every error answer. */
export const problemSchema = {
  $id: 'Problem',
  type: 'object',
  description: 'RFC 9457 problem details (served as application/problem+json).',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: {
      type: 'string',
      description: 'A URN naming the kind of problem, e.g. urn:coldreach:problem:validation.',
    },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string', description: 'What went wrong with this request, for a person.' },
    errors: {
      type: 'array',
      description: 'One entry per bad input field (validation problems only).',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: {
          field: {
            type: 'string',
            description: 'Where the field is, e.g. body.email, query.limit, body.tags[2].',
          },
          message: { type: 'string' },
        },
      },
    },
  },
} as const;

const descriptions: Record<number, string> = {
  400: 'The request is malformed or a field is invalid; `errors` names each bad field.',
  401: 'The API key is missing, malformed, unknown or revoked.',
  404: 'No such lead in this workspace (ids that are not UUIDs included).',
  409: 'A lead with this email already exists in the workspace.',
  413: 'The body is larger than the limit.',
  415: 'The Content-Type is not accepted by this route.',
  422: 'The Idempotency-Key was used before for a different request (method, path or body).',
  429: 'The API key has used up its request budget; retry after `Retry-After` seconds.',
  500: 'An unexpected error; the detail never reveals internals.',
  503: 'A service behind the gateway is unavailable or too slow; retrying later may succeed.',
};

/** A problem+json response entry. */
export function problemResponse(description: string): unknown {
  return { description, content: { [problemContentType]: { schema: { $ref: 'Problem#' } } } };
}

/**
 * Response entries for the given error statuses, each a problem+json body; a `[status, description]`
 * pair says what that status means on this route.
 */
export function problemResponses(
  ...statuses: (number | readonly [number, string])[]
): Record<number, unknown> {
  return Object.fromEntries(
    statuses.map((entry) => {
      const [status, description] = typeof entry === 'number' ? [entry, descriptions[entry]] : entry;
      return [status, problemResponse(description ?? 'Problem details.')];
    }),
  );
}

/** A success response with a description (a bare `$ref` would be documented as "Default Response"). */
export function jsonResponse(description: string, schema: object, headers?: object): unknown {
  return { description, content: { 'application/json': { schema } }, ...(headers ? { headers } : {}) };
}

/** The errors any authenticated JSON route may answer. */
export const commonApiProblems = [400, 401, 413, 415, 429, 500, 503] as const;
