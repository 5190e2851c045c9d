import type { RateLimitDecision, RateLimiter } from './rate-limiter';
import { redisBucketOf, spendInRedis, type RedisBucket } from './redis-rate-limiter';

/** One budget a request spends from: a limiter and the key within it. */
export interface BudgetCheck {
  limiter: RateLimiter;
  key: string;
}

/**
 * Spends one request from each budget in order, stopping at the first that refuses (a refused
 * request spends nothing from the budgets after it): the decisions made, the refusing one last.
 * When every limiter is a Redis limiter on the same client, all of it is one script call, one
 * round trip (the gateway spends a workspace's and a key's budget on every API call); otherwise
 * the limiters are asked in turn. Either way a limiter whose Redis fails allows the request.
 */
export async function consumeInOrder(checks: readonly BudgetCheck[]): Promise<RateLimitDecision[]> {
  const inRedis = checks.map(({ limiter, key }) => ({ bucket: redisBucketOf(limiter), key }));
  const redis = inRedis[0]?.bucket?.redis;
  if (redis && inRedis.every(({ bucket }) => bucket?.redis === redis)) {
    return spendInRedis(inRedis as { bucket: RedisBucket; key: string }[]);
  }
  const decisions: RateLimitDecision[] = [];
  for (const { limiter, key } of checks) {
    const decision = await limiter.consume(key);
    decisions.push(decision);
    if (!decision.allowed) break;
  }
  return decisions;
}
