// Connected mode: the client service as its own process, configured only by the environment.
import { readConfigOrExit } from '@coldreach/config';
import { createLogger, redactUrl } from '@coldreach/observability';
import { handleServiceShutdown } from '@coldreach/process';
import { readClientServiceConfig } from './config';
import { startConnectedClientService } from './start-connected-client-service';

async function main(): Promise<void> {
  const config = readConfigOrExit(readClientServiceConfig);
  const logger = createLogger({ name: 'client-service', level: config.logLevel });
  // A failure to start was logged, naming what failed, by the factory.
  const { server, bus, steps } = await startConnectedClientService(config, logger).catch(() =>
    process.exit(1),
  );
  logger.info(
    { url: server.url, shards: config.shardUrls.map(redactUrl), brokers: config.kafkaBrokers },
    'client service listening',
  );

  handleServiceShutdown({ logger, notReady: () => server.health.shutdown(), steps, bus });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `client-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
