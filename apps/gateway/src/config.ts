import { z } from 'zod';
import {
  booleanSchema,
  dailyCommandBudgetSchema,
  logLevelSchema,
  portSchema,
  readConfig,
  urlSchema,
  sentryDsnSchema,
} from '@coldreach/config';

const mebibyte = 1024 * 1024;

const byteCountSchema = z.coerce
  .number({ message: 'must be a number of bytes' })
  .int('must be a whole number of bytes')
  .min(1024, 'must be at least 1024 bytes')
  .max(1024 * mebibyte, 'must be at most 1 GiB');

const perMinuteSchema = z.coerce
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1');

const positiveSchema = z.coerce
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1');

/** Sign-in and the dashboard's sessions, read alike in connected and embedded mode. */
export const accountEnvShape = {
  SIGN_IN_ATTEMPTS_PER_ACCOUNT_PER_HOUR: positiveSchema.default(20),
  SIGN_IN_ATTEMPTS_PER_ADDRESS_PER_MINUTE: positiveSchema.default(30),
  /** A session ends after this long without a request… */
  SESSION_IDLE_TIMEOUT_MINUTES: positiveSchema.default(720),
  /** …and this long after signing in, however active. */
  SESSION_ABSOLUTE_TIMEOUT_HOURS: positiveSchema.default(168),
};

export interface AccountSettings {
  signInPerAccountPerHour: number;
  signInPerAddressPerMinute: number;
  sessionIdleTimeoutMinutes: number;
  sessionAbsoluteTimeoutHours: number;
}

export function accountSettingsOf(env: {
  SIGN_IN_ATTEMPTS_PER_ACCOUNT_PER_HOUR: number;
  SIGN_IN_ATTEMPTS_PER_ADDRESS_PER_MINUTE: number;
  SESSION_IDLE_TIMEOUT_MINUTES: number;
  SESSION_ABSOLUTE_TIMEOUT_HOURS: number;
}): AccountSettings {
  return {
    signInPerAccountPerHour: env.SIGN_IN_ATTEMPTS_PER_ACCOUNT_PER_HOUR,
    signInPerAddressPerMinute: env.SIGN_IN_ATTEMPTS_PER_ADDRESS_PER_MINUTE,
    sessionIdleTimeoutMinutes: env.SESSION_IDLE_TIMEOUT_MINUTES,
    sessionAbsoluteTimeoutHours: env.SESSION_ABSOLUTE_TIMEOUT_HOURS,
  };
}

// "false" (default), "true", or comma-separated proxy addresses/CIDRs (proxy-addr names such as
// loopback are accepted too).
const trustProxySchema = z
  .string()
  .trim()
  .transform((value): boolean | string =>
    value === 'true' ? true : value === 'false' || value === '' ? false : value,
  )
  .refine((value) => typeof value === 'boolean' || /^[\w.:/,\s-]+$/.test(value), {
    message: 'must be true, false, or comma-separated proxy addresses or CIDRs',
  });

