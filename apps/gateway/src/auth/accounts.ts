import type { RateLimiter } from '@coldreach/rate-limit';
import type { UserStore } from '@coldreach/tenancy';
import type { AccountSettings } from '../config';
import type { Accounts } from './session-auth';
import { createSessionStore, type SessionBackend } from './session-store';

/**
 * Sign-in and sessions from the settings, in either mode: the caller says where sessions live
 * (Redis or memory) and makes the sign-in limiters (Redis or memory, named for their budget).
 */
export function buildAccounts(options: {
  users: UserStore;
  backend: SessionBackend;
  settings: AccountSettings;
  limiter: (name: 'account' | 'address', limit: number, windowSeconds: number) => RateLimiter;
  now?: () => number;
}): Accounts {
  const { settings, limiter } = options;
  return {
    users: options.users,
    sessions: createSessionStore(options.backend, {
      idleTimeoutMs: settings.sessionIdleTimeoutMinutes * 60_000,
      absoluteTimeoutMs: settings.sessionAbsoluteTimeoutHours * 3_600_000,
      now: options.now,
    }),
    signInPerAccount: limiter('account', settings.signInPerAccountPerHour, 3600),
    signInPerAddress: limiter('address', settings.signInPerAddressPerMinute, 60),
  };
}

/** The defaults of the variables (config.ts), for tests and embedded mode's fallbacks. */
export const defaultAccountSettings: AccountSettings = {
  signInPerAccountPerHour: 20,
  signInPerAddressPerMinute: 30,
  sessionIdleTimeoutMinutes: 720,
  sessionAbsoluteTimeoutHours: 168,
};
