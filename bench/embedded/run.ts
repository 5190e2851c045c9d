// Benchmark: the embedded platform's footprint (issue 18 §4). `npm start`'s entry point as its own
// process on a fresh data directory: the time to GET /ready on the first start (migrations) and on a
// second start of the same directory (warm); its RSS idle, after a 100,000-row CSV import through the
// API and after a campaign to 10,000 leads has sent (to a loopback SMTP sink); the heap after V8's
// latest full collection and the longest garbage-collection pause of each phase (--trace-gc).
// Usage: npm run bench:embedded   (BENCH_SMOKE=1: 1,000 rows, 100 leads, nothing asserted)
//        BENCH_NODE_ARGS='--heapsnapshot-signal=SIGUSR2' adds Node flags to the platform's process.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@coldreach/testing';
import { benchSmoke } from '../bench-kafka';
import { runBench } from '../run-bench';
import { startSinkProcess, type SinkProcess } from '../email-pipeline/sink-control';
import { startPlatformProcess, type PlatformProcess } from './platform-process';
import { importCsv, leadsCsv, sendCampaign } from './workload';

const sizes = benchSmoke ? { rows: 1_000, recipients: 100 } : { rows: 100_000, recipients: 10_000 };
/** How long the process is left alone before its idle RSS is read. */
const settleMs = benchSmoke ? 1_000 : 15_000;
const budget = { warmReadyMs: 5_000, firstReadyMs: 10_000, rssMiB: 600 };
const dataDir = mkdtempSync(join(tmpdir(), 'bench-embedded-'));
let platform: PlatformProcess | undefined;
let sink: SinkProcess | undefined;

interface Row {
  phase: string;
  rssMiB: number;
  peakMiB: number;
  heapMb: number;
  gcMaxMs: number;
  gcKind: string;
  longPauses: number;
  note: string;
}

async function start(port: number): Promise<{ process: PlatformProcess; readyMs: number; cpuS: number }> {
  const started = startPlatformProcess(port, {
    COLDREACH_DATA_DIR: dataDir,
    SERVICES_BASE_PORT: '0',
    LOG_LEVEL: 'warn',
    // Nothing here crawls or verifies; were it to, it would not leave the machine.
    SCRAPER_DNS_SERVERS: '127.0.0.1:9',
    VERIFY_DNS_SERVERS: '127.0.0.1:9',
    SCRAPER_PUBLIC_ADDRESSES: 'deny',
  });
  platform = started;
  const readyMs = await started.ready(600_000);
  const cpuS = started.cpuSeconds();
  await started.banner();
  return { process: started, readyMs, cpuS };
}

const settle = () => new Promise((resolveSettle) => setTimeout(resolveSettle, settleMs));

function row(process: PlatformProcess, phase: string, note = ''): Row {
  const gc = process.gc();
  process.resetGc();
  const measured = {
    phase,
    rssMiB: process.memoryMiB('VmRSS'),
    peakMiB: process.memoryMiB('VmHWM'),
    heapMb: gc.heapAfterFullGcMb,
    gcMaxMs: gc.maxPauseMs,
    gcKind: gc.maxPauseKind,
    longPauses: gc.longPauses,
    note,
  };
  // Printed as it is measured too, so a run that fails later still says what it saw.
  console.log(`  ${phase}: RSS ${measured.rssMiB} MiB, longest GC pause ${measured.gcMaxMs} ms ${note}`);
  return measured;
}

async function main(): Promise<void> {
  sink = await startSinkProcess();
  // The gateway's port is chosen here rather than by PORT=0 so /ready can be polled from the spawn.
  const port = await freePort();

  const first = await start(port);
  console.log(`first start (migrations): ready in ${first.readyMs} ms, ${first.cpuS} CPU s`);
  const firstGc = first.process.gc();
  const firstExit = await first.process.stop();
  if (firstExit !== 0) throw new Error(`the first start exited with ${firstExit}:\n${first.process.tail()}`);

  const warm = await start(port);
  const { process } = warm;
  console.log(`second start (warm): ready in ${warm.readyMs} ms, ${warm.cpuS} CPU s`);
  const rows: Row[] = [];
  rows.push(row(process, 'started (warm), at /ready'));
  await settle();
  rows.push(row(process, `idle, ${settleMs / 1000} s later`));

  const api = { baseUrl: process.baseUrl, key: readFileSync(join(dataDir, 'api-key'), 'utf8').trim() };
  const csv = leadsCsv(sizes.rows, sizes.recipients);
  let startedAt = Date.now();
  const { report, refused } = await importCsv(api, csv);
  const importSeconds = (Date.now() - startedAt) / 1000;
  rows.push(
    row(
      process,
      `${sizes.rows} rows imported`,
      `${importSeconds.toFixed(1)} s, ${refused} × 503 first; ${summary(report)}`,
    ),
  );
  await settle();
  rows.push(row(process, `idle after the import`));

  startedAt = Date.now();
  await sendCampaign(api, sink, sizes.recipients);
  const campaignSeconds = (Date.now() - startedAt) / 1000;
  rows.push(row(process, `campaign to ${sizes.recipients} sent`, `${campaignSeconds.toFixed(1)} s`));
  await settle();
  rows.push(row(process, `idle after the campaign`));
  const exit = await process.stop();
  if (exit !== 0) throw new Error(`the platform exited with ${exit}:\n${process.tail()}`);

  const verdict = (ok: boolean) => (benchSmoke ? '(smoke)' : ok ? 'within' : '**over**');
  const idle = rows[1]?.rssMiB ?? 0;
  const last = rows[rows.length - 1]?.rssMiB ?? 0;
  console.log(
    `\n${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${globalThis.process.versions.node}, load average ${loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')}${benchSmoke ? ', BENCH_SMOKE' : ''}`,
  );
  console.log('| start | ready | CPU used until then | budget | |\n| --- | --- | --- | --- | --- |');
  console.log(
    `| first (migrations) | ${first.readyMs} ms | ${first.cpuS} s | ≤ ${budget.firstReadyMs} ms | ${verdict(first.readyMs <= budget.firstReadyMs)} |`,
  );
  console.log(
    `| second (warm) | ${warm.readyMs} ms | ${warm.cpuS} s | ≤ ${budget.warmReadyMs} ms | ${verdict(warm.readyMs <= budget.warmReadyMs)} |`,
  );
  console.log(
    `first start's longest GC pause: ${firstGc.maxPauseMs} ms (${firstGc.maxPauseKind}), ${firstGc.longPauses} ≥ 100 ms\n`,
  );
  console.log(
    '| phase | RSS MiB | peak RSS MiB | heap after last full GC MB | longest GC pause ms | pauses ≥ 100 ms | |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(
      `| ${r.phase} | ${r.rssMiB} | ${r.peakMiB} | ${r.heapMb || '–'} | ${r.gcMaxMs}${r.gcKind ? ` (${r.gcKind})` : ''} | ${r.longPauses} | ${r.note} |`,
    );
  }
  console.log(
    `\nidle RSS ${idle} MiB, after the import and the campaign ${last} MiB: ≤ ${budget.rssMiB} MiB ${verdict(Math.max(idle, last) <= budget.rssMiB)}`,
  );
}

function summary(report: Record<string, unknown>): string {
  return Object.entries(report)
    .filter(([, value]) => typeof value === 'number')
    .map(([name, value]) => `${name} ${String(value)}`)
    .join(', ');
}

runBench(main, async () => {
  if (platform) await platform.stop();
  await sink?.process.stop();
  rmSync(dataDir, { recursive: true, force: true });
});
