import { resolve } from 'node:path';
import { z } from 'zod';
import { logLevelSchema, portSchema, readConfig, urlSchema, sentryDsnSchema } from '@coldreach/config';
import { allowedCidrsSchema, loopbackCidrs } from '@coldreach/outbound-guard';
import {
  crawlEnvShape,
  crawlSettingsOf,
  verificationEnvShape,
  verificationSettingsOf,
} from '@coldreach/scraper-service';
import { accountEnvShape, accountSettingsOf } from '@coldreach/gateway';

const schema = z
  .object({
    PORT: portSchema.default(8080),
    HOST: z.string().default('127.0.0.1'),
    /** The first service port; services take consecutive ports from here. */
    SERVICES_BASE_PORT: portSchema.default(50051),
    COLDREACH_DATA_DIR: z.string().min(1).default('.data'),
    EMBEDDED_CLIENT_SHARDS: z.coerce
      .number({ message: 'must be a number' })
      .int()
      .min(1, 'must be between 1 and 16')
      .max(16, 'must be between 1 and 16')
      .default(2),
    /**
     * Campaign shards (PGlite schemas): 1 keeps a data directory from before campaign shards as it
     * is; the count is fixed when the data is created (see checkCampaignShardLayout).
     */
    EMBEDDED_CAMPAIGN_SHARDS: z.coerce
      .number({ message: 'must be a number' })
      .int()
      .min(1, 'must be between 1 and 16')
      .max(16, 'must be between 1 and 16')
      .default(1),
    /**
     * Email shards (PGlite schemas), routed by workspace: 1 keeps a data directory from before email
     * shards as it is; the count is fixed when the data is created (see checkEmailShardLayout).
     */
    EMBEDDED_EMAIL_SHARDS: z.coerce
      .number({ message: 'must be a number' })
      .int()
      .min(1, 'must be between 1 and 16')
      .max(16, 'must be between 1 and 16')
      .default(1),
    /** Where mailboxes without their own SMTP URL send; unset: their emails are caught and listed. */
    SMTP_URL: urlSchema(['smtp:', 'smtps:']).optional(),
    /**
     * Internal ranges mailboxes' own SMTP URLs may point at. Unset: loopback (127.0.0.0/8, ::1/128),
     * since `npm start` runs on one person's own machine, where a local test server is the usual
     * target; set, even to an empty value, it replaces that (empty: public addresses only).
     */
    SMTP_ALLOWED_PRIVATE_CIDRS: allowedCidrsSchema(loopbackCidrs),
    RATE_LIMIT_PER_MINUTE: z.coerce.number({ message: 'must be a number' }).int().min(1).default(600),
    RATE_LIMIT_WORKSPACE_PER_MINUTE: z.coerce
      .number({ message: 'must be a number' })
      .int()
      .min(1)
      .default(1200),
    RATE_LIMIT_PUBLIC_PER_MINUTE: z.coerce.number({ message: 'must be a number' }).int().min(1).default(300),
    RATE_LIMIT_TRACKING_PER_MINUTE: z.coerce
      .number({ message: 'must be a number' })
      .int()
      .min(1)
      .default(6000),
    /**
     * The scraper's variables, as in connected mode (apps/scraper-service/README.md). Its allow-list
     * stays empty unless set: `npm start` crawls public sites only.
     */
    ...crawlEnvShape,
    /** Email verification's variables (VERIFY_…), as in connected mode: probe off, public hosts only. */
    ...verificationEnvShape,
    /** The first user's email (created on the first start, owner of the first workspace). */
    COLDREACH_ADMIN_EMAIL: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address')
      .default('admin@coldreach.local'),
    /** Sign-in budgets and the dashboard's session timeouts, as in connected mode. */
    ...accountEnvShape,
    /** The built dashboard the gateway serves at `/`; unset: apps/web/dist, where `npm start` builds it. */
    WEB_ROOT: z.string().min(1, 'must not be empty').optional(),
    LOG_LEVEL: logLevelSchema.default('info'),
    /** Where errors are reported (Sentry); unset: nowhere. */
    SENTRY_DSN: sentryDsnSchema,
  })
  .transform((env) => ({
    port: env.PORT,
    host: env.HOST,
    servicesBasePort: env.SERVICES_BASE_PORT,
    dataDir: resolve(env.COLDREACH_DATA_DIR),
    clientShards: env.EMBEDDED_CLIENT_SHARDS,
    campaignShards: env.EMBEDDED_CAMPAIGN_SHARDS,
    emailShards: env.EMBEDDED_EMAIL_SHARDS,
    smtpUrl: env.SMTP_URL,
    smtpAllowedPrivateCidrs: env.SMTP_ALLOWED_PRIVATE_CIDRS,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    rateLimitWorkspacePerMinute: env.RATE_LIMIT_WORKSPACE_PER_MINUTE,
    rateLimitPublicPerMinute: env.RATE_LIMIT_PUBLIC_PER_MINUTE,
    rateLimitTrackingPerMinute: env.RATE_LIMIT_TRACKING_PER_MINUTE,
    ...crawlSettingsOf(env),
    verification: verificationSettingsOf(env),
    adminEmail: env.COLDREACH_ADMIN_EMAIL,
    accounts: accountSettingsOf(env),
    webRoot: env.WEB_ROOT ? resolve(env.WEB_ROOT) : undefined,
    logLevel: env.LOG_LEVEL,
    sentryDsn: env.SENTRY_DSN,
  }));

export type PlatformConfig = z.infer<typeof schema>;

/** Embedded mode's settings: every one has a default, so `npm start` needs none. */
export function readPlatformConfig(env: NodeJS.ProcessEnv): PlatformConfig {
  return readConfig(schema, env);
}
