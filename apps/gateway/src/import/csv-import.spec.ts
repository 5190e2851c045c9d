import { UpsertOutcome, type UpsertResult } from '@coldreach/contracts';
import { importCsv, type CsvImportOptions } from './csv-import';
import type { ClientInputInit } from '../mapping/lead-mapping';

/** Every batch the Client service would see; every row sent is created. */
function createService() {
  const batches: ClientInputInit[][] = [];
  return {
    batches,
    upsert: async (inputs: ClientInputInit[]): Promise<UpsertResult[]> => {
      batches.push(inputs);
      return inputs.map((_, index) => ({ index, outcome: UpsertOutcome.CREATED }) as UpsertResult);
    },
  };
}

function run(source: AsyncIterable<Buffer | string>, options: Partial<CsvImportOptions> = {}) {
  const lines: { rows: number }[] = [];
  const service = createService();
  const report = importCsv({
    source,
    maxBytes: 100 * 1024 * 1024,
    extraTags: [],
    upsert: service.upsert,
    log: {
      info: (fields: object, message: string) =>
        void (message === 'csv import progress' && lines.push(fields as { rows: number })),
    } as CsvImportOptions['log'],
    ...options,
  });
  return { report, lines, service };
}

async function* repeat(head: string, body: string, times: number, perChunk = 10_000, onChunk = () => {}) {
  yield head;
  for (let done = 0; done < times; done += perChunk) {
    onChunk();
    yield body.repeat(Math.min(perChunk, times - done));
  }
}

describe('importCsv on hostile files', () => {
  it('answers 300,000 rows without an address with counts and the first errors, sending none of them', async () => {
    const { report, service } = run(repeat('email,a\n', ',\n', 300_000));
    const answer = await report;
    expect(answer).toMatchObject({
      submitted: 300_000,
      accepted: 0,
      rejected: 300_000,
      rejectedByReason: { 'email: is required': 300_000 },
      errorsTruncated: true,
    });
    expect(answer.errors).toHaveLength(1000);
    expect(answer.errors[999]).toEqual({ row: 1000, reason: 'email: is required' });
    expect(JSON.stringify(answer).length).toBeLessThan(64 * 1024);
    expect(service.batches).toEqual([]);
  });

  it('lists as many errors as configured', async () => {
    const answer = await run(repeat('email,a\n', ',\n', 5000), { maxReportedErrors: 10 }).report;
    expect(answer.errors.map((e) => e.row)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(answer.rejected).toBe(5000);
  });

  it('reads one enormous chunk a slice at a time (a few records held at once)', async () => {
    const rows = 'x@example.com\n'.repeat(200_000);
    const { report, service } = run(repeat('email\n', rows, 1, 1));
    expect(await report).toMatchObject({ submitted: 200_000, created: 200_000, rejected: 0 });
    expect(Math.max(...service.batches.map((b) => b.length))).toBe(500);
  });

  it.each([
    ['one enormous field', `"${'x'.repeat(3_000_000)}"\n`, 'the row is longer than 1048576 bytes'],
    ['a row of a million columns', `${','.repeat(1_000_000)}\n`, 'a row has more than 2000 columns'],
  ])('stops at %s, reporting it on its row', async (_name, hostile, problem) => {
    const answer = await run(repeat('email\n', `ok@example.com\n${hostile}ok2@example.com\n`, 1, 1)).report;
    expect(answer).toMatchObject({ submitted: 2, created: 1, rejected: 1, errorsTruncated: false });
    expect(answer.rejectedByReason).toEqual({ [`malformed CSV: ${problem}`]: 1 });
    expect(answer.errors).toEqual([
      { row: 2, reason: `malformed CSV: ${problem}; this row and the rest of the file were not imported` },
    ]);
  });

  it('counts no rows for millions of blank lines', async () => {
    const answer = await run(repeat('email\n', '\n', 3_000_000, 100_000)).report;
    expect(answer).toMatchObject({ submitted: 0, rejected: 0, errors: [] });
  });
});

describe('importCsv progress', () => {
  it('logs progress at most once per interval, however many rows go by', async () => {
    let clock = 0;
    // 100 chunks of 10,000 rows, one second apart: 100 s, so 20 lines at one per 5 s.
    const source = repeat('email,a\n', ',\n', 1_000_000, 10_000, () => void (clock += 1000));
    const { report, lines } = run(source, { now: () => clock });
    expect((await report).submitted).toBe(1_000_000);
    expect(lines).toHaveLength(20);
    // The fifth chunk's first slice is read at 5 s.
    expect(lines[0]?.rows).toBeGreaterThan(40_000);
    expect(lines[0]?.rows).toBeLessThanOrEqual(50_000);
  });

  it('logs nothing for an import shorter than the interval', async () => {
    const { report, lines } = run(repeat('email,a\n', ',\n', 50_000), { now: () => 0 });
    await report;
    expect(lines).toEqual([]);
  });
});

describe('importCsv batches in flight', () => {
  /** A service whose answers the test releases one batch at a time. */
  function heldService(fail?: (batch: number) => boolean) {
    const pending: (() => void)[] = [];
    let sent = 0;
    let maxOpen = 0;
    let open = 0;
    const upsert = (inputs: ClientInputInit[]): Promise<UpsertResult[]> => {
      const batch = sent++;
      maxOpen = Math.max(maxOpen, ++open);
      return new Promise((resolve, reject) => {
        pending.push(() => {
          open--;
          if (fail?.(batch)) reject(new Error(`batch ${batch} failed`));
          else
            resolve(
              inputs.map(
                (_, index) =>
                  ({
                    index,
                    outcome: index === 0 ? UpsertOutcome.REJECTED : UpsertOutcome.CREATED,
                    reason: index === 0 ? 'phone: must be a phone number' : '',
                  }) as UpsertResult,
              ),
            );
        });
      });
    };
    // Answers every batch as soon as it is sent, oldest first, until the import settles.
    const release = async (done: Promise<unknown>) => {
      let settled = false;
      void done.finally(() => (settled = true)).catch(() => undefined);
      while (!settled) {
        await new Promise((r) => setImmediate(r));
        pending.shift()?.();
      }
    };
    return { upsert, release, stats: () => ({ sent, maxOpen, open }) };
  }

  const rows = (count: number) => Array.from({ length: count }, (_, i) => `lead${i}@example.com\n`).join('');

  it('sends the next batches while at most maxBatchesInFlight are unanswered, counting every answer', async () => {
    const service = heldService();
    const { report } = run(repeat('email\n', rows(1000), 1, 1), {
      upsert: service.upsert,
      batchSize: 100,
      maxBatchesInFlight: 3,
    });
    await service.release(report);
    const answer = await report;
    expect(service.stats()).toEqual({ sent: 10, maxOpen: 3, open: 0 });
    expect(answer).toMatchObject({ submitted: 1000, created: 990, rejected: 10 });
    expect(answer.errors.map((e) => e.row)).toEqual([1, 101, 201, 301, 401, 501, 601, 701, 801, 901]);
  });

  it('fails the import with a batch that fails, after the batches sent with it are answered', async () => {
    const service = heldService((batch) => batch === 2);
    const { report } = run(repeat('email\n', rows(1000), 1, 1), {
      upsert: service.upsert,
      batchSize: 100,
      maxBatchesInFlight: 3,
    });
    await service.release(report);
    await expect(report).rejects.toThrow('batch 2 failed');
    expect(service.stats().open).toBe(0);
  });
});
