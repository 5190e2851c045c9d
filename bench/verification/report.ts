// The benchmark's markdown report: one row per measurement, the ratio to the limit, where the CPU went.
import type { CpuUsage } from '../email-pipeline/cpu-usage';
import type { LeadCheck } from './corpus-leads';
import type { JobRow } from './cold-reach-verify';
import type { VerdictName } from './corpus-plan';

export interface RawResult {
  lookups: number;
  elapsedMs: number;
  cpuMs: number;
  outcomes: Record<string, number>;
}

export interface ColdReachResult {
  probe: boolean;
  job: JobRow;
  usage: CpuUsage;
  expected: Record<VerdictName, number>;
  leads: LeadCheck;
  dnsQueries: Record<string, number>;
}

const number = (value: number) => Math.round(value).toLocaleString('en-US');
const rateOf = (count: number, ms: number) => (count * 1000) / ms;
const verdicts = (counts: Record<VerdictName, number>) =>
  `${number(counts.safe)} / ${number(counts.risky)} / ${number(counts.invalid)} / ${number(counts.unknown)}`;
const queries = (byType: Record<string, number>) =>
  Object.entries(byType)
    .map(([type, count]) => `${number(count)} ${type}`)
    .join(', ');

export function printReport(raws: readonly RawResult[], measured: readonly ColdReachResult[]): void {
  console.log(
    '| measurement | addresses | s | addresses/s | DNS queries | CPU ms/address | safe / risky / invalid / unknown | answer key |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const entry of measured) {
    const elapsedMs = entry.job.elapsed_ms ?? 0;
    const service = entry.usage.rows.find((row) => row.name === 'scraper-service');
    const matches = entry.leads.mismatches === 0 && entry.leads.leads === entry.job.total;
    console.log(
      `| (${entry.probe ? 'b' : 'a'}) Cold Reach, probe ${entry.probe ? 'on' : 'off'} | ${number(entry.job.total)} ` +
        `| ${(elapsedMs / 1000).toFixed(1)} | ${number(rateOf(entry.job.checked, elapsedMs))} ` +
        `| ${queries(entry.dnsQueries)} | ${(((service?.cpuSeconds ?? 0) * 1000) / entry.job.checked).toFixed(2)} ` +
        `| ${verdicts(entry.job)} | ${matches ? 'all match' : `${entry.leads.mismatches} differ`} |`,
    );
  }
  raws.forEach((raw, index) => {
    const when = raws.length > 1 ? (index === 0 ? ', before' : ', after') : '';
    console.log(
      `| (c) raw resolveMx${when} | ${number(raw.lookups)} | ${(raw.elapsedMs / 1000).toFixed(1)} ` +
        `| ${number(rateOf(raw.lookups, raw.elapsedMs))} | ${number(raw.lookups)} MX ` +
        `| ${(raw.cpuMs / raw.lookups).toFixed(3)} | – | – |`,
    );
  });
  for (const entry of measured) printDetails(entry);
  const limit = raws.length
    ? raws.reduce((sum, raw) => sum + rateOf(raw.lookups, raw.elapsedMs), 0) / raws.length
    : undefined;
  if (limit === undefined) return;
  console.log(`\nlimit (mean of the raw lookups): ${number(limit)} lookups/s`);
  for (const entry of measured) {
    const ratio = rateOf(entry.job.checked, entry.job.elapsed_ms ?? 0) / limit;
    const verdict = entry.probe
      ? '(for information)'
      : ratio >= 0.5
        ? '≥ 0.5: target met'
        : '< 0.5: target NOT met';
    console.log(`(${entry.probe ? 'b' : 'a'}) / limit: **${ratio.toFixed(2)}** ${verdict}`);
  }
}

function printDetails(entry: ColdReachResult): void {
  const which = entry.probe ? '(b)' : '(a)';
  console.log(
    `\n${which} answer key ${verdicts(entry.expected)}; leads read back: ${number(entry.leads.leads)}, ` +
      `recorded ${Object.entries(entry.leads.recorded)
        .map(([verdict, count]) => `${verdict} ${number(count)}`)
        .join(', ')}`,
  );
  for (const example of entry.leads.examples) console.log(`  differs: ${example}`);
  const checked = Math.max(1, entry.job.checked);
  const rows = [...entry.usage.rows]
    .filter((row) => row.cpuSeconds > 0)
    .sort((x, y) => y.cpuSeconds - x.cpuSeconds);
  console.log(
    `${which} CPU over the job (${entry.usage.seconds.toFixed(1)} s, machine ${(entry.usage.machineBusy * 100).toFixed(0)}% busy): ` +
      rows
        .map(
          (row) =>
            `${row.name} ${row.cpuSeconds.toFixed(1)} s (${((row.cpuSeconds * 1000) / checked).toFixed(2)} ms/address)`,
        )
        .join('; '),
  );
}
