import { parseLsn } from './replica-lsn';
import { createMemoryWriteMarks } from './replica-write-marks';

describe('WAL positions', () => {
  it('compare as numbers of bytes, past 2^32', () => {
    expect(parseLsn('0/3000060')).toBe(0x3000060n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect(parseLsn('1/0') > parseLsn('0/FFFFFFFF')).toBe(true);
    expect(() => parseLsn('nope')).toThrow(/not a WAL position/);
  });
});

describe('memory write marks', () => {
  it('only ever raise a scope’s mark, and forget it after its time', async () => {
    let now = 1_000;
    const marks = createMemoryWriteMarks(() => now);
    await marks.note('a', 200n, 60_000);
    await marks.note('a', 100n, 60_000);
    expect(await marks.get('a')).toBe(200n);
    expect(await marks.get('b')).toBeUndefined();
    now += 60_000;
    expect(await marks.get('a')).toBeUndefined();
  });
});
