// Tracing overhead: runs one benchmark three times — tracing off, on with every trace sampled, on
// with 1% — the services exporting OTLP to a loopback sink that counts and discards (otlp-sink.ts).
// Usage: node -r @swc-node/register bench/tracing/run.ts <gateway-read|email-pipeline> [bench args…]
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { benchSmoke } from '../bench-kafka';
import { startOtlpSink } from './otlp-sink';

const root = resolve(__dirname, '../..');
const [bench, ...args] = process.argv.slice(2);
const modes = [
  { name: 'tracing off', env: {} },
  { name: 'tracing on, 100% sampled', env: { OTEL_TRACES_SAMPLER_ARG: '1' } },
  { name: 'tracing on, 1% sampled', env: { OTEL_TRACES_SAMPLER_ARG: '0.01' } },
];

async function runOnce(mode: (typeof modes)[number]): Promise<void> {
  const sink = await startOtlpSink();
  const env: NodeJS.ProcessEnv = { ...process.env, ...mode.env };
  delete env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (Object.keys(mode.env).length > 0) env.OTEL_EXPORTER_OTLP_ENDPOINT = sink.url;
  else delete env.OTEL_EXPORTER_OTLP_ENDPOINT;
  console.log(`\n### ${bench}: ${mode.name}\n`);
  const code = await new Promise<number | null>((done) => {
    const child = spawn(
      process.execPath,
      [
        '--disable-warning=TimeoutNegativeWarning',
        '-r',
        '@swc-node/register',
        `bench/${bench}/run.ts`,
        ...args,
      ],
      { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    child.on('exit', done);
  });
  const { spans, requests } = sink.counts();
  console.log(`\nspans exported: ${spans} in ${requests} requests`);
  await sink.close();
  if (code !== 0) throw new Error(`bench/${bench} exited with ${code} (${mode.name})`);
}

async function main(): Promise<void> {
  if (bench !== 'gateway-read' && bench !== 'email-pipeline') {
    throw new Error('usage: bench/tracing/run.ts <gateway-read|email-pipeline> [bench args…]');
  }
  // The smoke run (npm test) proves the exporting path only: the benchmark it wraps is smoked on its own.
  for (const mode of benchSmoke ? modes.slice(1, 2) : modes) await runOnce(mode);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
