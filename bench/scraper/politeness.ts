// What the corpus server saw of one crawler: pages served, repeats, and per host the most requests
// it had in flight at once and the shortest pause between one request's end and the next's start.

export interface LoggedRequest {
  /** Index of the corpus host (-1: a name outside the corpus). */
  host: number;
  kind: 'page' | 'robots' | 'other';
  path: string;
  /** performance.now() of the server when the request arrived and when its response was sent. */
  start: number;
  end: number;
}

export interface ServerView {
  requests: number;
  /** Distinct corpus pages served (200), and how many were served more than once. */
  pages: number;
  repeatedPages: number;
  robots: number;
  others: number;
  /** Over all hosts: the most requests in flight to one host at once. */
  maxInFlightPerHost: number;
  /**
   * Over all hosts: the shortest time from the end of one response to the start of the next request
   * to the same host, in ms (negative when requests overlapped), or undefined without two requests.
   */
  minGapMs: number | undefined;
}

export function serverView(log: readonly LoggedRequest[]): ServerView {
  const seenPages = new Map<string, number>();
  const byHost = new Map<number, LoggedRequest[]>();
  for (const entry of log) {
    if (entry.kind === 'page') {
      const key = `${entry.host} ${entry.path}`;
      seenPages.set(key, (seenPages.get(key) ?? 0) + 1);
    }
    const list = byHost.get(entry.host) ?? [];
    list.push(entry);
    byHost.set(entry.host, list);
  }
  let maxInFlightPerHost = 0;
  let minGapMs: number | undefined;
  for (const entries of byHost.values()) {
    const sorted = [...entries].sort((a, b) => a.start - b.start);
    // A request still open at the end of the log counts as ending then.
    const endOf = (entry: LoggedRequest) => (entry.end > 0 ? entry.end : Number.POSITIVE_INFINITY);
    const openEnds: number[] = [];
    let latestEnd = Number.NEGATIVE_INFINITY;
    for (const entry of sorted) {
      for (let index = openEnds.length - 1; index >= 0; index--) {
        if ((openEnds[index] ?? 0) <= entry.start) openEnds.splice(index, 1);
      }
      openEnds.push(endOf(entry));
      maxInFlightPerHost = Math.max(maxInFlightPerHost, openEnds.length);
      if (latestEnd > Number.NEGATIVE_INFINITY) {
        const gap = entry.start - latestEnd;
        minGapMs = minGapMs === undefined ? gap : Math.min(minGapMs, gap);
      }
      latestEnd = Math.max(latestEnd, endOf(entry));
    }
  }
  const counts = [...seenPages.values()];
  return {
    requests: log.length,
    pages: counts.length,
    repeatedPages: counts.filter((count) => count > 1).length,
    robots: log.filter((entry) => entry.kind === 'robots').length,
    others: log.filter((entry) => entry.kind === 'other').length,
    maxInFlightPerHost,
    minGapMs,
  };
}
