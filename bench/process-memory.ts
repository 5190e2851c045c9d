import { readFileSync } from 'node:fs';

/**
 * A field of /proc/<pid>/status in MiB (VmRSS: now, VmHWM: the peak so far); NaN once the process is
 * gone.
 */
export function memoryMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`));
    return Math.round(Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024);
  } catch {
    return NaN;
  }
}
