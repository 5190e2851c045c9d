/** One email about to start sending, and the limits of its mailbox. */
export interface SendLimitInput {
  workspaceId: string;
  mailboxId: string;
  /** At most this many sends from the mailbox per UTC day. */
  dailyCap: number;
  /** The recipient's domain, lower-case (e.g. `example.com`). */
  domain: string;
  /** At most this many sends from the mailbox to `domain` per UTC hour; 0 means no limit. */
  domainHourlyCap: number;
  now: Date;
}

export type SendLimitDecision = { allowed: true } | { allowed: false; retryAt: Date };

/**
 * Counts sends against the per-mailbox daily cap and the per-(mailbox, domain) hourly throttle:
 * `acquire` checks both and, when both have room, counts the send in both, atomically. A send that
 * is allowed is counted even if it then does not go out (suppressed, lost its claim): the caps are
 * never exceeded, at worst under-used. Implementations fail closed: when the counters cannot be
 * read, `acquire` throws and nothing may be sent.
 */
export interface SendLimiter {
  acquire(input: SendLimitInput): Promise<SendLimitDecision>;
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/** UTC buckets of `now`: the day and hour it falls in, and when each ends. */
export function limitWindows(now: Date): { day: string; hour: string; dayEnds: Date; hourEnds: Date } {
  const at = now.getTime();
  const iso = now.toISOString();
  return {
    day: iso.slice(0, 10),
    hour: iso.slice(0, 13),
    dayEnds: new Date(Math.floor(at / dayMs) * dayMs + dayMs),
    hourEnds: new Date(Math.floor(at / hourMs) * hourMs + hourMs),
  };
}

/** The embedded mode's limiter: counters in this process's memory (one process sends there). */
export function createMemorySendLimiter(): SendLimiter {
  const counters = new Map<string, number>();
  let currentHour = '';

  return {
    acquire(input) {
      const windows = limitWindows(input.now);
      // Counters of past hours and days are never read again; drop them when the hour turns.
      if (windows.hour !== currentHour) {
        currentHour = windows.hour;
        for (const key of counters.keys()) {
          if (!key.includes(`|${windows.day}`)) counters.delete(key);
          else if (key.startsWith('h|') && !key.includes(`|${windows.hour}|`)) counters.delete(key);
        }
      }
      const dayKey = `d|${input.mailboxId}|${windows.day}`;
      const hourKey = `h|${input.mailboxId}|${windows.hour}|${input.domain}`;
      const sentToday = counters.get(dayKey) ?? 0;
      if (sentToday >= input.dailyCap) {
        return Promise.resolve({ allowed: false, retryAt: windows.dayEnds });
      }
      const sentThisHour = counters.get(hourKey) ?? 0;
      if (input.domainHourlyCap > 0 && sentThisHour >= input.domainHourlyCap) {
        return Promise.resolve({ allowed: false, retryAt: windows.hourEnds });
      }
      counters.set(dayKey, sentToday + 1);
      if (input.domainHourlyCap > 0) counters.set(hourKey, sentThisHour + 1);
      return Promise.resolve({ allowed: true });
    },
  };
}
