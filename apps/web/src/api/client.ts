import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from '../gen/api-schema';
import { ApiError, problemOf } from './problem';

/**
 * The dashboard's one way to the REST API: typed from the gateway's OpenAPI document
 * (src/gen/api-schema.ts), same origin, authenticated by the session cookie. Every state-changing
 * request carries the session's CSRF token; a 401 tells the session it has ended.
 */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

let csrfToken: string | null = null;
let onUnauthenticated: () => void = () => undefined;

/** Set by the session provider when a session starts or ends. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the API answers 401 to a signed-in page (the session expired or was revoked). */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    if (!safeMethods.has(request.method) && csrfToken) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/api/session')) {
      onUnauthenticated();
    }
    return response;
  },
};
api.use(sessionMiddleware);

/** The headers a request made outside openapi-fetch needs (uploads with progress, downloads). */
export function sessionHeaders(method: string): Record<string, string> {
  return !safeMethods.has(method.toUpperCase()) && csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

/**
 * The data of an openapi-fetch answer, or an ApiError with its problem. Pages call it inside
 * react-query functions so a failed answer becomes the query's or mutation's error.
 */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let answer: { data?: T; error?: unknown; response: Response };
  try {
    answer = await call;
  } catch {
    throw new ApiError(
      problemOf(0, null, 'The server could not be reached. Check that Cold Reach is running.'),
    );
  }
  if (answer.response.ok) return answer.data as T;
  throw new ApiError(
    problemOf(answer.response.status, answer.error, answer.response.statusText || 'Request failed'),
  );
}
