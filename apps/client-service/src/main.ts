// Connected mode: the client service as its own process, configured only by the environment.
import { ConfigError } from '@coldreach/config';
import { createLogger, redactUrl } from '@coldreach/observability';
import { openClientShards } from './client-shards';
import { readClientServiceConfig, type ClientServiceConfig } from './config';
import { startClientService } from './start-client-service';

function readConfigOrExit(): ClientServiceConfig {
  try {
    return readClientServiceConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = readConfigOrExit();
  const logger = createLogger({ name: 'client-service', level: config.logLevel });
  const shardUrls = config.shardUrls.map(redactUrl);
  const shards = await openClientShards(
    config.shardUrls.map((url) => ({ url })),
    { migrate: config.migrateOnStart },
  ).catch((error: unknown) => {
    logger.fatal({ err: error, shards: shardUrls }, 'could not open the client shards');
    process.exit(1);
  });
  const server = await startClientService({ host: config.host, port: config.port, shards, logger }).catch(
    async (error: unknown) => {
      logger.fatal({ err: error }, 'could not start the gRPC server');
      await shards.close();
      process.exit(1);
    },
  );
  logger.info({ url: server.url, shards: shardUrls }, 'client service listening');

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Not ready first, so health probes drain traffic away, then finish in-flight calls, then pools.
    server.health.shutdown();
    try {
      await server.close();
      await shards.close();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGINT', (signal) => void stop(signal));
  process.once('SIGTERM', (signal) => void stop(signal));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `client-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
