// Test support: a service process that crashes once it runs, the way CRASH says (an uncaught
// exception or an unhandled rejection), with a planted secret in its error. SENTRY_DSN as in an app.
import { createErrorReporter, createLogger } from '@coldreach/observability';
import { runServiceProcess } from '../run-service-process';

const errorReporter = createErrorReporter({ sentryDsn: process.env.SENTRY_DSN });
const logger = createLogger({ name: 'crashing-service', errorReporter });
const planted = 'smtp://ann:Pl4nted-Pw@smtp.example.com';

runServiceProcess({
  name: 'crashing-service',
  logger,
  errorReporter,
  async start() {
    setTimeout(() => {
      if (process.env.CRASH === 'rejection') void Promise.reject(new Error(`lost ${planted}`));
      else throw new Error(`crashed talking to ${planted}`);
    }, 50);
    return {
      steps: [],
      notReady: () => undefined,
      running: { fields: {}, message: 'crashing service running' },
    };
  },
});
