// `npm start`: the whole platform in one process with embedded defaults.
import './instrument';
import { ConfigError } from '@coldreach/config';
import { createErrorReporter, createLogger } from '@coldreach/observability';
import { handleProcessCrashes, handleServiceShutdown } from '@coldreach/process';
import { readPlatformConfig } from './config';
import { formatPlatformBanner } from './platform-banner';
import { startPlatform } from './start-platform';

async function main(): Promise<void> {
  const config = readPlatformConfig(process.env);
  const errorReporter = createErrorReporter({ sentryDsn: config.sentryDsn });
  const logger = createLogger({ name: 'coldreach', level: config.logLevel, errorReporter });
  handleProcessCrashes({ logger, errorReporter });
  const starting = startPlatform(config, { errorReporter });
  // Listening for Ctrl-C from the start: /ready can answer before startPlatform returns, and a
  // Ctrl-C then (before, it was left to Node's default) ended the process mid-start, by the signal.
  // Now it lets the start finish and stops what started.
  handleServiceShutdown({
    logger,
    // platform.stop() closes the gateway first, so nothing is left to report not ready.
    notReady: () => undefined,
    steps: [async () => (await starting).stop()],
  });
  const platform = await starting;
  console.log(formatPlatformBanner(platform, config));
}

main().catch((error: unknown) => {
  // A config mistake is the user's to fix: one line. Anything else keeps its stack for a bug report.
  console.error(
    error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error),
  );
  process.exit(1);
});
