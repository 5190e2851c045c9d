// The reads beside the import, run as their own process so they never share an event loop with
// the benchmark or a server. A few connections each GET /api/leads/:id of the seeded leads one after
// another, with a 50 ms pause, so the reads measure the API's responsiveness, not its capacity (on two
// cores, reads as fast as they go would take the CPU the import is measured with).
// The parent names the phase over IPC ('idle', 'import', 'stop'); latencies are kept per phase.
// Usage (forked): read-load.ts <baseUrl> <authHeader> <id,id,...> <connections>
import http from 'node:http';

const [baseUrl = '', auth = '', idList = '', connections = '2'] = process.argv.slice(2);
const ids = idList.split(',');
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connections) });
const latencies: Record<string, number[]> = {};
const failures: Record<string, number> = {};
let phase = 'warm-up';
let running = true;
let next = 0;

function get(path: string): Promise<number> {
  return new Promise((resolveGet, reject) => {
    const request = http.get(`${baseUrl}${path}`, { agent, headers: { authorization: auth } }, (response) => {
      response.resume();
      response.on('end', () => resolveGet(response.statusCode ?? 0));
    });
    request.on('error', reject);
  });
}

async function loop(): Promise<void> {
  while (running) {
    const current = phase;
    const started = performance.now();
    const status = await get(`/api/leads/${ids[next++ % ids.length]}`).catch(() => 0);
    if (status === 200) (latencies[current] ??= []).push(performance.now() - started);
    else failures[current] = (failures[current] ?? 0) + 1;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

const loops = Array.from({ length: Number(connections) }, loop);
process.on('message', (message: string) => {
  if (message !== 'stop') {
    phase = message;
    return;
  }
  running = false;
  void Promise.all(loops).then(() => {
    const summary: Record<
      string,
      { requests: number; failed: number; p50: number; p99: number; max: number }
    > = {};
    for (const name of new Set([...Object.keys(latencies), ...Object.keys(failures)])) {
      const sorted = (latencies[name] ?? []).sort((a, b) => a - b);
      summary[name] = {
        requests: sorted.length,
        failed: failures[name] ?? 0,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        max: sorted[sorted.length - 1] ?? NaN,
      };
    }
    process.send?.(summary, () => process.exit(0));
  });
});
// A benchmark that dies leaves no reader behind.
process.on('disconnect', () => process.exit(0));
process.send?.('ready');
