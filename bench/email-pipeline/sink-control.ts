// Starting the sink process (smtp-sink.ts) and asking it for its counts.
import { startBenchProcess, type BenchProcess } from './bench-process';

export interface SinkCounts {
  accepted: number;
  unique: number;
  duplicates: number;
  missingIds: number;
  firstAt: number;
  lastAt: number;
  /** When `accepted` reached the target given to resetSink; 0 until then. */
  reachedAt: number;
}

export interface SinkProcess {
  process: BenchProcess;
  smtpPort: number;
  httpPort: number;
}

export async function startSinkProcess(): Promise<SinkProcess> {
  const process = startBenchProcess('smtp-sink', 'bench/email-pipeline/smtp-sink.ts', { quiet: true });
  const ports = JSON.parse(await process.waitForLine(/"smtpPort"/, 60_000)) as {
    smtpPort: number;
    httpPort: number;
  };
  return { process, ...ports };
}

export async function readSinkCounts(httpPort: number): Promise<SinkCounts> {
  const response = await fetch(`http://127.0.0.1:${httpPort}/counts`);
  return (await response.json()) as SinkCounts;
}

/** Forgets every message so far; `reachedAt` will be when `target` messages were accepted. */
export async function resetSink(httpPort: number, target: number): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${httpPort}/reset?target=${target}`, { method: 'POST' });
  if (!response.ok) throw new Error(`the sink answered ${response.status} to reset`);
}
