import type { FastifyReply } from 'fastify';
import { consumeInOrder, type RateLimitDecision, type RateLimiter } from '@coldreach/rate-limit';
import { problem, ProblemError } from '../errors/problem';

/** One budget a request spends from: a limiter, the key within it, and its name for the caller. */
export interface RateLimitCheck {
  limiter: RateLimiter;
  key: string;
  /** Completes "This … may make N requests per minute", e.g. "API key", "workspace". */
  subject: string;
  /** The budget's window, completing "… N requests per <window>" (default "minute"). */
  window?: string;
}

/**
 * Spends one request from each budget in order, stopping at the first that refuses (a refused
 * request spends nothing from the budgets after it); budgets in the same Redis are spent in one
 * round trip (`consumeInOrder`). The `RateLimit-*` headers describe the tightest budget; a refusal
 * is a 429 problem with `Retry-After`. A limiter whose Redis fails allows the request (and logs).
 */
export async function enforceRateLimits(
  reply: FastifyReply,
  checks: readonly RateLimitCheck[],
): Promise<void> {
  const decisions = await consumeInOrder(checks);
  let tightest: RateLimitDecision | undefined;
  for (const [i, decision] of decisions.entries()) {
    if (!tightest || decision.remaining < tightest.remaining || !decision.allowed) tightest = decision;
    if (!decision.allowed) {
      const check = checks[i] as RateLimitCheck;
      setHeaders(reply, decision);
      reply.header('retry-after', decision.retryAfterSeconds);
      throw new ProblemError(
        problem(
          429,
          'rate-limited',
          `This ${check.subject} may make ${decision.limit} requests per ${check.window ?? 'minute'}; retry in ${decision.retryAfterSeconds} s.`,
        ),
      );
    }
  }
  if (tightest) setHeaders(reply, tightest);
}

function setHeaders(reply: FastifyReply, decision: RateLimitDecision): void {
  reply.header('ratelimit-limit', decision.limit);
  reply.header('ratelimit-remaining', decision.remaining);
  reply.header('ratelimit-reset', decision.resetSeconds);
}
