import { z } from 'zod';
import { readConfig } from './read-config';
import { sentryDsnSchema } from './sentry-dsn-schema';

const schema = z.object({ SENTRY_DSN: sentryDsnSchema });

describe('SENTRY_DSN', () => {
  it.each([[{}], [{ SENTRY_DSN: '' }]])('unset or empty means no Sentry (%j)', (env) => {
    expect(readConfig(schema, env).SENTRY_DSN).toBeUndefined();
  });

  it('keeps a valid DSN', () => {
    expect(readConfig(schema, { SENTRY_DSN: 'https://k@o1.ingest.sentry.io/5' }).SENTRY_DSN).toBe(
      'https://k@o1.ingest.sentry.io/5',
    );
  });

  it('names the variable and the problem, never the value', () => {
    expect(() => readConfig(schema, { SENTRY_DSN: 'https://sentry.example.com/5' })).toThrow(
      'Invalid configuration: SENTRY_DSN: has no public key before the @ (https://<public key>@<host>/…)',
    );
  });
});
