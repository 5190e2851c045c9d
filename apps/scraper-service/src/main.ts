// Connected mode: the scraper service as its own process(es), configured only by the environment.
import { readConfigOrExit } from '@coldreach/config';
import { createLogger, redactUrl } from '@coldreach/observability';
import { handleServiceShutdown } from '@coldreach/process';
import { readScraperServiceConfig } from './config';
import { startConnectedScraperService } from './start-connected-scraper-service';

async function main(): Promise<void> {
  const config = readConfigOrExit(readScraperServiceConfig);
  const logger = createLogger({ name: 'scraper-service', level: config.logLevel });
  // A failure to start was logged, naming what failed, by the factory.
  const { service, bus, steps } = await startConnectedScraperService(config, logger).catch(() =>
    process.exit(1),
  );
  logger.info(
    {
      url: service.url,
      roles: config.roles,
      workerId: config.roles.workers ? config.workerId : undefined,
      database: redactUrl(config.databaseUrl),
      brokers: config.kafkaBrokers,
    },
    'scraper service running',
  );

  handleServiceShutdown({ logger, notReady: () => service.health?.shutdown(), steps, bus });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `scraper-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
