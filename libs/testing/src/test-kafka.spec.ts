import { testKafkaBrokers } from './test-kafka';

describe('testKafkaBrokers', () => {
  const saved = process.env.KAFKA_BROKERS;
  afterEach(() => {
    if (saved === undefined) delete process.env.KAFKA_BROKERS;
    else process.env.KAFKA_BROKERS = saved;
  });

  it("uses the project's own broker when KAFKA_BROKERS is not set", () => {
    delete process.env.KAFKA_BROKERS;
    expect(testKafkaBrokers()).toEqual(['127.0.0.1:9092']);
  });

  it('splits a comma-separated KAFKA_BROKERS, ignoring blanks', () => {
    process.env.KAFKA_BROKERS = 'kafka-a:9092, kafka-b:9092,';
    expect(testKafkaBrokers()).toEqual(['kafka-a:9092', 'kafka-b:9092']);
  });
});
