import type { PlatformConfig } from './config';
import type { RunningPlatform } from './start-platform';

/**
 * What `npm start` prints once everything is up: the dashboard and how to sign in, where the API is,
 * where mail goes, the API key.
 */
export function formatPlatformBanner(
  platform: RunningPlatform,
  config: Pick<PlatformConfig, 'dataDir' | 'smtpUrl'>,
): string {
  const gateway = platform.gatewayUrl;
  return [
    `\nCold Reach is running (embedded mode, data in ${config.dataDir})`,
    `  Dashboard:       ${gateway}/`,
    `  REST API:        ${gateway}/api/leads`,
    `  API docs:        ${gateway}/docs`,
    `  Campaigns:       ${gateway}/api/campaigns`,
    `  Find leads:      POST ${gateway}/api/scrape (or npm run scrape -- <url>)`,
    config.smtpUrl
      ? '  Outgoing mail:   sent through SMTP_URL (mailboxes without their own SMTP URL)'
      : `  Outgoing mail:   caught, not sent — see ${gateway}/api/caught-messages`,
    `  Client service:  ${platform.clientServiceUrl} (gRPC)`,
    `  Campaign service: ${platform.campaignServiceUrl} (gRPC)`,
    `  Email service:   ${platform.emailServiceUrl} (gRPC)`,
    `  Scraper service: ${platform.scraperServiceUrl} (gRPC)`,
    `  Analytics service: ${platform.analyticsServiceUrl} (gRPC)`,
    platform.newApiKey
      ? `\n  Your API key (shown once; also saved to ${platform.apiKeyFile}):\n  ${platform.newApiKey}`
      : `  API key:         in ${platform.apiKeyFile}`,
    platform.newAdmin
      ? `\n  Sign in to the dashboard as ${platform.newAdmin.email} with this password (shown once; also saved to ${platform.adminPasswordFile}):\n  ${platform.newAdmin.password}`
      : `  First sign-in:   the password in ${platform.adminPasswordFile} (until changed in the dashboard)`,
    `\n  curl -H "Authorization: Bearer $(cat ${platform.apiKeyFile})" ${gateway}/api/leads`,
    '\nPress Ctrl-C to stop.',
  ].join('\n');
}
