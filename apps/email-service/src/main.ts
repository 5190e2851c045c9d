// Connected mode: the email service as its own process(es), configured only by the environment.
import './instrument';
import { readConfigOrExit } from '@coldreach/config';
import { createErrorReporter, createLogger, redactUrl } from '@coldreach/observability';
import { runServiceProcess } from '@coldreach/process';
import { readEmailServiceConfig } from './config';
import { startConnectedEmailService } from './start-connected-email-service';

const config = readConfigOrExit(readEmailServiceConfig);
const errorReporter = createErrorReporter({ sentryDsn: config.sentryDsn });
const logger = createLogger({ name: 'email-service', level: config.logLevel, errorReporter });
runServiceProcess({
  name: 'email-service',
  logger,
  metrics: { host: config.host, port: config.metricsPort },
  errorReporter,
  async start() {
    const { service, bus, steps } = await startConnectedEmailService(config, logger);
    const fields = {
      url: service.url,
      roles: config.roles,
      workerId: config.roles.workers ? config.workerId : undefined,
      shards: config.databaseUrls.map((url) => redactUrl(url)),
      brokers: config.kafkaBrokers,
      smtp: config.smtpUrl ? redactUrl(config.smtpUrl) : 'catcher',
    };
    return {
      steps,
      bus,
      notReady: () => service.health?.shutdown(),
      running: { fields, message: 'email service running' },
    };
  },
});
