// Connected mode: the analytics service as its own process, configured only by the environment.
import './instrument';
import { readConfigOrExit } from '@coldreach/config';
import { createErrorReporter, createLogger, redactUrl } from '@coldreach/observability';
import { runServiceProcess } from '@coldreach/process';
import { readAnalyticsServiceConfig } from './config';
import { startConnectedAnalyticsService } from './start-connected-analytics-service';

const config = readConfigOrExit(readAnalyticsServiceConfig);
const errorReporter = createErrorReporter({ sentryDsn: config.sentryDsn });
const logger = createLogger({ name: 'analytics-service', level: config.logLevel, errorReporter });
runServiceProcess({
  name: 'analytics-service',
  logger,
  errorReporter,
  metrics: { host: config.host, port: config.metricsPort },
  async start() {
    const { server, bus, steps } = await startConnectedAnalyticsService(config, logger);
    return {
      steps,
      bus,
      notReady: () => server.health.shutdown(),
      running: {
        fields: {
          url: server.url,
          database: redactUrl(config.databaseUrl),
          replica: config.replicaUrl && redactUrl(config.replicaUrl),
          brokers: config.kafkaBrokers,
        },
        message: 'analytics service listening',
      },
    };
  },
});
