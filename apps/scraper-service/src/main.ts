// Connected mode: the scraper service as its own process(es), configured only by the environment.
import './instrument';
import { readConfigOrExit } from '@coldreach/config';
import { createErrorReporter, createLogger, redactUrl } from '@coldreach/observability';
import { runServiceProcess } from '@coldreach/process';
import { readScraperServiceConfig } from './config';
import { startConnectedScraperService } from './start-connected-scraper-service';

const config = readConfigOrExit(readScraperServiceConfig);
const errorReporter = createErrorReporter({ sentryDsn: config.sentryDsn });
const logger = createLogger({ name: 'scraper-service', level: config.logLevel, errorReporter });
runServiceProcess({
  name: 'scraper-service',
  logger,
  metrics: { host: config.host, port: config.metricsPort },
  errorReporter,
  async start() {
    const { service, bus, steps } = await startConnectedScraperService(config, logger);
    const fields = {
      url: service.url,
      roles: config.roles,
      workerId: config.roles.workers ? config.workerId : undefined,
      database: redactUrl(config.databaseUrl),
      // The guard's loosening, if any, is worth seeing at a glance (it holds ranges, not secrets).
      allowedPrivateCidrs: config.crawl.allowedPrivateCidrs.map((cidr) => cidr.text),
    };
    return {
      steps,
      bus,
      notReady: () => service.health?.shutdown(),
      running: { fields, message: 'scraper service running' },
    };
  },
});
