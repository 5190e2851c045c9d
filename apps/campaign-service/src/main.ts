// Connected mode: the campaign service as its own process, configured only by the environment.
import './instrument';
import { readConfigOrExit } from '@coldreach/config';
import { createErrorReporter, createLogger, redactUrl } from '@coldreach/observability';
import { runServiceProcess } from '@coldreach/process';
import { readCampaignServiceConfig } from './config';
import { startConnectedCampaignService } from './start-connected-campaign-service';

const config = readConfigOrExit(readCampaignServiceConfig);
const errorReporter = createErrorReporter({ sentryDsn: config.sentryDsn });
const logger = createLogger({ name: 'campaign-service', level: config.logLevel, errorReporter });
runServiceProcess({
  name: 'campaign-service',
  logger,
  metrics: { host: config.host, port: config.metricsPort },
  errorReporter,
  async start() {
    const { server, bus, steps } = await startConnectedCampaignService(config, logger);
    const fields = {
      url: server.url,
      databases: config.databaseUrls.map(redactUrl),
      clientService: config.clientServiceUrl,
      emailService: config.emailServiceUrl,
      brokers: config.kafkaBrokers,
    };
    return {
      steps,
      bus,
      notReady: () => server.health.shutdown(),
      running: { fields, message: 'campaign service listening' },
    };
  },
});
