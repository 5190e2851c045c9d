/** A progress bar as one line, so it reads the same in a terminal and in a log. */
export function progressLine(done: number, total: number): string {
  const width = 30;
  const fraction = total === 0 ? 1 : Math.min(done / total, 1);
  const filled = Math.round(fraction * width);
  const percent = Math.floor(fraction * 100);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(percent).padStart(3)}% ${done}/${total} clients`;
}

/** Prints the bar after the first batch, then at most once a second, and always at the end. */
export function createProgress(total: number, print: (line: string) => void, now = () => Date.now()) {
  let lastPrinted: number | undefined;
  return {
    update(done: number) {
      const time = now();
      if (done < total && lastPrinted !== undefined && time - lastPrinted < 1000) return;
      lastPrinted = time;
      print(progressLine(done, total));
    },
  };
}
