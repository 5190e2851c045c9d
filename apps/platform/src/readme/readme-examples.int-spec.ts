// The README's API examples, run as written: every command of the ```sh blocks of "Use the API" and
// "Run a campaign" runs in bash with the real curl against the embedded platform (started in a temp
// directory, so `KEY=$(cat .data/api-key)` and the CSV example work as they do for a reader). The
// port and the placeholders are the only substitutions: `localhost:8080` becomes this platform's
// 127.0.0.1 port, `<id>` the id of the last thing created at a collection's root (a lead, then a
// campaign, then a sent email), `<lead-id>` and `<mailbox-id>` the lead and mailbox created.
// Every curl must answer 2xx, JSON where it answers a body, and exactly the JSON of a `# {…}` comment
// under it. Left out: `npx buf curl` (gRPC interop is tested with @grpc/grpc-js in the services; it
// needs the repo's proto dir and a workspace id) and the admin CLI block (tested in apps/admin-cli).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { readPlatformConfig } from '../config';
import { startPlatform, type RunningPlatform } from '../start-platform';
import { shellBlocksOf, splitShellCommands, type ShellCommand } from './readme-shell-commands';

// Asynchronous on purpose: the platform answers on this process's event loop.
const run = promisify(execFile);
const readme = readFileSync(resolve(__dirname, '../../../../README.md'), 'utf8');
const statusMarker = '\n__readme_status__ ';

let workDir: string;
let platform: RunningPlatform;
let port: string;
/** Shell variables the README sets (KEY), passed to every later command. */
const variables: Record<string, string> = {};
const ids: { current?: string; lead?: string; leadDeleted?: boolean; mailbox?: string } = {};

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'coldreach-readme-'));
  platform = await startPlatform(
    readPlatformConfig({
      COLDREACH_DATA_DIR: join(workDir, '.data'),
      HOST: '127.0.0.1',
      PORT: '0',
      SERVICES_BASE_PORT: '0',
      LOG_LEVEL: 'silent',
      // The README's crawl examples must not leave the machine: no DNS server answers on port 9 of
      // loopback, and public addresses are refused.
      SCRAPER_DNS_SERVERS: '127.0.0.1:9',
      SCRAPER_PUBLIC_ADDRESSES: 'deny',
    }),
  );
  port = new URL(platform.gatewayUrl).port;
}, 120_000);
afterAll(async () => {
  await platform?.stop();
  rmSync(workDir, { recursive: true, force: true });
}, 60_000);

/** Runs one command with bash in the work dir; curl stays on loopback and ignores proxies and ~/.curlrc. */
async function bash(script: string): Promise<{ stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: workDir,
    NO_PROXY: '*',
    no_proxy: '*',
    ...variables,
  };
  return run('bash', ['-c', script], { cwd: workDir, env, maxBuffer: 16 * 1024 * 1024, timeout: 60_000 });
}

async function existingLeadId(): Promise<string | undefined> {
  if (ids.lead && !ids.leadDeleted) return ids.lead;
  // The README deletes the lead it created before "Run a campaign"; a reader takes one from the list.
  const page = await fetch(`${platform.gatewayUrl}/api/leads`, {
    headers: { authorization: `Bearer ${variables.KEY}` },
  });
  return ((await page.json()) as { data: { id: string }[] }).data[0]?.id;
}

/** Runs one README command; answers what was wrong with it (nothing: undefined). */
async function runCommand(command: ShellCommand): Promise<string | undefined> {
  const assignment = /^([A-Z_][A-Z0-9_]*)=/.exec(command.text);
  if (assignment) {
    const name = assignment[1] as string;
    variables[name] = (await bash(`${command.text}\nprintf %s "$${name}"`)).stdout;
    return variables[name] ? undefined : `${name} is empty after: ${command.text}`;
  }
  if (!/^curl\s/.test(command.text)) {
    await bash(command.text);
    return undefined;
  }
  let text = command.text
    .replace(/^curl\s/, 'curl -q ')
    .replaceAll('localhost:8080', `127.0.0.1:${port}`)
    .replaceAll('<lead-id>', (await existingLeadId()) ?? '<lead-id>')
    .replaceAll('<mailbox-id>', ids.mailbox ?? '<mailbox-id>')
    .replaceAll('<id>', ids.current ?? '<id>');
  if (/localhost|<[a-z-]+>/.test(text) || !text.includes(`127.0.0.1:${port}/`)) {
    return `cannot run (a host other than the platform, or an unknown placeholder): ${text}`;
  }
  text += ` -w '${statusMarker.replace('\n', '\\n')}%{http_code} %{content_type}'`;
  const { stdout } = await bash(text);
  const at = stdout.lastIndexOf(statusMarker);
  const body = stdout.slice(0, at);
  const [status = '', contentType = ''] = stdout.slice(at + statusMarker.length).split(' ');
  const shown = `${command.text.split('\n')[0]} → ${status} ${body.slice(0, 300)}`;
  if (!/^2\d\d$/.test(status)) return shown;
  let json: unknown;
  if (body !== '') {
    if (!contentType.startsWith('application/json')) return `${shown} (not JSON: ${contentType})`;
    json = JSON.parse(body);
  }
  if (
    command.expectedOutput !== undefined &&
    JSON.stringify(json) !== JSON.stringify(JSON.parse(command.expectedOutput))
  ) {
    return `${shown}\n  the README shows: ${command.expectedOutput}`;
  }
  remember(text, json as { id?: string } | undefined);
  return undefined;
}

/** Keeps the ids later commands refer to, from what was created at a collection's root. */
function remember(text: string, body: { id?: string } | undefined) {
  const created =
    /-X POST 127\.0\.0\.1:\d+(\/api\/leads|\/api\/mailboxes|\/api\/campaigns|\/email\/send|\/api\/email\/send)\s/.exec(
      text,
    )?.[1];
  if (created && body?.id) {
    if (created === '/api/mailboxes') ids.mailbox = body.id;
    else ids.current = body.id;
    if (created === '/api/leads') [ids.lead, ids.leadDeleted] = [body.id, false];
  }
  if (ids.lead && text.includes(`-X DELETE 127.0.0.1:${port}/api/leads/${ids.lead} `)) ids.leadDeleted = true;
}

describe('the README examples', () => {
  for (const section of ['Use the API', 'Run a campaign']) {
    it(`"${section}" runs as written`, async () => {
      const commands = shellBlocksOf(readme, [section])
        .flatMap(splitShellCommands)
        .filter((command) => !command.text.startsWith('npx buf curl'));
      expect(commands.length).toBeGreaterThan(3);
      const failures: string[] = [];
      for (const command of commands) {
        const failure = await runCommand(command).catch(
          (error: Error) => `${command.text}: ${error.message}`,
        );
        if (failure) failures.push(failure);
      }
      expect(failures).toEqual([]);
    }, 180_000);
  }
});