const gatewayConfigSchema = z
  .object({
    PORT: portSchema.default(8080),
    HOST: z.string().min(1, 'must not be empty').default('0.0.0.0'),
    GATEWAY_DATABASE_URL: urlSchema(['postgres:', 'postgresql:']),
    REDIS_URL: urlSchema(['redis:', 'rediss:']),
    CLIENT_SERVICE_URL: urlSchema(['http:']).default('http://127.0.0.1:50051'),
    CAMPAIGN_SERVICE_URL: urlSchema(['http:']).default('http://127.0.0.1:50052'),
    EMAIL_SERVICE_URL: urlSchema(['http:']).default('http://127.0.0.1:50053'),
    SCRAPER_SERVICE_URL: urlSchema(['http:']).default('http://127.0.0.1:50055'),
    ANALYTICS_SERVICE_URL: urlSchema(['http:']).default('http://127.0.0.1:50054'),
    RATE_LIMIT_PER_MINUTE: perMinuteSchema.default(600),
    RATE_LIMIT_WORKSPACE_PER_MINUTE: perMinuteSchema.default(1200),
    RATE_LIMIT_PUBLIC_PER_MINUTE: perMinuteSchema.default(300),
    RATE_LIMIT_TRACKING_PER_MINUTE: perMinuteSchema.default(6000),
    /**
     * How long a verified API key is trusted without a query; also how late a key revoked on
     * another replica (or with the admin CLI) may still be accepted here. 0: no cache.
     */
    API_KEY_CACHE_SECONDS: z.coerce
      .number({ message: 'must be a number of seconds' })
      .int('must be a whole number of seconds')
      .min(0, 'must not be negative')
      .max(300, 'must be at most 300')
      .default(5),
    ...accountEnvShape,
    TRUST_PROXY: trustProxySchema.default(false),
    HSTS_MAX_AGE_SECONDS: z.coerce
      .number({ message: 'must be a number of seconds' })
      .int('must be a whole number of seconds')
      .min(0, 'must not be negative')
      .default(0),
    BODY_LIMIT_BYTES: byteCountSchema.default(mebibyte),
    IMPORT_MAX_BYTES: byteCountSchema.default(50 * mebibyte),
    IMPORT_MAX_REPORTED_ERRORS: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(0, 'must not be negative')
      .max(100_000, 'must be at most 100000')
      .default(1000),
    MIGRATE_ON_START: booleanSchema.default(true),
    /** The built dashboard to serve at `/` (the image sets it); unset: the API only. */
    WEB_ROOT: z.string().min(1, 'must not be empty').optional(),
    /** Bearer token GET /metrics asks for; unset: /metrics is open (keep it off the internet). */
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Redis commands per day this process should stay under; 80% of it logs a warning. */
    REDIS_DAILY_COMMAND_BUDGET: dailyCommandBudgetSchema,
    LOG_LEVEL: logLevelSchema.default('info'),
    /** Where errors are reported (Sentry); unset: nowhere. */
    SENTRY_DSN: sentryDsnSchema,
  })
  // The environment's names stay here; the rest of the code reads camelCase fields.
  .transform((env) => ({
    host: env.HOST,
    port: env.PORT,
    databaseUrl: env.GATEWAY_DATABASE_URL,
    redisUrl: env.REDIS_URL,
    clientServiceUrl: env.CLIENT_SERVICE_URL,
    campaignServiceUrl: env.CAMPAIGN_SERVICE_URL,
    emailServiceUrl: env.EMAIL_SERVICE_URL,
    scraperServiceUrl: env.SCRAPER_SERVICE_URL,
    analyticsServiceUrl: env.ANALYTICS_SERVICE_URL,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    rateLimitWorkspacePerMinute: env.RATE_LIMIT_WORKSPACE_PER_MINUTE,
    rateLimitPublicPerMinute: env.RATE_LIMIT_PUBLIC_PER_MINUTE,
    rateLimitTrackingPerMinute: env.RATE_LIMIT_TRACKING_PER_MINUTE,
    apiKeyCacheSeconds: env.API_KEY_CACHE_SECONDS,
    accounts: accountSettingsOf(env),
    trustProxy: env.TRUST_PROXY,
    hstsMaxAgeSeconds: env.HSTS_MAX_AGE_SECONDS,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    importMaxBytes: env.IMPORT_MAX_BYTES,
    importMaxReportedErrors: env.IMPORT_MAX_REPORTED_ERRORS,
    migrateOnStart: env.MIGRATE_ON_START,
    webRoot: env.WEB_ROOT,
    metricsToken: env.METRICS_TOKEN,
    redisDailyCommandBudget: env.REDIS_DAILY_COMMAND_BUDGET,
    logLevel: env.LOG_LEVEL,
    sentryDsn: env.SENTRY_DSN,
  }));

/** The gateway's settings in connected mode, parsed once from the environment. */
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

/** Reads and validates the gateway's environment; throws a one-line ConfigError naming a bad variable. */
export function readGatewayConfig(env: NodeJS.ProcessEnv): GatewayConfig {
  return readConfig(gatewayConfigSchema, env);
}
