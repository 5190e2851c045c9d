import { Agent } from 'node:http';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import fc from 'fast-check';
import { checkResponse } from './check-response';
import type { FuzzTargets } from './fuzz-targets';
import { readOperations, type Operation } from './openapi-operations';
import { requestsArbitrary, type FuzzRequest } from './request-arbitrary';
import { sendRequest } from './send-request';

export interface FuzzRunOptions {
  baseUrl: string;
  targets: FuzzTargets;
  seed: number;
  runs: number;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** The gateway's JSON body limit (default 1 MiB). */
  bodyLimitBytes?: number;
  /** The largest answer allowed (default 1 MiB). */
  maxResponseBytes?: number;
  timeoutMs?: number;
  /** Called every few hundred requests, for a long run's progress line. */
  onProgress?(done: number): void;
}

/** One kind of failure (operation and reasons), how often it happened, and its first request. */
export interface FuzzFinding {
  operation: string;
  reasons: string[];
  count: number;
  /** The index of the first request that showed it (same seed: same request). */
  index: number;
  example: string;
}

export interface FuzzReport {
  seed: number;
  requests: number;
  byStatus: Record<string, number>;
  byClass: Record<string, number>;
  byOperation: Record<string, Record<string, number>>;
  findings: FuzzFinding[];
  /**
   * Requests generated to fit the contract that were refused anyway, by operation: how many, and
   * the first answer's status and detail (why coverage stops there: a missing id, a state rule…).
   */
  refusedFitting: Record<string, { count: number; first: string }>;
  /** The event loop of this process (the platform's, when it runs here), in milliseconds. */
  eventLoopDelay: { p50: number; p99: number; max: number };
  /**
   * The longest stalls of the event loop (over 250 ms): how long, the CPU time the loop's thread used
   * meanwhile (about as much as the stall: code blocked the loop; much less: the machine was busy
   * elsewhere and the thread waited for a core), the garbage collector's pauses within it, and the
   * requests in flight.
   */
  stalls: { ms: number; cpuMs: number; gcMs: number; inFlight: string[] }[];
  /**
   * The longest stall during which the loop's thread was busy (CPU time at least half the stall),
   * less the garbage collector's pauses: a parser that blocks the loop runs code, not the collector.
   */
  longestBusyStallMs: number;
  /**
   * 503s answered while this process's loop stood still for at least `stalledUnavailableMs` of the
   * request's time (the collector or a machine busy elsewhere): the in-process services missed their
   * deadline because nothing here ran, which is the answer an overloaded service owes. Listed, not
   * findings; a 503 without such a stall is a finding.
   */
  unavailableDuringStalls: { operation: string; stalledMs: number; example: string }[];
  durationMs: number;
}

/** How much of a request's time the loop must have stood still for its 503 to be the stall's doing. */
const stalledUnavailableMs = 2_000;

const mebibyte = 1024 * 1024;
/** Requests are generated in chunks, each from its own seed: a long run never holds them all. */
const chunkSize = 10;

