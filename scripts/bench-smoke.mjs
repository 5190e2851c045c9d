// `npm test`'s benchmark smoke step (also `node scripts/bench-smoke.mjs [name…]`): every benchmark in
// bench/ run once at a tiny size with BENCH_SMOKE=1, one after another, so a benchmark that can no
// longer start or finish fails CI instead of rotting until someone needs its figures. Nothing about
// the figures is asserted: at these sizes they mean nothing. Each uses the brokers in KAFKA_BROKERS
// (npm test's) or starts and stops the project's own.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// Tiny sizes through each benchmark's own arguments; the others read BENCH_SMOKE themselves.
const smokeArgs = {
  'bench:analytics': ['2000'],
  'bench:email-pipeline': ['--recipients', '100', '--raw', '100', '--workers', '1'],
  'bench:scraper': ['--hosts', '2', '--pages-per-host', '8', '--concurrency', '4'],
  'bench:verification': ['--addresses', '200', '--domains', '20', '--probe-addresses', '40'],
  'bench:inbound': ['--messages', '100'],
  'bench:import-memory': ['20000'],
  'bench:tracing': ['gateway-read'],
  'bench:tracing-cpu': ['200', '1'],
  'bench:web-first-load': ['1'],
  'bench:scale-out': ['--workers', '1,2', '--deliveries', '60', '--hosts', '2', '--pages-per-host', '8'],
};

const scripts = Object.keys(JSON.parse(readFileSync('package.json', 'utf8')).scripts);
const wanted = process.argv.slice(2).map((name) => (name.startsWith('bench:') ? name : `bench:${name}`));
const benches = scripts.filter(
  (name) => name.startsWith('bench:') && (!wanted.length || wanted.includes(name)),
);

const failed = [];
for (const name of benches) {
  console.log(`\n--- ${name} (smoke)`);
  const started = Date.now();
  const args = ['run', name, '--', ...(smokeArgs[name] ?? [])];
  const result = spawnSync('npm', args, { stdio: 'inherit', env: { ...process.env, BENCH_SMOKE: '1' } });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`--- ${name}: ${result.status === 0 ? 'ran' : 'FAILED'} in ${seconds} s`);
  if (result.status !== 0) failed.push(name);
}
if (failed.length) console.log(`\nBenchmarks that did not run: ${failed.join(', ')}`);
process.exit(failed.length ? 1 : 0);
