/**
 * Platform settings for a fuzz run: request budgets high enough that 429s do not hide what the
 * requests would otherwise have found (the limiters are tested on their own), and SMTP to loopback
 * allowed, where the run's SMTP sink listens (the generator never names another host).
 */
export const platformFuzzEnv: Record<string, string> = {
  RATE_LIMIT_PER_MINUTE: '10000000',
  RATE_LIMIT_WORKSPACE_PER_MINUTE: '10000000',
  RATE_LIMIT_PUBLIC_PER_MINUTE: '10000000',
  RATE_LIMIT_TRACKING_PER_MINUTE: '10000000',
  SMTP_ALLOWED_PRIVATE_CIDRS: '127.0.0.0/8,::1/128',
};
