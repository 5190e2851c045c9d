/**
 * The Kafka brokers integration tests use: `KAFKA_BROKERS` (comma-separated, set by `npm test`) or
 * the project's own broker from `npm run kafka:start`. Tests use random topic and group names.
 */
export function testKafkaBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS?.split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  return brokers?.length ? brokers : ['127.0.0.1:9092'];
}
