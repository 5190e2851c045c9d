import type { FuzzRequest } from './request-arbitrary';
import type { FuzzResponse } from './send-request';

export interface ResponseRules {
  /** The largest answer allowed, in bytes. */
  maxBytes: number;
  /** Strings no answer may contain (the API keys). */
  secrets: string[];
}

/**
 * What is wrong with one answer, as short reasons (empty: nothing). The rules hold for any
 * request whatsoever: no 5xx; an error is problem+json whose `status` is the HTTP status (the
 * public unsubscribe page may answer a browser in HTML); nothing larger than the bound; no key
 * echoed; another workspace's id never succeeds.
 */
export function checkResponse(request: FuzzRequest, response: FuzzResponse, rules: ResponseRules): string[] {
  const problems: string[] = [];
  const { status } = response;
  if (status >= 500) problems.push(`answered ${status}`);
  if (response.bytes > rules.maxBytes) {
    problems.push(`answer of ${response.bytes} bytes (bound ${rules.maxBytes})`);
    return problems;
  }
  const text = response.body.toString('utf8');
  if (status >= 400) {
    const htmlAllowed =
      request.path.startsWith('/unsubscribe/') && !/json/.test(request.headers.accept ?? '');
    if (htmlAllowed && response.contentType.startsWith('text/html')) return problems;
    if (!response.contentType.startsWith('application/problem+json')) {
      problems.push(`error ${status} as "${response.contentType || 'no content type'}", not problem+json`);
    } else {
      const parsed = parseJson(text);
      if (parsed === undefined) problems.push(`error ${status}: problem+json that does not parse`);
      else if ((parsed as { status?: unknown }).status !== status)
        problems.push(
          `error ${status}: problem+json with status ${JSON.stringify((parsed as { status?: unknown }).status)}`,
        );
    }
  } else if (response.contentType.startsWith('application/json') && parseJson(text) === undefined) {
    problems.push(`${status} with application/json that does not parse`);
  }
  if (request.foreignId && status >= 200 && status < 300 && request.method !== 'DELETE') {
    problems.push(`${status} for another workspace's id`);
  }
  for (const secret of rules.secrets) {
    if (secret && text.includes(secret)) problems.push('the answer contains an API key');
  }
  return problems;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
