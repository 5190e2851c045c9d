// The benchmark's markdown report: one row per measurement, the kinds against the answer key, the
// ratio to the limit (the mean of the raw fetches before and after) and where the CPU went.
import type { ReaderResult } from './cold-reach-read';
import type { RawFetchResult } from './raw-fetch';

const number = (value: number) => Math.round(value).toLocaleString('en-US');
const rateOf = (count: number, ms: number) => (count * 1000) / ms;
const kindList = (kinds: Record<string, number>) =>
  Object.entries(kinds)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, count]) => `${kind} ${number(count)}`)
    .join(', ');

export interface Report {
  raws: RawFetchResult[];
  classifyOnly?: RawFetchResult;
  reader?: ReaderResult;
  expected: Record<string, number>;
  expectedByClassifier: Record<string, number>;
}

function sameCounts(found: Record<string, number>, expected: Record<string, number>): boolean {
  const kinds = new Set([...Object.keys(found), ...Object.keys(expected)]);
  return [...kinds].every((kind) => (found[kind] ?? 0) === (expected[kind] ?? 0));
}

export function printReport({ raws, classifyOnly, reader, expected, expectedByClassifier }: Report): void {
  console.log(
    '| measurement | messages | MiB | s | messages/s | CPU ms/message (its process) | answer key |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  if (reader) {
    const service = reader.usage.rows.find((row) => row.name === 'email-service');
    const key =
      reader.mismatches === 0 && sameCounts(reader.kinds, expected)
        ? 'all match'
        : `${reader.mismatches} differ`;
    console.log(
      `| (a) Cold Reach: Email service reads and applies | ${number(reader.messages)} | – | ${(reader.elapsedMs / 1000).toFixed(1)} ` +
        `| ${number(rateOf(reader.messages, reader.elapsedMs))} | ${(((service?.cpuSeconds ?? 0) * 1000) / reader.messages).toFixed(2)} | ${key} |`,
    );
  }
  const row = (name: string, raw: RawFetchResult, key: string) =>
    console.log(
      `| ${name} | ${number(raw.messages)} | ${(raw.bytes / 2 ** 20).toFixed(0)} | ${(raw.elapsedMs / 1000).toFixed(1)} ` +
        `| ${number(rateOf(raw.messages, raw.elapsedMs))} | ${(raw.cpuMs / raw.messages).toFixed(2)} | ${key} |`,
    );
  if (classifyOnly) {
    const key =
      classifyOnly.mismatches === 0 && sameCounts(classifyOnly.kinds ?? {}, expectedByClassifier)
        ? 'all match'
        : `${classifyOnly.mismatches} differ`;
    row('(b) fetch + classifyMessage, no database', classifyOnly, key);
  }
  raws.forEach((raw, index) =>
    row(`(c) raw imapflow fetch${raws.length > 1 ? (index === 0 ? ', before' : ', after') : ''}`, raw, '–'),
  );

  console.log(`\nanswer key: ${kindList(expected)}`);
  if (reader) console.log(`(a) stored: ${kindList(reader.kinds)}`);
  if (classifyOnly?.kinds)
    console.log(`(b) classified: ${kindList(classifyOnly.kinds)} (unrelated mail reads as reply)`);
  if (reader) {
    const rows = [...reader.usage.rows]
      .filter((entry) => entry.cpuSeconds > 0)
      .sort((x, y) => y.cpuSeconds - x.cpuSeconds);
    console.log(
      `(a) CPU over the read (${reader.usage.seconds.toFixed(1)} s, machine ${(reader.usage.machineBusy * 100).toFixed(0)}% busy): ` +
        rows
          .map(
            (entry) =>
              `${entry.name} ${entry.cpuSeconds.toFixed(1)} s (${((entry.cpuSeconds * 1000) / reader.messages).toFixed(2)} ms/message)`,
          )
          .join('; '),
    );
  }
  if (raws.length === 0) return;
  const limit = raws.reduce((sum, raw) => sum + rateOf(raw.messages, raw.elapsedMs), 0) / raws.length;
  console.log(`\nlimit (mean of the raw fetches): ${number(limit)} messages/s`);
  const ratio = (name: string, rate: number, target: boolean) =>
    console.log(
      `${name} / limit: **${(rate / limit).toFixed(2)}**${target ? (rate / limit >= 0.5 ? ' ≥ 0.5: target met' : ' < 0.5: target NOT met') : ' (for information)'}`,
    );
  if (reader) ratio('(a)', rateOf(reader.messages, reader.elapsedMs), true);
  if (classifyOnly) ratio('(b)', rateOf(classifyOnly.messages, classifyOnly.elapsedMs), !reader);
}
