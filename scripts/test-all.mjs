// `npm test`: static checks, then every project's Jest tests against the real PostgreSQL, Redis and
// Kafka, ending with one line of totals over every project: "N passed, N failed". The system tests
// (`src/system/`: worker processes killed, frozen, PostgreSQL restarted) and the browser journeys
// (`src/dashboard/`) run after the rest, one at a time, so their load and their timing do not disturb
// each other or the other suites.
// Kafka: the brokers in KAFKA_BROKERS when given; otherwise the project's own broker
// (scripts/kafka.mjs), started fresh for the run and stopped afterwards.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { ensureServices } from './ensure-services.mjs';
import { kafkaBrokers, startKafka, stopKafka } from './kafka.mjs';

const quick = process.argv.includes('--quick'); // skip the static checks while iterating
const jestArgs = process.argv.slice(2).filter((arg) => arg !== '--quick');

// Copies (jscpd, settings in .jscpd.json, reasons in docs/conventions.md): code and test helpers in
// apps/ and libs/ at 50 tokens, then specs too at 100 (a spec's setup repeats so each reads alone).
// A clone not listed in the baseline fails the run; `node scripts/test-all.mjs --update-copies-baseline`
// rewrites the list from today's tree (both passes) and exits; shrink it, never grow it.
const jscpd = ['jscpd', '--config', '.jscpd.json', '--no-colors', '--exit-code', '0'];
const copiesBaseline = '.jscpd-baseline.json';
const copyPasses = [
  { title: 'copies: code and test helpers', args: [] },
  {
    title: 'copies: specs too, from 100 tokens',
    args: ['--ignore', '**/node_modules/**,**/src/gen/**', '--min-tokens', '100'],
  },
];

function step(title, cmd, args, env = {}) {
  console.log(`\n=== ${title}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

if (process.argv.includes('--update-copies-baseline')) {
  const fingerprints = {};
  for (const [index, pass] of copyPasses.entries()) {
    const file = `.cache/jscpd-baseline-${index}.json`;
    mkdirSync('.cache', { recursive: true });
    rmSync(file, { force: true });
    step(pass.title, 'npx', [...jscpd, ...pass.args, '--baseline', file, '--update-baseline']);
    Object.assign(fingerprints, JSON.parse(readFileSync(file, 'utf8')).fingerprints);
  }
  const sorted = Object.fromEntries(Object.entries(fingerprints).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(copiesBaseline, `${JSON.stringify({ version: 1, fingerprints: sorted }, null, 2)}\n`);
  console.log(`${copiesBaseline}: ${Object.keys(sorted).length} known clones`);
  process.exit(0);
}

const failures = [];
if (!quick) {
  const nx = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_SKIP_NX_CACHE: 'true' };
  if (!step('proto: lint and generated code', 'node', ['scripts/check-generated.mjs']))
    failures.push('proto check');
  const webApi = ['-r', '@swc-node/register', 'scripts/generate-web-api.ts', '--check'];
  if (!step('web: API types match the OpenAPI document', 'node', webApi)) failures.push('web API types');
  if (!step('format', 'npx', ['prettier', '--check', '.', '--log-level', 'warn'])) failures.push('format');
  // Manifests, compose file and Terraform, offline (scripts/check-deploy.mjs).
  if (!step('deploy: static check', 'node', ['scripts/check-deploy.mjs']))
    failures.push('deploy: static check');
  // Nx's project graph first: the module-boundary lint rule reads it (on a fresh clone, without it,
  // the rule is silently skipped).
  if (!step('nx: project graph', 'npx', ['nx', 'show', 'projects'], nx)) failures.push('project graph');
  // One program for every Node project (they share tsconfig.base.json's settings) and one for the
  // dashboard: each file is checked once, where `nx run-many -t typecheck` checked every library
  // again in each of the 32 projects that import it (about 10 times the CPU).
  if (!step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.check.json'])) failures.push('typecheck');
  if (!step('typecheck: dashboard', 'npx', ['tsc', '-p', 'apps/web/tsconfig.json']))
    failures.push('typecheck: dashboard');
  if (!step('lint', 'npx', ['eslint', '.', '--max-warnings', '0'], nx)) failures.push('lint');
  for (const pass of copyPasses) {
    const args = [...jscpd, ...pass.args, '--baseline', copiesBaseline, '--fail-on-new-clones'];
    if (!step(pass.title, 'npx', args)) failures.push(pass.title);
  }
}

await ensureServices();
mkdirSync('.cache', { recursive: true });
// Run one at a time, after the rest: the system tests, and the dashboard's browser journeys (a
// Chromium and a whole platform each, whose load would stall the suites beside them on two cores).
const serialTests = '/src/(system|dashboard)/';
const phases = [
  {
    title: 'tests',
    file: '.cache/jest-results.json',
    args: ['--maxWorkers=2', '--testPathIgnorePatterns', serialTests],
  },
  {
    title: 'system tests and browser journeys',
    file: '.cache/jest-system-results.json',
    args: ['--runInBand', '--passWithNoTests', '--testPathPatterns', serialTests],
  },
];
for (const phase of phases) rmSync(phase.file, { force: true });

let kafka = { started: false };
// Ctrl-C reaches Jest (same process group); outliving it lets the finally below stop the broker.
const outliveSignal = () => console.log('\nInterrupted; stopping after the tests exit');
process.on('SIGINT', outliveSignal).on('SIGTERM', outliveSignal);
try {
  if (!process.env.KAFKA_BROKERS) {
    console.log('\n=== kafka');
    try {
      kafka = await startKafka({ fresh: true });
    } catch (error) {
      console.error(error.message);
      failures.push('kafka start');
    }
  }
  for (const phase of phases) {
    step(
      phase.title,
      'npx',
      ['jest', '--ci', ...phase.args, '--json', `--outputFile=${phase.file}`, ...jestArgs],
      {
        KAFKA_BROKERS: process.env.KAFKA_BROKERS || kafkaBrokers,
        NODE_OPTIONS: [process.env.NODE_OPTIONS, '--experimental-vm-modules'].filter(Boolean).join(' '),
      },
    );
  }
  // Every benchmark at a tiny size (scripts/bench-smoke.mjs): one that cannot start fails the run.
  if (
    !quick &&
    !step('benchmarks: smoke', 'node', ['scripts/bench-smoke.mjs'], {
      KAFKA_BROKERS: process.env.KAFKA_BROKERS || kafkaBrokers,
    })
  )
    failures.push('benchmark smoke');
} finally {
  if (kafka.started) await stopKafka();
  process.off('SIGINT', outliveSignal).off('SIGTERM', outliveSignal);
}

let passed = 0;
let failed = 0;
for (const phase of phases) {
  if (!existsSync(phase.file)) {
    failed += 1;
    failures.push(`jest produced no results (${phase.title})`);
    continue;
  }
  const results = JSON.parse(readFileSync(phase.file, 'utf8'));
  passed += results.numPassedTests;
  // A suite that fails to load has no failed tests of its own; count it so it cannot hide.
  const phaseFailed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  failed += phaseFailed === 0 && !results.success ? 1 : phaseFailed;
}
if (failures.length) console.log(`\nFailed checks: ${failures.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && failures.length === 0 ? 0 : 1);
