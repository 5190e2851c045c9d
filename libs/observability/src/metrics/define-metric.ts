import { Counter, Gauge, Histogram, register } from 'prom-client';
import type { CounterConfiguration, GaugeConfiguration, HistogramConfiguration } from 'prom-client';

// Every metric lives in prom-client's default registry, one per process. In embedded mode (and in a
// test run) several services, or several instances of one, define the same metric: the second
// definition gets the first one back instead of prom-client's "already registered" error.

/** The process's counter of this name, created on first use. */
export function defineCounter<L extends string>(config: CounterConfiguration<L>): Counter<L> {
  return (register.getSingleMetric(config.name) as Counter<L> | undefined) ?? new Counter(config);
}

/** The process's gauge of this name, created on first use. */
export function defineGauge<L extends string>(config: GaugeConfiguration<L>): Gauge<L> {
  return (register.getSingleMetric(config.name) as Gauge<L> | undefined) ?? new Gauge(config);
}

/** The process's histogram of this name, created on first use. */
export function defineHistogram<L extends string>(config: HistogramConfiguration<L>): Histogram<L> {
  return (register.getSingleMetric(config.name) as Histogram<L> | undefined) ?? new Histogram(config);
}

/** Latency buckets (seconds) for RPCs, HTTP requests and database or Redis round trips: 1 ms to 30 s. */
export const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
