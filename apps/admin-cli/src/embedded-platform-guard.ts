import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandError } from './cli-errors';

/**
 * PGlite data must have one writer: opening it while the embedded platform runs would corrupt it.
 * The platform writes its pid to `<dataDir>/platform.pid`; a file left by a crash (dead pid) is ignored.
 */
export function assertPlatformNotRunning(dataDir: string): void {
  const pidFile = join(dataDir, 'platform.pid');
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  throw new CommandError(
    `the embedded platform is running (pid ${pid}, ${pidFile}) and holds the embedded database; ` +
      'stop it (Ctrl-C in its terminal) and run this command again',
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
