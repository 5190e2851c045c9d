import { useBenchKafka } from './bench-kafka';

/**
 * Runs a benchmark's `main`, then `cleanUp` whatever happened (its processes, databases, Kafka
 * namespace), and exits 1 on failure, 0 otherwise. With `kafka: true` the project's broker is
 * started first when it is not running (useBenchKafka) and stopped after the clean-up.
 */
export function runBench(
  main: () => Promise<void>,
  cleanUp: () => Promise<void>,
  options: { kafka?: boolean } = {},
): void {
  void (async () => {
    let code = 0;
    let kafka: { stop: () => void } | undefined;
    try {
      if (options.kafka) kafka = useBenchKafka();
      await main();
    } catch (error) {
      console.error(error);
      code = 1;
    } finally {
      await cleanUp();
      kafka?.stop();
    }
    process.exit(code);
  })();
}
