import { checkOutboundUrl, defaultAllowedPorts, type OutboundGuard } from '@coldreach/outbound-guard';
import { Agent, type Dispatcher } from 'undici';
import { fetchFailureReason, type FetchLimits, type StopCause } from './fetch-failure-reason';
import { createGuardedConnector } from './guarded-connector';
import { decodePage } from './page-charset';
import { acceptHeaders, judgeContentType, type PageKind } from './page-content-types';
import { abandon, BodyTooLarge, decodersFor, readCappedBody } from './read-capped-body';
import type { FailedFetch, PageFetchResult, Redirect } from './page-fetch-result';
import { retryAfterMs } from './retry-after';

/**
 * The scraper's only way to the web: one page per call, through the outbound guard.
 *
 * - Every connection is resolved and checked by the guard and pinned to the checked address
 *   (guarded-connector.ts); every redirect hop passes checkOutboundUrl first, then the guard when
 *   it connects. undici never follows redirects itself: this loop does, at most `maxRedirects`.
 * - Caps: bytes counted after decompression (and before), headers timeout, body idle timeout, a
 *   deadline for the whole page including redirects; bodies of an unwanted type are not read.
 * - No retries here: a failure says why (and 429/503 how long to wait); the worker decides.
 */
export interface PageFetcherOptions {
  guard: OutboundGuard;
  /** e.g. `ColdReachBot/0.1 (+https://example.org/bot)`. */
  userAgent: string;
  /** Default 80, 443, 8080, 8443. */
  allowedPorts?: readonly number[];
  /** Body cap after decompression. Default 5 MB. */
  maxBytes?: number;
  /** Default 15 s. */
  headersTimeoutMs?: number;
  /** Longest silence inside a body. Default 15 s. */
  bodyIdleTimeoutMs?: number;
  /** Default 10 s. */
  connectTimeoutMs?: number;
  /** The whole page, redirects included. Default 30 s. */
  pageDeadlineMs?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Pooled connections per origin. Default 2 (per-host politeness is the worker's). */
  connectionsPerOrigin?: number;
  /** Extra trusted CA (tests serving HTTPS on loopback). */
  ca?: string | Buffer;
}

export interface PageFetcher {
  fetchPage(url: string, options: { accept: PageKind; signal?: AbortSignal }): Promise<PageFetchResult>;
  /** Cancels fetches in flight and closes every pooled connection. */
  close(): Promise<void>;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
// Error pages and redirects are read this far so the connection can be reused, no further.
const discardLimit = 64 * 1024;

/** One fetch's state: where it started, where it is, how it stops. */
interface Attempt {
  url: string;
  current: string;
  redirects: Redirect[];
  signal: AbortSignal;
}

export function createPageFetcher(options: PageFetcherOptions): PageFetcher {
  const limits: FetchLimits = {
    maxBytes: options.maxBytes ?? 5 * 1024 * 1024,
    headersTimeoutMs: options.headersTimeoutMs ?? 15_000,
    bodyIdleTimeoutMs: options.bodyIdleTimeoutMs ?? 15_000,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    pageDeadlineMs: options.pageDeadlineMs ?? 30_000,
  };
  const allowedPorts = options.allowedPorts ?? defaultAllowedPorts;
  const maxRedirects = options.maxRedirects ?? 5;
  const connect = createGuardedConnector({
    guard: options.guard,
    connectTimeoutMs: limits.connectTimeoutMs,
    ...(options.ca ? { ca: options.ca } : {}),
  });
  const agent = new Agent({
    connect,
    connections: options.connectionsPerOrigin ?? 2,
    headersTimeout: limits.headersTimeoutMs,
    bodyTimeout: limits.bodyIdleTimeoutMs,
  });
  // Each fetch's own controller, so close() can stop them (no long-lived signal collects dependents).
  const inFlight = new Set<() => void>();
  let closing: Promise<void> | undefined;

  async function fetchPage(url: string, request: { accept: PageKind; signal?: AbortSignal }) {
    const controller = new AbortController();
    let stopped: StopCause;
    const stop = (cause: StopCause) => {
      stopped ??= cause;
      controller.abort();
    };
    const timer = setTimeout(() => stop('deadline'), limits.pageDeadlineMs);
    const cancel = () => stop('cancelled');
    inFlight.add(cancel);
    request.signal?.addEventListener('abort', cancel, { once: true });
    if (closing || request.signal?.aborted) cancel();
    const attempt: Attempt = { url, current: url, redirects: [], signal: controller.signal };
    try {
      return await follow(attempt, request.accept);
    } catch (error) {
      return failed(attempt, fetchFailureReason(error, limits, stopped));
    } finally {
      clearTimeout(timer);
      inFlight.delete(cancel);
      request.signal?.removeEventListener('abort', cancel);
    }
  }

  async function follow(attempt: Attempt, accept: PageKind): Promise<PageFetchResult> {
    for (;;) {
      const check = checkOutboundUrl(attempt.current, { allowedPorts });
      if (!check.ok) return failed(attempt, `refused: ${check.problem}`);
      const target = check.url;
      target.hash = '';
      attempt.signal.throwIfAborted();
      const response = await agent.request({
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method: 'GET',
        headers: {
          'user-agent': options.userAgent,
          accept: acceptHeaders[accept],
          'accept-encoding': 'gzip, deflate, br',
        },
        signal: attempt.signal,
      });
      const location = header(response, 'location');
      if (!redirectStatuses.has(response.statusCode) || location === undefined) {
        return await readPage(attempt, response, target, accept);
      }
      await response.body.dump({ limit: discardLimit, signal: attempt.signal });
      if (attempt.redirects.length >= maxRedirects)
        return failed(attempt, `too many redirects (${maxRedirects})`);
      const next = URL.parse(location, target.href);
      if (!next)
        return failed(attempt, 'bad redirect: the Location is not a URL', { status: response.statusCode });
      next.hash = '';
      const seen = next.href === target.href || attempt.redirects.some((hop) => hop.from === next.href);
      if (seen) return failed(attempt, 'redirect loop');
      attempt.redirects.push({ from: target.href, status: response.statusCode, to: next.href });
      attempt.current = next.href;
    }
  }

  async function readPage(
    attempt: Attempt,
    response: Dispatcher.ResponseData,
    target: URL,
    accept: PageKind,
  ): Promise<PageFetchResult> {
    const status = response.statusCode;
    if (status < 200 || status > 299) {
      await response.body.dump({ limit: discardLimit, signal: attempt.signal });
      const wait =
        status === 429 || status === 503 ? retryAfterMs(header(response, 'retry-after')) : undefined;
      return failed(attempt, `HTTP ${status}`, {
        status,
        ...(wait !== undefined ? { retryAfterMs: wait } : {}),
      });
    }
    const contentType = header(response, 'content-type');
    const verdict = judgeContentType(accept, contentType, target.pathname);
    if (!verdict.ok) {
      abandon(response.body);
      return failed(attempt, verdict.reason, { status, skipped: true });
    }
    const decoders = decodersFor(header(response, 'content-encoding'));
    // A .gz sitemap is a gzip file; when the server also declared a Content-Encoding, that was it.
    if (verdict.gzipFile && decoders.length === 0) decoders.push(...decodersFor('gzip'));
    else if (decoders.length === 0 && Number(header(response, 'content-length')) > limits.maxBytes) {
      abandon(response.body);
      throw new BodyTooLarge();
    }
    const bytes = await readCappedBody(response.body, decoders, limits.maxBytes);
    return {
      ok: true,
      url: attempt.url,
      finalUrl: target.href,
      status,
      contentType: verdict.mediaType,
      body: decodePage(bytes, contentType, accept),
      bytes: bytes.length,
      redirects: attempt.redirects,
    };
  }

  return {
    fetchPage,
    close: () => {
      if (!closing) {
        for (const cancel of inFlight) cancel();
        closing = agent.close();
      }
      return closing;
    },
  };
}

function failed(attempt: Attempt, reason: string, extra: Partial<FailedFetch> = {}): FailedFetch {
  const moved = attempt.current !== attempt.url ? { finalUrl: withoutCredentials(attempt.current) } : {};
  return { ok: false, url: attempt.url, reason, ...moved, ...extra };
}

/** A URL a server redirected to, fit to show: user:password@ it may carry is dropped. */
function withoutCredentials(href: string): string {
  const url = URL.parse(href);
  if (!url || (url.username === '' && url.password === '')) return href;
  url.username = '';
  url.password = '';
  return url.href;
}

function header(response: Dispatcher.ResponseData, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export type { PageKind } from './page-content-types';
export type { FailedFetch, FetchedPage, PageFetchResult, Redirect } from './page-fetch-result';
