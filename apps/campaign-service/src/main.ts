// Connected mode: the campaign service as its own process, configured only by the environment.
import { readConfigOrExit } from '@coldreach/config';
import { createLogger, redactUrl } from '@coldreach/observability';
import { handleServiceShutdown } from '@coldreach/process';
import { readCampaignServiceConfig } from './config';
import { startConnectedCampaignService } from './start-connected-campaign-service';

async function main(): Promise<void> {
  const config = readConfigOrExit(readCampaignServiceConfig);
  const logger = createLogger({ name: 'campaign-service', level: config.logLevel });
  // A failure to start was logged, naming what failed, by the factory.
  const { server, bus, steps } = await startConnectedCampaignService(config, logger).catch(() =>
    process.exit(1),
  );
  logger.info(
    {
      url: server.url,
      database: redactUrl(config.databaseUrl),
      clientService: config.clientServiceUrl,
      emailService: config.emailServiceUrl,
      brokers: config.kafkaBrokers,
    },
    'campaign service listening',
  );

  handleServiceShutdown({ logger, notReady: () => server.health.shutdown(), steps, bus });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `campaign-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
