// Connected mode: the gateway as its own process, configured only by the environment.
import { readConfigOrExit } from '@coldreach/config';
import { createLogger } from '@coldreach/observability';
import { handleServiceShutdown } from '@coldreach/process';
import { readGatewayConfig } from './config';
import { startGateway } from './start-gateway';

async function main(): Promise<void> {
  const config = readConfigOrExit(readGatewayConfig);
  const logger = createLogger({ name: 'gateway', level: config.logLevel });
  // A failure to start was logged, naming what failed, by the factory.
  const { steps } = await startGateway(config, logger).catch(() => process.exit(1));

  handleServiceShutdown({
    logger,
    // Nothing to flip first: from the moment app.close() starts, Fastify answers 503 to every new
    // request on an open connection, /ready included, while the in-flight ones finish.
    notReady: () => undefined,
    steps,
    // Inside the pod's 45 s grace period (k8s/base/gateway.yaml): a large import in flight may finish.
    timeoutMs: 40_000,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
