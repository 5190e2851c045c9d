import { spawnServiceProcess, startSentryStandIn, type SentryStandIn } from '@coldreach/testing';

const script = 'libs/process/src/test/crashing-service.ts';

let sentry: SentryStandIn;
beforeAll(async () => {
  sentry = await startSentryStandIn();
});
afterAll(() => sentry.close());

function linesOf(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('a crashing service process', () => {
  it.each([
    ['uncaught', 'uncaught exception'],
    ['rejection', 'unhandled promise rejection'],
  ])(
    '(%s) logs one fatal line, reports it to Sentry and exits 1, with no secret in either',
    async (crash, message) => {
      const before = sentry.envelopes().length;
      const child = spawnServiceProcess('crashing-service', script, { CRASH: crash, SENTRY_DSN: sentry.dsn });
      expect(await child.exited).toEqual({ code: 1, signal: null });

      const output = child.tail(400);
      const fatal = linesOf(output).filter((line) => line.level === 60);
      expect(fatal).toEqual([expect.objectContaining({ msg: message, service: 'crashing-service' })]);
      // The report left before the exit: the process waits for it.
      const reports = sentry.envelopes().slice(before);
      expect(reports).toHaveLength(1);
      expect(reports[0]?.event).toMatchObject({
        logger: 'crashing-service',
        message: { formatted: message },
      });
      for (const text of [output, reports[0]?.raw]) {
        expect(text).toContain('smtp://[redacted]@smtp.example.com');
        expect(text).not.toContain('Pl4nted');
      }
    },
    60_000,
  );

  it('sends nothing anywhere without SENTRY_DSN', async () => {
    const before = sentry.envelopes().length;
    const child = spawnServiceProcess('crashing-service', script, { CRASH: 'uncaught', SENTRY_DSN: '' });
    expect(await child.exited).toEqual({ code: 1, signal: null });
    expect(linesOf(child.tail(400)).filter((line) => line.level === 60)).toHaveLength(1);
    expect(sentry.envelopes().length).toBe(before);
  }, 60_000);
});
