import { createLogger } from '@coldreach/observability';
import { logLevel, type LogEntry } from 'kafkajs';
import { Writable } from 'node:stream';
import { createKafkaLogCreator } from './kafka-log-creator';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const log = createKafkaLogCreator(createLogger({ name: 'test', level: 'info', destination }))(
    logLevel.WARN,
  );
  const entry = (namespace: string, level: logLevel, message: string, extra: object = {}): LogEntry => ({
    namespace,
    level,
    label: 'X',
    log: { timestamp: new Date().toISOString(), logger: 'kafkajs', message, ...extra },
  });
  return { lines, log, entry };
}

describe('createKafkaLogCreator', () => {
  it('logs kafkajs lines at their level, with their context, into the service logger', () => {
    const { lines, log, entry } = capture();
    log(entry('Consumer', logLevel.ERROR, 'Crash: KafkaJSProtocolError', { groupId: 'g', retryCount: 2 }));
    log(entry('Runner', logLevel.WARN, 'The group is rebalancing, re-joining', { groupId: 'g' }));
    expect(lines).toEqual([
      expect.objectContaining({
        level: 50,
        kafkajs: 'Consumer',
        groupId: 'g',
        retryCount: 2,
        msg: 'Crash: KafkaJSProtocolError',
      }),
      expect.objectContaining({ level: 40, kafkajs: 'Runner', msg: 'The group is rebalancing, re-joining' }),
    ]);
  });

  it('never logs message content', () => {
    const { lines, log, entry } = capture();
    log(
      entry('Producer', logLevel.ERROR, 'send failed', {
        topic: 't',
        messages: [{ value: 'secret body' }],
        value: 'secret body',
        key: 'client-1',
        headers: { traceparent: 'x' },
      }),
    );
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines[0])).not.toMatch(/secret body|client-1|traceparent/);
    expect(lines[0]).toMatchObject({ topic: 't', msg: 'send failed' });
  });

  it('leaves out the raw protocol error responses and the expected bounded-retries warning', () => {
    const { lines, log, entry } = capture();
    log(
      entry('Connection', logLevel.ERROR, 'Response Heartbeat(key: 12, version: 3)', {
        error: 'rebalancing',
      }),
    );
    log(
      entry(
        'Producer',
        logLevel.WARN,
        'Limiting retries for the idempotent producer may invalidate EoS guarantees',
      ),
    );
    log(entry('Connection', logLevel.ERROR, 'Connection error: connect ECONNREFUSED'));
    expect(lines.map((line) => line.msg)).toEqual(['Connection error: connect ECONNREFUSED']);
  });
});
