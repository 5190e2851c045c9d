// The gateway's internal hop alone: GetClient (a filled lead, answered from memory) between a
// server and a client in one process, CPU per call from process.cpuUsage (client and server
// together) and calls per second, for connect-node as libs/grpc sets it up (interceptors, health,
// TCP_NODELAY), connect-node bare, and @grpc/grpc-js with the same protobuf-es messages, and mixed.
// Each measurement is a process of its own; rounds alternate the pairs so load drifts hit all alike.
// Usage: node -r @swc-node/register bench/gateway-read/rpc-compare.ts [calls] [rounds] [concurrency]
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { benchSmoke } from '../bench-kafka';

const [callsArg = '20000', roundsArg = '3', concurrency = '32'] = process.argv.slice(2);
const calls = benchSmoke ? '500' : callsArg;
const rounds = benchSmoke ? 1 : Number(roundsArg);
const pairs = [
  ['libs-grpc', 'libs-grpc'],
  ['connect', 'connect'],
  ['grpc-js', 'grpc-js'],
  ['libs-grpc', 'grpc-js'],
  ['grpc-js', 'libs-grpc'],
] as const;

function measure(server: string, client: string): Promise<{ cpuUsPerCall: number; callsPerSecond: number }> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        resolve(__dirname, 'rpc-compare-worker.ts'),
        server,
        client,
        calls,
        concurrency,
      ],
      { cwd: resolve(__dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) =>
      code === 0 ? done(JSON.parse(output)) : fail(new Error(`${server} ← ${client} exited with ${code}`)),
    );
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function main(): Promise<void> {
  const load = loadavg()[0]?.toFixed(2);
  const results = new Map<string, { cpu: number[]; rate: number[] }>();
  for (let round = 0; round < rounds; round++) {
    for (const [server, client] of pairs) {
      const { cpuUsPerCall, callsPerSecond } = await measure(server, client);
      const name = `${server} server ← ${client} client`;
      const entry = results.get(name) ?? { cpu: [], rate: [] };
      entry.cpu.push(cpuUsPerCall);
      entry.rate.push(callsPerSecond);
      results.set(name, entry);
    }
  }
  console.log(
    `GetClient in one process, ${calls} calls × ${rounds} rounds, ${concurrency} in flight, Node ${process.version}, load average ${load} → ${loadavg()[0]?.toFixed(2)}\n`,
  );
  console.log('| pair | CPU µs per call (median) | each round | calls/s (median) |');
  console.log('| --- | --- | --- | --- |');
  for (const [name, { cpu, rate }] of results) {
    const each = cpu.map((value) => value.toFixed(0)).join(', ');
    console.log(`| ${name} | ${median(cpu).toFixed(0)} | ${each} | ${median(rate).toFixed(0)} |`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
