// The command line of `npm run scrape`: seed URLs and the options of POST /api/scrape, where the API
// is and the key to use. Pure: the environment is passed in, nothing is read or printed here.
import { parseArgs } from 'node:util';

/** The command line is wrong: exit code 2, with the message and the usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** POST /api/scrape's body, as the gateway documents it. */
export interface ScrapeRequest {
  seedUrls: string[];
  maxPages?: number;
  maxDepth?: number;
  scope?: string;
  allowedDomains?: string[];
  includePaths?: string[];
  excludePaths?: string[];
  respectRobotsTxt?: boolean;
  leadTags?: string[];
}

export interface ScrapeCommand {
  request: ScrapeRequest;
  /** The gateway's base URL, without a trailing slash. */
  apiUrl: string;
  key: string;
}

export const defaultApiUrl = 'http://127.0.0.1:8080';

const options = {
  'max-pages': { type: 'string' },
  'max-depth': { type: 'string' },
  tag: { type: 'string', multiple: true },
  scope: { type: 'string' },
  domain: { type: 'string', multiple: true },
  include: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  'ignore-robots-txt': { type: 'boolean' },
  api: { type: 'string' },
  key: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const scopes = ['same-host', 'same-domain', 'listed-domains'];

/** The command to run, `'help'` when asked for it; a UsageError says what is wrong with the line. */
export function parseScrapeArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): ScrapeCommand | 'help' {
  const { values, positionals } = parseLine(argv);
  if (values.help) return 'help';
  if (positionals.length === 0) throw new UsageError('give at least one URL to start from');
  if (values.scope !== undefined && !scopes.includes(values.scope))
    throw new UsageError(`--scope must be one of ${scopes.join(', ')}`);
  const key = values.key ?? env.COLDREACH_API_KEY ?? '';
  if (key === '') throw new UsageError('no API key: set COLDREACH_API_KEY (or pass --key)');
  return {
    request: {
      seedUrls: positionals.map(withScheme),
      maxPages: wholeNumber(values['max-pages'], '--max-pages'),
      maxDepth: wholeNumber(values['max-depth'], '--max-depth'),
      scope: values.scope ?? (values.domain ? 'listed-domains' : undefined),
      allowedDomains: values.domain,
      includePaths: values.include,
      excludePaths: values.exclude,
      respectRobotsTxt: values['ignore-robots-txt'] ? false : undefined,
      leadTags: values.tag,
    },
    apiUrl: apiUrlOf(values.api ?? env.COLDREACH_API_URL ?? defaultApiUrl),
    key,
  };
}

function parseLine(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's messages suggest quoting tricks; one short line says the same.
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : String(error);
    const option = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${option}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw new UsageError(
        option.startsWith('--ignore') ? `${option} takes no value` : `${option} needs a value`,
      );
    throw new UsageError(message);
  }
}

function wholeNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  // The value is not repeated: a mistyped line may have put the key there.
  if (!/^\d{1,9}$/.test(value)) throw new UsageError(`${flag} must be a whole number`);
  return Number(value);
}

// "example.com" is what people type; the gateway wants an absolute URL. Anything with a scheme is
// passed as typed, for the API to accept or refuse.
function withScheme(url: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `https://${url}`;
}

function apiUrlOf(value: string): string {
  const url = URL.parse(value);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new UsageError(`--api must be an http(s) URL such as ${defaultApiUrl}`);
  if (url.username || url.password) throw new UsageError('--api must not contain credentials');
  return url.href.replace(/\/+$/, '');
}

export const usage = `Usage: npm run scrape -- <url>... [options]

Crawls the given websites through the Cold Reach API (POST /api/scrape), shows the progress until
the job ends, then prints a summary. Found contacts become leads of the key's workspace.

Options:
  --max-pages <n>        pages to fetch at most, seeds included (1 to 100000; default 100)
  --max-depth <n>        links to follow away from a seed (0 to 10; default 2)
  --tag <tag>            tag the leads found (repeatable)
  --scope <scope>        same-host (default), same-domain or listed-domains
  --domain <domain>      with listed-domains: a domain links may lead to (repeatable; implies the scope)
  --include <glob>       follow only paths matching it, e.g. '/team/**' (repeatable)
  --exclude <glob>       never follow paths matching it (repeatable)
  --ignore-robots-txt    do not obey robots.txt (only for sites you own)
  --api <url>            the gateway (default: COLDREACH_API_URL, else ${defaultApiUrl})
  --key <key>            the API key (default: COLDREACH_API_KEY; prefer the variable: a key on the
                         command line is seen by other users of the machine and kept in your history)
  -h, --help             show this help

Ctrl-C cancels the job and exits with code 130. Exit codes: 0 the job succeeded, 1 it failed or was
cancelled elsewhere or the API refused, 2 bad usage.`;
