/**
 * Runs a benchmark's `main`, then `cleanUp` whatever happened (its processes, databases, Kafka
 * namespace), and exits 1 on failure, 0 otherwise.
 */
export function runBench(main: () => Promise<void>, cleanUp: () => Promise<void>): void {
  void (async () => {
    let code = 0;
    try {
      await main();
    } catch (error) {
      console.error(error);
      code = 1;
    } finally {
      await cleanUp();
    }
    process.exit(code);
  })();
}
