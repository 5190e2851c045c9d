import type { EmailCounts } from './analytics-store';

export interface FunnelRates {
  openRate: number;
  clickRate: number;
  replyRate: number;
  bounceRate: number;
  unsubscribeRate: number;
}

export interface Funnel {
  counts: EmailCounts;
  leads: number;
  rates: FunnelRates;
}

/** A funnel from its counts: each rate is a share of the emails sent, 0 while none was. */
export function funnelOf(counts: EmailCounts, leads: number): Funnel {
  const share = (count: number) => (counts.sent > 0 ? count / counts.sent : 0);
  return {
    counts,
    leads,
    rates: {
      openRate: share(counts.opened_unique),
      clickRate: share(counts.clicked_unique),
      replyRate: share(counts.replied),
      bounceRate: share(counts.bounced),
      unsubscribeRate: share(counts.unsubscribed),
    },
  };
}

/** The sum of several steps' counts. */
export function addCounts(all: readonly EmailCounts[], zero: EmailCounts): EmailCounts {
  const total = { ...zero };
  for (const counts of all) {
    for (const name of Object.keys(total) as (keyof EmailCounts)[]) total[name] += counts[name];
  }
  return total;
}
