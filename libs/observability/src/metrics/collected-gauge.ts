import { defineCounter, defineGauge } from './define-metric';

/** Sets one value of the gauge, under these labels. */
export type SetGaugeValue<L extends string> = (
  labels: Partial<Record<L, string | number>>,
  value: number,
) => void;

/** Reads the current values (a query, an admin call) and sets them; runs on every scrape. */
export type GaugeSource<L extends string> = (set: SetGaugeValue<L>) => Promise<void> | void;

export interface CollectedGauge<L extends string> {
  /** Adds a source read on every scrape; the returned function removes it (on close). */
  addSource(source: GaugeSource<L>): () => void;
}

// The sources of each gauge, by name: a second definition of the same gauge shares them.
const sourcesByGauge = new Map<string, Set<GaugeSource<string>>>();

const collectFailures = defineCounter({
  name: 'coldreach_metrics_collect_failures_total',
  help: 'Scrapes on which a metric source failed (its values are missing from that scrape)',
  labelNames: ['metric'],
});

/**
 * A gauge whose values are read when Prometheus scrapes (outbox age, ledger rows, consumer lag),
 * from any number of sources: each shard, each service of an embedded process. A failing source
 * leaves its values out of that scrape and is counted; it never fails the whole scrape.
 */
export function defineCollectedGauge<L extends string>(config: {
  name: string;
  help: string;
  labelNames: readonly L[];
}): CollectedGauge<L> {
  const sources = sourcesByGauge.get(config.name) ?? new Set<GaugeSource<string>>();
  if (!sourcesByGauge.has(config.name)) {
    sourcesByGauge.set(config.name, sources);
    defineGauge<L>({
      ...config,
      async collect() {
        this.reset();
        const set: SetGaugeValue<L> = (labels, value) => this.set(labels, value);
        await Promise.all(
          [...sources].map(async (source) => {
            try {
              await source(set as SetGaugeValue<string>);
            } catch {
              collectFailures.inc({ metric: config.name });
            }
          }),
        );
      },
    });
  }
  return {
    addSource(source) {
      const added = source as GaugeSource<string>;
      sources.add(added);
      return () => void sources.delete(added);
    },
  };
}
