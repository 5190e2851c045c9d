import { defaultApiUrl, parseScrapeArgs, UsageError } from './scrape-args';

const env = { COLDREACH_API_KEY: 'crk_from_env' };

describe('parseScrapeArgs', () => {
  it('reads the issue’s example: one URL and --max-pages, the key from the environment', () => {
    expect(parseScrapeArgs(['https://example.com', '--max-pages', '200'], env)).toEqual({
      request: {
        seedUrls: ['https://example.com'],
        maxPages: 200,
        maxDepth: undefined,
        scope: undefined,
        allowedDomains: undefined,
        includePaths: undefined,
        excludePaths: undefined,
        respectRobotsTxt: undefined,
        leadTags: undefined,
      },
      apiUrl: defaultApiUrl,
      key: 'crk_from_env',
    });
  });

  it('reads every option, in both spellings, repeatable ones repeated, URLs anywhere', () => {
    const command = parseScrapeArgs(
      [
        'https://a.example/',
        '--max-depth=0',
        '--tag',
        'fair',
        'b.example/team',
        '--tag=2030',
        '--domain',
        'a.example',
        '--domain',
        'b.example',
        '--include',
        '/team/**',
        '--exclude',
        '/blog/**',
        '--ignore-robots-txt',
        '--api',
        'https://api.example:8443/',
        '--key',
        'crk_flag',
      ],
      { ...env, COLDREACH_API_URL: 'http://ignored.example' },
    );
    expect(command).toEqual({
      request: {
        seedUrls: ['https://a.example/', 'https://b.example/team'],
        maxPages: undefined,
        maxDepth: 0,
        // --domain implies the listed-domains scope.
        scope: 'listed-domains',
        allowedDomains: ['a.example', 'b.example'],
        includePaths: ['/team/**'],
        excludePaths: ['/blog/**'],
        respectRobotsTxt: false,
        leadTags: ['fair', '2030'],
      },
      apiUrl: 'https://api.example:8443',
      key: 'crk_flag',
    });
  });

  it('takes the API from COLDREACH_API_URL, and passes URLs with a scheme as typed', () => {
    const command = parseScrapeArgs(['ftp://files.example/', '--scope', 'same-domain'], {
      ...env,
      COLDREACH_API_URL: 'http://gateway.local:9000',
    });
    expect(command).toMatchObject({
      apiUrl: 'http://gateway.local:9000',
      request: { seedUrls: ['ftp://files.example/'], scope: 'same-domain' },
    });
  });

  it('answers help', () => {
    expect(parseScrapeArgs(['--help'], {})).toBe('help');
    expect(parseScrapeArgs(['-h', 'x'], {})).toBe('help');
  });

  it.each([
    [[], env, 'give at least one URL to start from'],
    [['a.example'], {}, 'no API key: set COLDREACH_API_KEY (or pass --key)'],
    [['a.example', '--key', ''], {}, 'no API key: set COLDREACH_API_KEY (or pass --key)'],
    [['a.example', '--colour', 'red'], env, 'unknown option --colour'],
    [['a.example', '-x'], env, 'unknown option -x'],
    [['a.example', '--tag'], env, '--tag needs a value'],
    [['a.example', '--ignore-robots-txt=yes'], env, '--ignore-robots-txt takes no value'],
    [['a.example', '--max-pages', '2x'], env, '--max-pages must be a whole number'],
    [['a.example', '--max-pages', '1e9'], env, '--max-pages must be a whole number'],
    [['a.example', '--max-depth', '-1'], env, '--max-depth needs a value'],
    [['a.example', '--scope', 'world'], env, '--scope must be one of same-host, same-domain, listed-domains'],
    [['a.example', '--api', 'ftp://x'], env, '--api must be an http(s) URL such as http://127.0.0.1:8080'],
    [['a.example', '--api', 'not a url'], env, '--api must be an http(s) URL such as http://127.0.0.1:8080'],
    [['a.example', '--api', 'http://u:p@x'], env, '--api must not contain credentials'],
  ])('refuses %j', (argv, environment, message) => {
    expect(() => parseScrapeArgs(argv, environment)).toThrow(new UsageError(message));
  });

  it('never repeats the key in a usage error', () => {
    const refusal = (() => {
      try {
        parseScrapeArgs(['a.example', '--key', 'crk_secret', '--max-pages', 'crk_secret'], {});
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(refusal).toBe('--max-pages must be a whole number');
  });
});
