// Connected mode: the gateway as its own process, configured only by the environment.
import './instrument';
import { readConfigOrExit } from '@coldreach/config';
import { createErrorReporter, createLogger } from '@coldreach/observability';
import { runServiceProcess } from '@coldreach/process';
import { readGatewayConfig } from './config';
import { startGateway } from './start-gateway';

const config = readConfigOrExit(readGatewayConfig);
const errorReporter = createErrorReporter({ sentryDsn: config.sentryDsn });
const logger = createLogger({ name: 'gateway', level: config.logLevel, errorReporter });
runServiceProcess({
  name: 'gateway',
  logger,
  errorReporter,
  async start() {
    const { steps } = await startGateway(config, logger);
    // Nothing to flip first: from the moment app.close() starts, Fastify answers 503 to every new
    // request on an open connection, /ready included, while the in-flight ones finish.
    return {
      steps,
      notReady: () => undefined,
      running: { fields: { port: config.port }, message: 'gateway running' },
    };
  },
  // Inside the pod's 45 s grace period (k8s/base/gateway.yaml): a large import in flight may finish.
  timeoutMs: 40_000,
});
