import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '../../..');

interface Started {
  child: ChildProcessWithoutNullStreams;
  gatewayUrl: string;
  output: () => string;
}

/** Starts `npm start`'s entry point as a real process, the way a user runs it. */
function startEmbedded(dataDir: string): Promise<Started> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/platform/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      COLDREACH_DATA_DIR: dataDir,
      PORT: '0',
      SERVICES_BASE_PORT: '0',
      LOG_LEVEL: 'warn',
    },
  });
  let output = '';
  return new Promise((resolveStarted, reject) => {
    const timer = setTimeout(() => reject(new Error(`platform did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /REST API:\s+(http:\/\/\S+)\/api\/leads/.exec(output);
      if (match && output.includes('Press Ctrl-C')) {
        clearTimeout(timer);
        resolveStarted({ child, gatewayUrl: match[1] as string, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`platform exited with ${code}:\n${output}`)));
  });
}

function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolveExit) => {
    child.once('exit', (code) => resolveExit(code));
    child.kill('SIGINT');
  });
}

describe('embedded mode (npm start)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'coldreach-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts, serves the API with the printed key, stops cleanly and keeps its data across restarts', async () => {
    const first = await startEmbedded(dataDir);
    const key = readFileSync(join(dataDir, 'api-key'), 'utf8').trim();
    expect(first.output()).toContain(key);
    const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

    const created = await fetch(`${first.gatewayUrl}/api/leads`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ email: 'Ada@Example.com', firstName: 'Ada', company: 'Analytical Engines' }),
    });
    expect(created.status).toBe(201);
    const lead = (await created.json()) as { id: string; email: string };
    expect(lead.email).toBe('ada@example.com');
    expect((await fetch(`${first.gatewayUrl}/ready`)).status).toBe(200);

    // A second platform on the same data directory must refuse instead of corrupting it.
    await expect(startEmbedded(dataDir)).rejects.toThrow(/already running/);
    expect(await stop(first.child)).toBe(0);

    const second = await startEmbedded(dataDir);
    try {
      expect(second.output()).not.toContain(key);
      const fetched = await fetch(`${second.gatewayUrl}/api/leads/${lead.id}`, { headers: auth });
      expect(fetched.status).toBe(200);
      expect(((await fetched.json()) as { firstName: string }).firstName).toBe('Ada');
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
  }, 180_000);
});
