// The three calls the CLI makes to the gateway, with node's fetch. Errors carry the problem's detail
// (RFC 9457, as the gateway answers every error) and never the key.
import type { ScrapeRequest } from './scrape-args';

/** What the CLI reads of a scrape job (the gateway's ScrapeJob). */
export interface ScrapeJobView {
  id: string;
  status: string;
  spec: { seedUrls: string[]; maxPages: number; leadTags: string[] };
  pagesCrawled: number;
  pagesQueued: number;
  pagesFailed: number;
  pagesSkipped: number;
  javascriptOnlyPages: number;
  contactsFound: number;
  errors: { url: string; message: string }[];
  errorMessage: string | null;
  createdAt: string;
  endedAt: string | null;
}

/** The API answered with an error, or could not be reached. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    message: string,
    /** The HTTP status; 0 when no answer came. */
    readonly status: number,
    /** Seconds the gateway asked to wait (Retry-After), if it did. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  /** Worth asking again: no answer, too many requests, or the API or a service behind it down. */
  get transient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export interface ScrapeApiClient {
  /** POST /api/scrape → the job and its status path (the Location header). */
  createJob(request: ScrapeRequest): Promise<{ job: ScrapeJobView; statusPath: string }>;
  /** GET /api/status/:id (or the path Location named). */
  getStatus(statusPath: string, signal?: AbortSignal): Promise<ScrapeJobView>;
  /** POST /api/scrape/:id/cancel. */
  cancelJob(id: string): Promise<ScrapeJobView>;
}

/** Longest wait for one answer: a busy gateway is slow, a dead one is not waited on forever. */
const requestTimeoutMs = 30_000;

export function createScrapeApiClient(options: {
  apiUrl: string;
  key: string;
  fetch?: typeof fetch;
}): ScrapeApiClient {
  const send = options.fetch ?? fetch;
  const call = async (method: string, path: string, body?: unknown, signal?: AbortSignal) => {
    const timeout = AbortSignal.timeout(requestTimeoutMs);
    let response: Response;
    try {
      response = await send(`${options.apiUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options.key}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiError(`cannot reach ${options.apiUrl}: ${reasonOf(error)}`, 0);
    }
    const text = await response.text();
    if (!response.ok) {
      const retryAfter = Number(response.headers.get('retry-after'));
      throw new ApiError(
        problemMessage(response.status, text),
        response.status,
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
      );
    }
    return { response, json: parseJson(text) };
  };

  return {
    async createJob(request) {
      const { response, json } = await call('POST', '/api/scrape', request);
      const job = json as ScrapeJobView;
      return { job, statusPath: response.headers.get('location') ?? `/api/status/${job.id}` };
    },
    async getStatus(statusPath, signal) {
      return (await call('GET', statusPath, undefined, signal)).json as ScrapeJobView;
    },
    async cancelJob(id) {
      return (await call('POST', `/api/scrape/${id}/cancel`)).json as ScrapeJobView;
    },
  };
}

/**
 * One line for an error answer: the problem's detail (which names the bad fields, e.g.
 * `body.seedUrls[0]: … is refused: …`), else the status alone; never the body of a stranger's page.
 */
export function problemMessage(status: number, text: string): string {
  const problem = parseJson(text) as { detail?: unknown; title?: unknown } | undefined;
  const detail = typeof problem?.detail === 'string' && problem.detail !== '' ? problem.detail : undefined;
  const title = typeof problem?.title === 'string' ? problem.title : undefined;
  const base = status === 401 ? 'the API key was refused (missing, unknown or revoked)' : detail;
  return `HTTP ${status}${title ? ` ${title}` : ''}${base ? `: ${base}` : ''}`.replace(/\s*\n\s*/g, ' ');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function reasonOf(error: unknown): string {
  // fetch's TypeError ("fetch failed") hides the useful part (ECONNREFUSED…) in its cause.
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code || cause?.message) return (cause.code ?? cause.message) as string;
  if (error instanceof Error && error.name === 'TimeoutError')
    return `no answer in ${requestTimeoutMs / 1000} s`;
  return error instanceof Error ? error.message : String(error);
}
