// Prints the benchmark's tables (markdown, for bench/README.md).
import { cpus } from 'node:os';
import type { CpuUsage } from './cpu-usage';
import type { PipelineResult, RawResult } from './measure';

const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

export function printReport(raw: RawResult[], pipelines: PipelineResult[]): void {
  // A pipeline with N worker processes sends over N pools; it is compared with raw pools as large.
  const rawRate = (connections: number, composer: RawResult['composer'] = 'nodemailer') => {
    const same = raw.filter((r) => r.connections === connections && r.composer === composer);
    return same.reduce((sum, r) => sum + r.emailsPerSecond, 0) / Math.max(1, same.length);
  };
  const connectionsOf = (p: PipelineResult) => p.workers * p.connectionsPerWorker;
  console.log('| path | emails | seconds | emails/s | ratio to raw | sink duplicates | not sent |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  const seen = new Set<string>();
  for (const r of raw) {
    const key = `${r.connections} ${r.composer}`;
    const when = seen.has(key) ? 'after' : 'before';
    seen.add(key);
    const composed = r.composer === 'service' ? ', composed like the email service' : '';
    console.log(
      `| raw: nodemailer pool of ${r.connections}${composed} → sink (${when}) | ${thousands(r.emails)} | ` +
        `${r.seconds.toFixed(1)} | ${thousands(r.emailsPerSecond)} | – | ${r.duplicates} | ${r.errors} |`,
    );
  }
  for (const p of pipelines) {
    const workers = `${p.workers} email worker process${p.workers > 1 ? 'es' : ''}`;
    const ratio = p.emailsPerSecond / rawRate(connectionsOf(p));
    console.log(
      `| pipeline: launch → sink, ${workers} (${connectionsOf(p)} connections) | ` +
        `${thousands(p.recipients)} | ${p.seconds.toFixed(1)} | ${thousands(p.emailsPerSecond)} | ` +
        `**${ratio.toFixed(2)}** | ${p.final.sink.duplicates} | ${p.final.otherFinal} |`,
    );
  }
  const means = [...new Set(pipelines.map(connectionsOf))]
    .map((connections) => `${thousands(rawRate(connections))} emails/s with ${connections} connections`)
    .join(', ');
  console.log(`\nratios against the raw mean with as many SMTP connections: ${means}`);
  // Not the target's limit, but what the same pools do with the service's cheaper composer.
  const composedAlike = pipelines
    .map((p) => {
      const rate = rawRate(connectionsOf(p), 'service');
      return `${p.workers} worker process(es) ${(p.emailsPerSecond / rate).toFixed(2)} (of ${thousands(rate)} emails/s)`;
    })
    .join(', ');
  console.log(`ratios against raw pools sending messages composed like the email service: ${composedAlike}`);

  for (const p of pipelines) {
    console.log(
      `\n${p.workers} worker process(es): first email ${p.firstEmailSeconds.toFixed(1)} s after launch; ` +
        `every task handed over by ${p.handedOverSeconds.toFixed(0)} s and every delivery in the ` +
        `ledger by ${p.inLedgerSeconds.toFixed(0)} s (looked at every 10 s); sink complete at ` +
        `${p.seconds.toFixed(1)} s; ledger all sent at ${p.ledgerSeconds.toFixed(1)} s; campaign tasks marked sent: ` +
        `${p.final.tasksSent}; distinct Message-IDs at the sink: ${p.final.sink.unique}`,
    );
    printCpu(p.cpu);
    if (p.sql) printSql(p.sql);
  }
  for (const r of raw) {
    console.log(`\nraw, ${thousands(r.emails)} emails, pool of ${r.connections}, composed by ${r.composer}:`);
    printCpu(r.cpu);
  }
}

function printCpu(cpu: CpuUsage): void {
  console.log(`\nCPU over the ${cpu.seconds.toFixed(1)} s measured (1.00 = one core busy the whole time):\n`);
  console.log('| process | CPU s | cores |');
  console.log('| --- | --- | --- |');
  for (const row of [...cpu.rows].sort((a, b) => b.cpuSeconds - a.cpuSeconds)) {
    console.log(`| ${row.name} | ${row.cpuSeconds.toFixed(1)} | ${row.coreShare.toFixed(2)} |`);
  }
  const cores = cpus().length;
  console.log(`| machine (all processes) | – | ${(cpu.machineBusy * cores).toFixed(2)} of ${cores} |`);
  console.log(`| taken by other guests of the host (steal) | – | ${(cpu.machineSteal * cores).toFixed(2)} |`);
}

function printSql(sql: NonNullable<PipelineResult['sql']>): void {
  console.log(
    `\nPostgreSQL connections busy, on average over ${sql.samples} samples of pg_stat_activity ` +
      '(top 15; "idle in transaction" = a transaction the application holds open):\n',
  );
  console.log('| database | statement [wait] | connections |');
  console.log('| --- | --- | --- |');
  for (const row of sql.rows.slice(0, 15)) {
    console.log(`| ${row.database} | \`${row.what.replace(/\|/g, '\\|')}\` | ${row.share.toFixed(2)} |`);
  }
}
