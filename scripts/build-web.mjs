// Builds the dashboard (apps/web → apps/web/dist) when it is missing or stale, so `npm start` serves
// what the sources say without a build step to remember. Stale means the hash of its sources
// (index.html, the Vite config, public/, src/ without specs) differs from the one the last build
// recorded in dist/.source-hash. A built dashboard is served by the gateway, not a dev server: one
// process, one origin for the session cookie, the same assets as the Docker image.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const web = join(import.meta.dirname, '..', 'apps', 'web');
const dist = join(web, 'dist');
const stamp = join(dist, '.source-hash');

function files(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

export function sourceHash() {
  const hash = createHash('sha256');
  const sources = ['index.html', 'vite.config.mts', 'package.json', 'tsconfig.json', 'public', 'src']
    .flatMap((name) => files(join(web, name)))
    .filter((file) => !/\.(spec|int-spec)\.tsx?$/.test(file));
  for (const file of sources) hash.update(relative(web, file)).update('\0').update(readFileSync(file));
  return hash.digest('hex');
}

export function buildWeb({ force = false } = {}) {
  const wanted = sourceHash();
  if (!force && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return false;
  console.log('Building the dashboard (apps/web)…');
  // NODE_ENV decides which React Vite bundles: a caller's `test` (jest) or `development` would ship
  // React's development build (three times the size, slower) under the same source hash.
  const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
    cwd: web,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) {
    console.error('The dashboard did not build (see above).');
    process.exit(result.status ?? 1);
  }
  writeFileSync(stamp, wanted);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) buildWeb({ force: process.argv.includes('--force') });
