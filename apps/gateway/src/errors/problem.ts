import type { FieldViolation } from '@coldreach/errors';

/** An RFC 9457 problem details body, as every error of the gateway is answered. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldViolation[];
}

export const problemContentType = 'application/problem+json';

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Builds a problem; `type` is a stable URN per kind of problem that clients may switch on. */
export function problem(status: number, kind: string, detail: string, errors?: FieldViolation[]): Problem {
  return {
    type: `urn:coldreach:problem:${kind}`,
    title: titles[status] ?? (status >= 500 ? 'Server Error' : 'Client Error'),
    status,
    detail,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

/**
 * An error the gateway raises about HTTP itself (a body too large, a missing upload) rather than
 * about the domain; the error handler answers it as-is.
 */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';

  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

/** The one body every authentication failure gets, so a caller cannot tell why a key was refused. */
export const unauthenticatedProblem: Problem = problem(
  401,
  'unauthenticated',
  'A valid API key is required: send "Authorization: Bearer <key>".',
);
