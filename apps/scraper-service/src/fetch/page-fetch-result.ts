/** What one fetch gave: a page, or why not. Plain data, ready to store or log. */
export interface Redirect {
  from: string;
  status: number;
  to: string;
}

export interface FetchedPage {
  ok: true;
  url: string;
  finalUrl: string;
  status: number;
  /** The media type, e.g. `text/html` (empty when the server sent none). */
  contentType: string;
  body: string;
  /** Bytes after decompression. */
  bytes: number;
  redirects: Redirect[];
}

export interface FailedFetch {
  ok: false;
  url: string;
  /** e.g. "HTTP 404", "refused: …", "timeout after 15s (headers)", "not HTML: image/png". */
  reason: string;
  /** The URL that failed, when redirects led elsewhere. */
  finalUrl?: string;
  status?: number;
  /** From Retry-After on a 429 or 503. */
  retryAfterMs?: number;
  /** True when the page was fine but not of the kind asked for (counted, not an error). */
  skipped?: true;
}

export type PageFetchResult = FetchedPage | FailedFetch;
