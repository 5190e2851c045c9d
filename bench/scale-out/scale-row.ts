// One step of a scale-out run (a service with N worker processes on the same load) and its table.
import type { CpuUsage } from '../email-pipeline/cpu-usage';

export interface ScaleRow {
  service: 'email' | 'scraper';
  workers: number;
  /** Emails accepted by the sink, or pages crawled. */
  items: number;
  seconds: number;
  /** CPU milliseconds per item of the service's own processes (all its workers). */
  serviceCpuMs: number;
  /** CPU milliseconds per item of everything sampled: the run's processes, PostgreSQL, Kafka, Redis. */
  allCpuMs: number;
  /** Busy share of the machine's cores during the step. */
  machineBusy: number;
  /** /proc/loadavg's 1-minute figure at the end of the step (other work on the machine included). */
  load: number;
}

/** A ScaleRow from a step's CPU usage; `ownRow` says which rows are the service's processes. */
export function scaleRow(
  step: Pick<ScaleRow, 'service' | 'workers' | 'items' | 'seconds' | 'load'>,
  cpu: CpuUsage,
  ownRow: (name: string) => boolean,
): ScaleRow {
  const perItem = (rows: CpuUsage['rows']) =>
    (rows.reduce((sum, row) => sum + row.cpuSeconds, 0) * 1000) / Math.max(1, step.items);
  return {
    ...step,
    serviceCpuMs: perItem(cpu.rows.filter((row) => ownRow(row.name))),
    allCpuMs: perItem(cpu.rows),
    machineBusy: cpu.machineBusy,
  };
}

/** The result table (Markdown, as bench/README.md shows it). */
export function printScaleTable(rows: readonly ScaleRow[]): void {
  console.log(
    '| service | worker processes | items | seconds | items/s | × 1 process | CPU ms/item (service) | CPU ms/item (all) | machine busy | load (1 min) |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    const perSecond = row.items / row.seconds;
    const single = rows.find((other) => other.service === row.service && other.workers === 1);
    const speedup = single ? perSecond / (single.items / single.seconds) : NaN;
    console.log(
      `| ${row.service} | ${row.workers} | ${row.items} | ${row.seconds.toFixed(1)} | ${perSecond.toFixed(0)} | ` +
        `${speedup.toFixed(2)} | ${row.serviceCpuMs.toFixed(2)} | ${row.allCpuMs.toFixed(2)} | ` +
        `${(row.machineBusy * 100).toFixed(0)}% | ${row.load.toFixed(1)} |`,
    );
  }
}

/** The first step whose machine is ≥ 90% busy: where the cores, not the worker count, set the pace. */
export function coreLimit(rows: readonly ScaleRow[], service: ScaleRow['service']): string {
  const saturated = rows.find((row) => row.service === service && row.machineBusy >= 0.9);
  return saturated
    ? `${service}: the cores are the limit from ${saturated.workers} worker process(es) (machine ${(saturated.machineBusy * 100).toFixed(0)}% busy)`
    : `${service}: the cores were never the limit (machine below 90% busy at every step)`;
}
