// Prints the benchmark's tables (markdown, for bench/README.md): the median of the rounds, with
// their range, and each Node path's ratio to the Java tools.

export interface PathResult {
  name: string;
  produce: number;
  consume: number;
  endToEnd: number;
  /** Events a consumer received twice (not reported by the Java tools). */
  duplicates?: number;
}

type Metric = 'produce' | 'consume' | 'endToEnd';
const metrics: Metric[] = ['produce', 'consume', 'endToEnd'];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

/** `rounds[i]` holds one result per path, in the same order every round; the first path is the limit. */
export function printReport(rounds: PathResult[][]): void {
  const paths = (rounds[0] ?? []).map((first, index) => {
    const all = rounds.map((round) => round[index] as PathResult);
    const of = (metric: Metric) => all.map((result) => result[metric]);
    return {
      name: first.name,
      all,
      median: Object.fromEntries(metrics.map((m) => [m, median(of(m))])) as Record<Metric, number>,
      range: (m: Metric) =>
        all.length > 1 ? ` (${thousands(Math.min(...of(m)))}–${thousands(Math.max(...of(m)))})` : '',
      duplicates:
        first.duplicates === undefined ? 'n/a' : String(all.reduce((n, r) => n + (r.duplicates ?? 0), 0)),
    };
  });

  console.log('| path | produce events/s | consume events/s | end-to-end events/s | duplicates |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const path of paths) {
    const cells = metrics.map((m) => `${thousands(path.median[m])}${path.range(m)}`);
    console.log(`| ${path.name} | ${cells.join(' | ')} | ${path.duplicates} |`);
  }
  const [limit, ...others] = paths;
  if (!limit) return;
  console.log(`\n| ratio to ${limit.name} (medians) | produce | consume | end-to-end |`);
  console.log('| --- | --- | --- | --- |');
  for (const path of others) {
    const ratios = metrics.map((m) => (path.median[m] / limit.median[m]).toFixed(2));
    console.log(`| ${path.name} | ${ratios.join(' | ')} |`);
  }
}
