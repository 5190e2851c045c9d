import { formatPlatformBanner } from './platform-banner';
import type { RunningPlatform } from './start-platform';

const platform: RunningPlatform = {
  gatewayUrl: 'http://127.0.0.1:8080',
  clientServiceUrl: 'http://127.0.0.1:50051',
  campaignServiceUrl: 'http://127.0.0.1:50052',
  emailServiceUrl: 'http://127.0.0.1:50053',
  scraperServiceUrl: 'http://127.0.0.1:50054',
  analyticsServiceUrl: 'http://127.0.0.1:50055',
  apiKeyFile: '/data/api-key',
  adminPasswordFile: '/data/admin-password',
  stop: async () => undefined,
};

describe('formatPlatformBanner', () => {
  it('shows a new API key once, and where caught mail is listed without SMTP_URL', () => {
    const banner = formatPlatformBanner(
      {
        ...platform,
        newApiKey: 'cr_live_new',
        newAdmin: { email: 'admin@coldreach.local', password: 'generated-password-1' },
      },
      { dataDir: '/data', smtpUrl: undefined },
    );
    expect(banner).toContain('Cold Reach is running (embedded mode, data in /data)');
    expect(banner).toContain('  Dashboard:       http://127.0.0.1:8080/');
    expect(banner).toContain(
      'Sign in to the dashboard as admin@coldreach.local with this password (shown once; also saved to /data/admin-password):\n  generated-password-1',
    );
    expect(banner).toContain('caught, not sent — see http://127.0.0.1:8080/api/caught-messages');
    expect(banner).toContain('Your API key (shown once; also saved to /data/api-key):\n  cr_live_new');
    expect(banner).toContain(
      'curl -H "Authorization: Bearer $(cat /data/api-key)" http://127.0.0.1:8080/api/leads',
    );
  });

  it('points at the key file on later runs, and says mail goes through SMTP_URL when set', () => {
    const banner = formatPlatformBanner(platform, { dataDir: '/data', smtpUrl: 'smtp://mail.example:25' });
    expect(banner).toContain('  API key:         in /data/api-key');
    expect(banner).not.toContain('shown once');
    expect(banner).toContain('First sign-in:   the password in /data/admin-password');
    expect(banner).toContain('sent through SMTP_URL');
    expect(banner).not.toContain('smtp://mail.example');
  });
});
