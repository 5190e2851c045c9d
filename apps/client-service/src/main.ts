// Connected mode: the client service as its own process, configured only by the environment.
import './instrument';
import { readConfigOrExit } from '@coldreach/config';
import { createErrorReporter, createLogger, redactUrl } from '@coldreach/observability';
import { runServiceProcess } from '@coldreach/process';
import { readClientServiceConfig } from './config';
import { startConnectedClientService } from './start-connected-client-service';

const config = readConfigOrExit(readClientServiceConfig);
const errorReporter = createErrorReporter({ sentryDsn: config.sentryDsn });
const logger = createLogger({ name: 'client-service', level: config.logLevel, errorReporter });
runServiceProcess({
  name: 'client-service',
  logger,
  metrics: { host: config.host, port: config.metricsPort },
  errorReporter,
  async start() {
    const { server, bus, steps } = await startConnectedClientService(config, logger);
    const fields = { url: server.url, shards: config.shardUrls.map(redactUrl), brokers: config.kafkaBrokers };
    return {
      steps,
      bus,
      notReady: () => server.health.shutdown(),
      running: { fields, message: 'client service listening' },
    };
  },
});
