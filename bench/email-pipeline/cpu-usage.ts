// Where the CPU went during a measurement, from /proc (Linux): per benchmark process, per shared
// server (PostgreSQL, Kafka, Redis: every process of theirs on the machine, other users' work
// included, except that PostgreSQL backends of the run's own databases are counted apart), and the
// machine as a whole.
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** Clock ticks per second of /proc's utime and stime (USER_HZ: 100 on every Linux port). */
const ticksPerSecond = 100;

export interface CpuSample {
  at: number;
  /** CPU ticks used so far, by name. */
  ticks: Map<string, number>;
  machineBusy: number;
  machineTotal: number;
  /** Ticks the hypervisor gave to other guests while this one wanted to run. */
  machineSteal: number;
}

export interface CpuUsage {
  seconds: number;
  /** CPU seconds by name, and as a share of one core over the window. */
  rows: { name: string; cpuSeconds: number; coreShare: number }[];
  /** Busy share of all cores of the machine over the window. */
  machineBusy: number;
  /** Share of all cores taken by other guests of the host (steal): a slower machine, not our work. */
  machineSteal: number;
}

function processTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

function serverOf(pid: string, databases: ReadonlyMap<string, string>): string | undefined {
  try {
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    if (comm === 'postgres') {
      // A backend's title names its database: "postgres: 15/main: postgres <database> <client> idle".
      const database = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(' ')[3] ?? '';
      const label = databases.get(database);
      return label ? `PostgreSQL: ${label}` : 'PostgreSQL: other databases, server processes';
    }
    if (comm.startsWith('redis-server')) return 'Redis (all)';
    if (comm === 'java' && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('kafka.Kafka'))
      return 'Kafka broker';
  } catch {
    // The process ended meanwhile.
  }
  return undefined;
}

/**
 * Samples the CPU used so far by `processes` (name → pid), the shared servers (PostgreSQL backends
 * of `databases`, name → label, by label) and the machine.
 */
export function sampleCpu(
  processes: ReadonlyMap<string, number>,
  databases: ReadonlyMap<string, string> = new Map(),
): CpuSample {
  const ticks = new Map<string, number>();
  for (const [name, pid] of processes) ticks.set(name, processTicks(pid) ?? 0);
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    const server = serverOf(pid, databases);
    if (server) ticks.set(server, (ticks.get(server) ?? 0) + (processTicks(Number(pid)) ?? 0));
  }
  const [, ...values] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
  const numbers = values.map(Number);
  // user nice system idle iowait irq softirq steal …: idle and iowait are not busy.
  const idle = (numbers[3] ?? 0) + (numbers[4] ?? 0);
  const total = numbers.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return {
    at: Date.now(),
    ticks,
    machineBusy: total - idle,
    machineTotal: total,
    machineSteal: numbers[7] ?? 0,
  };
}

/**
 * The CPU used between two samples. Shared servers' figures are approximate: a PostgreSQL backend
 * that ended within the window takes its ticks with it, one that started counts from zero.
 */
export function cpuUsage(before: CpuSample, after: CpuSample): CpuUsage {
  const seconds = (after.at - before.at) / 1000;
  const rows = [...after.ticks].map(([name, ticks]) => {
    const cpuSeconds = Math.max(0, ticks - (before.ticks.get(name) ?? 0)) / ticksPerSecond;
    return { name, cpuSeconds, coreShare: cpuSeconds / seconds };
  });
  const total = after.machineTotal - before.machineTotal;
  return {
    seconds,
    rows,
    machineBusy: total > 0 ? (after.machineBusy - before.machineBusy) / total : 0,
    machineSteal: total > 0 ? (after.machineSteal - before.machineSteal) / total : 0,
  };
}

/** e.g. `2 × AMD EPYC 7B13`, for the report. */
export function machineName(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`;
}
