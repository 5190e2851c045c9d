// Test support: the dashboard as `npm start` serves it: built by scripts/build-web.mjs into apps/web/dist (only when
// its sources changed), then copied for one test platform to serve (WEB_ROOT), so that a rebuild
// while the tests run (another spec file, `npm start`, a developer's edit) cannot swap the assets
// under a page that is loading them.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../../..');
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

/** The assets index.html loads (/assets/…), which a complete build has. */
function entryAssets(root: string): string[] {
  const html = readFileSync(join(root, 'index.html'), 'utf8');
  return [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((match) => match[1] as string);
}

/**
 * A fresh build, copied into a temporary directory (removed by the returned function). A copy
 * taken while something else rebuilt apps/web/dist lacks index.html's own assets: then again.
 */
export function snapshotDashboard(): { root: string; remove(): void } {
  for (let attempt = 1; ; attempt++) {
    buildDashboard();
    const root = mkdtempSync(join(tmpdir(), 'coldreach-web-'));
    const remove = () => rmSync(root, { recursive: true, force: true });
    cpSync(webDist, root, { recursive: true });
    if (
      existsSync(join(root, 'index.html')) &&
      entryAssets(root).every((asset) => existsSync(join(root, asset)))
    )
      return { root, remove };
    remove();
    if (attempt === 3) throw new Error(`apps/web/dist kept changing while it was copied (${attempt} tries)`);
  }
}
