import type { ReshardProgress } from '@coldreach/db';

/** One line per update (it reads the same in a terminal and in a log): a bar over buckets moved. */
export function reshardProgressLine(progress: ReshardProgress): string {
  const width = 30;
  const fraction = progress.buckets === 0 ? 1 : progress.bucketsDone / progress.buckets;
  const filled = Math.round(fraction * width);
  return (
    `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ` +
    `${progress.bucketsDone}/${progress.buckets} buckets, unit ${Math.min(progress.unitsDone + 1, progress.units)}` +
    `/${progress.units} ${progress.step}, ${progress.rowsCopied} rows copied`
  );
}
