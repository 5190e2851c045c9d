// `npm start`: the whole platform in one process with embedded defaults.
import { ConfigError } from '@coldreach/config';
import { createLogger } from '@coldreach/observability';
import { readPlatformConfig } from './config';
import { startPlatform } from './start-platform';

async function main(): Promise<void> {
  const config = readPlatformConfig(process.env);
  const logger = createLogger({ name: 'coldreach', level: config.LOG_LEVEL });
  const platform = await startPlatform(config);

  console.log(`\nCold Reach is running (embedded mode, data in ${config.dataDir})`);
  console.log(`  REST API:        ${platform.gatewayUrl}/api/leads`);
  console.log(`  API docs:        ${platform.gatewayUrl}/docs`);
  console.log(`  Campaigns:       ${platform.gatewayUrl}/api/campaigns`);
  console.log(
    config.SMTP_URL
      ? '  Outgoing mail:   sent through SMTP_URL (mailboxes without their own SMTP URL)'
      : `  Outgoing mail:   caught, not sent — see ${platform.gatewayUrl}/api/caught-messages`,
  );
  console.log(`  Client service:  ${platform.clientServiceUrl} (gRPC)`);
  console.log(`  Campaign service: ${platform.campaignServiceUrl} (gRPC)`);
  console.log(`  Email service:   ${platform.emailServiceUrl} (gRPC)`);
  if (platform.newApiKey) {
    console.log(
      `\n  Your API key (shown once; also saved to ${platform.apiKeyFile}):\n  ${platform.newApiKey}`,
    );
  } else {
    console.log(`  API key:         in ${platform.apiKeyFile}`);
  }
  console.log(
    `\n  curl -H "Authorization: Bearer $(cat ${platform.apiKeyFile})" ${platform.gatewayUrl}/api/leads`,
  );
  console.log('\nPress Ctrl-C to stop.');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    platform.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  // A config mistake is the user's to fix: one line. Anything else keeps its stack for a bug report.
  console.error(
    error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error),
  );
  process.exit(1);
});
