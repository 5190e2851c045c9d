// The dashboard as `npm start` serves it: built by scripts/build-web.mjs into apps/web/dist (only when
// its sources changed), which the embedded platform's gateway serves at `/`.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../../../..');
export const webDist = join(repoRoot, 'apps/web/dist');

/**
 * Builds the dashboard when stale. Spec files run in parallel workers: flock(1) lets one build while
 * the others wait, and they then find the build fresh (the lock goes with its process, even killed).
 */
export function buildDashboard(): void {
  mkdirSync(join(repoRoot, '.cache'), { recursive: true });
  execFileSync('flock', [join(repoRoot, '.cache/web-build.lock'), 'node', 'scripts/build-web.mjs'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
