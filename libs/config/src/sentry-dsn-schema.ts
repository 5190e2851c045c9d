import { z } from 'zod';
import { parseSentryDsn, SentryDsnError } from './sentry-dsn';

/**
 * SENTRY_DSN: where errors are reported. Unset or empty: nowhere (nothing is sent). A malformed DSN
 * fails the start with what is wrong with it, never its value.
 */
export const sentryDsnSchema = z
  .string()
  .optional()
  .transform((value, context) => {
    if (!value) return undefined;
    try {
      parseSentryDsn(value);
    } catch (error) {
      if (!(error instanceof SentryDsnError)) throw error;
      context.addIssue({ code: 'custom', message: error.message });
      return z.NEVER;
    }
    return value;
  });
