import type { components } from '../gen/api-schema';

export type Problem = components['schemas']['Problem'];

/**
 * An answer of the API that is not a success, carrying its RFC 9457 problem. Pages show `detail`
 * next to what caused it, and each entry of `errors` next to the field it names (`body.name`).
 */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }

  /** The message for one input field, by its name without `body.` / `query.` (e.g. `steps[0].subject`). */
  fieldError(field: string): string | undefined {
    return this.problem.errors?.find((entry) => stripLocation(entry.field) === field)?.message;
  }

  /** Field errors no form field claims: shown with the form's general message. */
  otherFieldErrors(claimed: readonly string[]): { field: string; message: string }[] {
    return (this.problem.errors ?? [])
      .map((entry) => ({ field: stripLocation(entry.field), message: entry.message }))
      .filter((entry) => !claimed.includes(entry.field));
  }
}

function stripLocation(field: string): string {
  return field.replace(/^(body|query|params|headers)\./, '');
}

/** Turns whatever an answer held into a problem: a network failure or a non-problem body too. */
export function problemOf(status: number, body: unknown, fallback: string): Problem {
  if (body && typeof body === 'object' && 'detail' in body && 'status' in body) return body as Problem;
  return { type: 'about:blank', title: fallback, status, detail: fallback };
}
