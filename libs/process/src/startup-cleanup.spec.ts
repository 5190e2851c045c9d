import { Writable } from 'node:stream';
import { createLogger } from '@coldreach/observability';
import { createStartupCleanup } from './startup-cleanup';

function capturedLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ name: 'test', destination }) };
}

describe('createStartupCleanup', () => {
  it('logs what could not start, closes what was opened in reverse order, and throws on', async () => {
    const { lines, logger } = capturedLogger();
    const startup = createStartupCleanup(logger);
    const closed: string[] = [];
    startup.opened(async () => void closed.push('database'));
    startup.opened(async () => {
      closed.push('bus');
      throw new Error('already closed');
    });
    startup.opened(async () => void closed.push('workers'));

    const cause = new Error('port in use');
    await expect(
      Promise.reject(cause).catch(startup.failed('could not start the gRPC server', { port: 50051 })),
    ).rejects.toBe(cause);
    expect(closed).toEqual(['workers', 'bus', 'database']);
    expect(lines).toEqual([
      expect.objectContaining({ level: 60, msg: 'could not start the gRPC server', port: 50051 }),
    ]);
    expect((lines[0]!.err as { message: string }).message).toBe('port in use');
  });

  it('passes a step that succeeds through untouched', async () => {
    const { lines, logger } = capturedLogger();
    const startup = createStartupCleanup(logger);
    await expect(Promise.resolve(42).catch(startup.failed('unused'))).resolves.toBe(42);
    expect(lines).toEqual([]);
  });
});
