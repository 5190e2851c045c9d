import { z } from 'zod';
import { parseAllowedCidrs } from './allowed-cidrs';

/**
 * An allow-list variable (`SMTP_ALLOWED_PRIVATE_CIDRS`, `SCRAPER_ALLOWED_PRIVATE_CIDRS`): a
 * comma-separated CIDR list read into AllowedCidr ranges, `defaultValue` when unset (an empty value
 * stays empty), and a config error naming the bad entry otherwise.
 */
export function allowedCidrsSchema(defaultValue = '') {
  return z
    .string()
    .default(defaultValue)
    .transform((value, context) => {
      const parsed = parseAllowedCidrs(value);
      if (parsed.ok) return parsed.cidrs;
      context.addIssue({ code: 'custom', message: parsed.problem });
      return z.NEVER;
    });
}