/** Sends `runs` generated requests for every operation of the gateway's OpenAPI document and checks each answer. */
export async function runFuzz(options: FuzzRunOptions): Promise<FuzzReport> {
  const baseUrl = new URL(options.baseUrl);
  const documentResponse = await fetch(new URL('/openapi.json', baseUrl));
  const operations: Operation[] = readOperations(await documentResponse.json());
  const bodyLimitBytes = options.bodyLimitBytes ?? mebibyte;
  const maxBytes = options.maxResponseBytes ?? mebibyte;
  const arbitrary = requestsArbitrary(operations, options.targets, { bodyLimitBytes });
  const concurrency = options.concurrency ?? 4;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const rules = { maxBytes, secrets: [options.targets.own.key, options.targets.other.key] };
  const report: FuzzReport = {
    seed: options.seed,
    requests: 0,
    byStatus: {},
    byClass: {},
    byOperation: {},
    findings: [],
    refusedFitting: {},
    eventLoopDelay: { p50: 0, p99: 0, max: 0 },
    stalls: [],
    longestBusyStallMs: 0,
    unavailableDuringStalls: [],
    durationMs: 0,
  };
  // 503s are judged once the run is over, against the stalls seen while they were in flight.
  const unavailable: {
    index: number;
    request: FuzzRequest;
    start: number;
    end: number;
    reasons: string[];
  }[] = [];
  const findings = new Map<string, FuzzFinding>();
  const record = (index: number, request: FuzzRequest, reasons: string[]) => {
    const key = `${request.operation}\n${reasons.join('\n')}`;
    const known = findings.get(key);
    if (known) known.count += 1;
    else
      findings.set(key, {
        operation: request.operation,
        reasons,
        count: 1,
        index,
        example: describeRequest(request),
      });
  };

  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  // Which requests were in flight when the loop stalled: the suspects, for a finding's reproduction.
  const inFlight = new Map<number, FuzzRequest>();
  let lastTick = performance.now();
  // This thread's CPU only: the process's would count the scraper's extraction threads and the
  // collector's helper threads, which never block the loop.
  const threadCpu = (previous?: NodeJS.CpuUsage) => process.threadCpuUsage(previous);
  let lastCpu = threadCpu();
  // The generator runs on the loop it measures (the platform is in this process): the time it spent
  // since the last tick is the test's own, not the platform's, and is left out of a stall.
  let generatingMs = 0;
  // Pauses of the collector, matched to the stalls once the run is over: an observer's entries
  // arrive a little after the pause, often after the tick that saw the stall.
  const pauses: { start: number; end: number }[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    // Short scavenges cannot make a stall and would pile up over a long run.
    for (const entry of list.getEntries())
      if (entry.duration >= 10)
        pauses.push({ start: entry.startTime, end: entry.startTime + entry.duration });
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const seen: { start: number; end: number; ms: number; cpuMs: number; inFlight: string[] }[] = [];
  const ticker = setInterval(() => {
    const now = performance.now();
    const stalled = now - lastTick - 20 - generatingMs;
    const cpu = threadCpu(lastCpu);
    const start = lastTick;
    [lastTick, lastCpu, generatingMs] = [now, threadCpu(), 0];
    if (stalled < 250) return;
    const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
    const suspects = [...inFlight.values()].map((request) => describeRequest(request, 160));
    seen.push({ start, end: now, ms: Math.round(stalled), cpuMs, inFlight: suspects });
  }, 20);
  const started = performance.now();
  let next = 0;
  let chunk: FuzzRequest[] = [];
  let chunkStart = 0;
  const take = (): [number, FuzzRequest] | undefined => {
    if (next >= options.runs) return undefined;
    if (next - chunkStart >= chunk.length) {
      chunkStart = next;
      const seed = (options.seed + Math.imul(next / chunkSize + 1, 0x9e3779b1)) | 0;
      const generating = performance.now();
      chunk = fc.sample(arbitrary, { seed, numRuns: Math.min(chunkSize, options.runs - next) });
      generatingMs += performance.now() - generating;
    }
    const index = next;
    next += 1;
    return [index, chunk[index - chunkStart] as FuzzRequest];
  };
  const worker = async () => {
    for (let item = take(); item; item = take()) {
      const [index, request] = item;
      inFlight.set(index, request);
      const cls = await sendOne(index, request);
      inFlight.delete(index);
      report.requests += 1;
      const counts = (report.byOperation[request.operation] ??= {});
      counts[cls] = (counts[cls] ?? 0) + 1;
      report.byClass[cls] = (report.byClass[cls] ?? 0) + 1;
      if (report.requests % 500 === 0) options.onProgress?.(report.requests);
    }
  };
  const sendOne = async (index: number, request: FuzzRequest): Promise<string> => {
    try {
      const sent = performance.now();
      const response = await sendRequest(baseUrl, request, {
        agent,
        maxBytes,
        timeoutMs: options.timeoutMs ?? 60_000,
      });
      report.byStatus[response.status] = (report.byStatus[response.status] ?? 0) + 1;
      const reasons = checkResponse(request, response, rules);
      if (response.status === 503 && reasons.length === 1)
        unavailable.push({ index, request, start: sent, end: performance.now(), reasons });
      else if (reasons.length > 0) record(index, request, reasons);
      if (!request.hostile && response.status >= 400) {
        const refused = (report.refusedFitting[request.operation] ??= { count: 0, first: '' });
        refused.count += 1;
        if (!refused.first) refused.first = `${response.status} ${detailOf(response.body)}`;
      }
      return `${Math.floor(response.status / 100)}xx`;
    } catch (error) {
      record(index, request, [`no answer: ${(error as Error).message}`]);
      return 'no answer';
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    clearInterval(ticker);
    gcObserver.disconnect();
    delay.disable();
    agent.destroy();
  }
  for (const stall of seen) {
    const gcMs = Math.round(
      pauses.reduce(
        (sum, pause) =>
          sum + Math.max(0, Math.min(pause.end, stall.end) - Math.max(pause.start, stall.start)),
        0,
      ),
    );
    if (stall.cpuMs >= stall.ms / 2)
      report.longestBusyStallMs = Math.max(report.longestBusyStallMs, stall.ms - gcMs);
    report.stalls.push({ ms: stall.ms, cpuMs: stall.cpuMs, gcMs, inFlight: stall.inFlight });
  }
  report.stalls.sort((a, b) => b.ms - a.ms).splice(5);
  for (const answer of unavailable) {
    const stalledMs = seen.reduce(
      (sum, stall) =>
        sum + Math.max(0, Math.min(stall.end, answer.end) - Math.max(stall.start, answer.start)),
      0,
    );
    if (stalledMs < stalledUnavailableMs) record(answer.index, answer.request, answer.reasons);
    else
      report.unavailableDuringStalls.push({
        operation: answer.request.operation,
        stalledMs: Math.round(stalledMs),
        example: describeRequest(answer.request),
      });
  }
  report.durationMs = performance.now() - started;
  report.eventLoopDelay = {
    p50: delay.percentile(50) / 1e6,
    p99: delay.percentile(99) / 1e6,
    max: delay.max / 1e6,
  };
  report.findings = [...findings.values()].sort((a, b) => b.count - a.count);
  return report;
}

function detailOf(body: Buffer): string {
  try {
    return String((JSON.parse(body.toString('utf8')) as { detail?: unknown }).detail ?? '').slice(0, 200);
  } catch {
    return '';
  }
}

/** A request as a reproduction: method, path, the headers that matter, and the start of the body. */
export function describeRequest(request: FuzzRequest, bodyChars = 300): string {
  const clip = (text: string, max: number) =>
    text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
  const headers = Object.entries(request.headers)
    .map(
      ([name, value]) =>
        `${name}: ${clip(name === 'authorization' ? value.replace(/crk_\S+/, '$KEY') : value, 80)}`,
    )
    .join(' | ');
  const body =
    request.body === undefined
      ? ''
      : ` body: ${clip(JSON.stringify(request.body.toString('utf8')), bodyChars)}`;
  return `${request.method} ${clip(request.path, 300)} [${headers}]${body}`;
}
