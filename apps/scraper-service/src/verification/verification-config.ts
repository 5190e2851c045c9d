import { z } from 'zod';
import { booleanSchema } from '@coldreach/config';
import { allowedCidrsSchema } from '@coldreach/outbound-guard';
import { commaList, wholeNumber } from '../env-values';

/**
 * Email verification's variables (issue 14 §2): the same in connected mode and in the embedded
 * platform, which spreads this shape into its own schema and reads it with verificationSettingsOf.
 */
export const verificationEnvShape = {
  /** DNS servers (host:port, comma-separated) MX and address lookups ask; empty: the system resolver. */
  VERIFY_DNS_SERVERS: commaList.default([]),
  /** Whether to ask the mail server (RCPT TO) at all: port 25 is blocked on most clouds. */
  VERIFY_SMTP_PROBE: booleanSchema.default(false),
  VERIFY_SMTP_PORT: wholeNumber(1, 65535).default(25),
  /** The name the probe introduces itself with (EHLO); it should resolve back to the sending address. */
  VERIFY_HELO_NAME: z
    .string()
    .min(1, 'must not be empty')
    .max(253, 'must be at most 253 characters')
    .default('localhost'),
  /** The envelope sender of the probe (MAIL FROM); an address of a domain you own. */
  VERIFY_MAIL_FROM: z.string().max(254, 'must be at most 254 characters').default(''),
  /**
   * Comma-separated CIDRs mail hosts may resolve to although internal (private, loopback…), for tests
   * only; empty: public addresses only, and an MX on any other address is "invalid", never connected to.
   */
  VERIFY_ALLOWED_PRIVATE_CIDRS: allowedCidrsSchema(),
  /** `deny` keeps checks to the allow-list's ranges only (tests). Default `allow`. */
  VERIFY_PUBLIC_ADDRESSES: z.enum(['allow', 'deny'], { message: 'must be allow or deny' }).default('allow'),
  /** The least time between two SMTP sessions with one domain's mail host (one at a time, per process). */
  VERIFY_SMTP_DOMAIN_INTERVAL_MS: wholeNumber(0, 3_600_000).default(1000),
  /** Checks of one address in all when the answer is a temporary "unknown" (greylisting, timeouts). */
  VERIFY_MAX_ATTEMPTS: wholeNumber(1, 10).default(3),
  /** The first wait before asking again; it doubles each time. */
  VERIFY_RETRY_DELAY_MS: wholeNumber(0, 86_400_000).default(60_000),
  /** Addresses of different domains checked at once by one worker. */
  VERIFY_CONCURRENCY: wholeNumber(1, 1000).default(32),
};

/** The verification settings, camelCase, from the parsed variables of verificationEnvShape. */
export function verificationSettingsOf(env: z.infer<z.ZodObject<typeof verificationEnvShape>>) {
  return {
    dnsServers: env.VERIFY_DNS_SERVERS,
    smtpProbe: env.VERIFY_SMTP_PROBE,
    smtpPort: env.VERIFY_SMTP_PORT,
    heloName: env.VERIFY_HELO_NAME,
    mailFrom: env.VERIFY_MAIL_FROM,
    smtpDomainIntervalMs: env.VERIFY_SMTP_DOMAIN_INTERVAL_MS,
    allowedPrivateCidrs: env.VERIFY_ALLOWED_PRIVATE_CIDRS,
    publicAddresses: env.VERIFY_PUBLIC_ADDRESSES,
    retry: { maxAttempts: env.VERIFY_MAX_ATTEMPTS, baseDelayMs: env.VERIFY_RETRY_DELAY_MS },
    concurrency: env.VERIFY_CONCURRENCY,
  };
}

export type VerificationSettings = ReturnType<typeof verificationSettingsOf>;
