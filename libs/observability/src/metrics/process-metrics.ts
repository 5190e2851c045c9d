import { collectDefaultMetrics, register } from 'prom-client';

let collecting = false;

/**
 * Process memory, CPU, handles, GC and event-loop lag (prom-client's default metrics), once per
 * process however many services it runs. Idempotent.
 */
export function collectProcessMetrics(): void {
  if (collecting) return;
  collecting = true;
  // Event-loop lag sampled every 20 ms: fine enough to see a stall of a few tens of milliseconds.
  collectDefaultMetrics({ register, eventLoopMonitoringPrecision: 20 });
}

/** The process's metrics in Prometheus' text format, with the content type to answer it with. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  collectProcessMetrics();
  return { contentType: register.contentType, body: await register.metrics() };
}
