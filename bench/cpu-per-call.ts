/**
 * Runs `work` (`count` calls) and writes to stdout, as the JSON line the parent process reads, this
 * process's CPU (user + system, µs) per call and the calls per second.
 */
export async function writeCpuPerCall(count: number, work: () => Promise<void>): Promise<void> {
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  process.stdout.write(
    JSON.stringify({ cpuUsPerCall: (cpu.user + cpu.system) / count, callsPerSecond: count / seconds }),
  );
}

/** A measuring worker's entry: exit 0 when `main` ends, 1 with its stack on stderr when it fails. */
export function runWorker(main: () => Promise<void>): void {
  void main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
