// Tracing's CPU cost per gRPC call, measured apart from the machine's load: a Client service stub
// served and called in one process (a CLIENT and a SERVER span per call when traced), CPU time per
// call from process.cpuUsage, with tracing off, at 100% and at 1%, in rounds that alternate the modes.
// With --spans-only, the tracing interceptors alone around a call that does nothing (span-cost-worker.ts).
// Usage: node -r @swc-node/register bench/tracing/rpc-cpu.ts [--spans-only] [calls per measurement] [rounds]
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { startOtlpSink } from './otlp-sink';

const spansOnly = process.argv.includes('--spans-only');
const [calls = '20000', rounds = '3'] = process.argv.slice(2).filter((arg) => arg !== '--spans-only');
const worker = spansOnly ? 'span-cost-worker.ts' : 'rpc-cpu-worker.ts';
const modes = { off: undefined, '100%': '1', '1%': '0.01' } as const;
type Mode = keyof typeof modes;

/** One measurement in a process of its own (tracing is registered once per process). */
function measure(mode: Mode, sinkUrl: string): Promise<{ cpuUsPerCall: number; callsPerSecond: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  delete env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const ratio = modes[mode];
  if (ratio) Object.assign(env, { OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl, OTEL_TRACES_SAMPLER_ARG: ratio });
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', resolve(__dirname, worker), calls], {
      cwd: resolve(__dirname, '../..'),
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) =>
      code === 0 ? done(JSON.parse(output)) : fail(new Error(`the ${mode} measurement exited with ${code}`)),
    );
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function main(): Promise<void> {
  const sink = await startOtlpSink();
  const results = new Map<Mode, { cpu: number[]; rate: number[] }>();
  try {
    for (let round = 0; round < Number(rounds); round++) {
      for (const mode of Object.keys(modes) as Mode[]) {
        const { cpuUsPerCall, callsPerSecond } = await measure(mode, sink.url);
        const entry = results.get(mode) ?? { cpu: [], rate: [] };
        entry.cpu.push(cpuUsPerCall);
        entry.rate.push(callsPerSecond);
        results.set(mode, entry);
      }
    }
  } finally {
    await sink.close();
  }
  console.log(
    `GetClient over gRPC in one process, ${calls} calls × ${rounds} rounds, Node ${process.version}\n`,
  );
  console.log('| tracing | CPU µs per call (median) | each round | calls/s (median) |');
  console.log('| --- | --- | --- | --- |');
  for (const [mode, { cpu, rate }] of results) {
    const each = cpu.map((value) => value.toFixed(0)).join(', ');
    console.log(`| ${mode} | ${median(cpu).toFixed(0)} | ${each} | ${median(rate).toFixed(0)} |`);
  }
  console.log(`\nspans the sink received: ${sink.counts().spans}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
