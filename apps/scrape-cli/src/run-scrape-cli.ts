// `npm run scrape`: create the job, follow GET /api/status/<id> about once a second until it ends,
// print the summary. Ctrl-C (the `interrupt` signal) cancels the job. Returns the exit code.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ApiError,
  createScrapeApiClient,
  type ScrapeApiClient,
  type ScrapeJobView,
} from './scrape-api-client';
import { parseScrapeArgs, usage, UsageError, type ScrapeCommand } from './scrape-args';
import { isFinished, progressLine, summaryLines } from './scrape-progress';

export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stdout is a terminal: one progress line redrawn in place; otherwise plain lines as it changes. */
  isTty: boolean;
  /** Aborted when the user presses Ctrl-C. */
  interrupt: AbortSignal;
  fetch?: typeof fetch;
  /** Between two status requests (default 1 s). */
  pollIntervalMs?: number;
}

export const exitCodes = { succeeded: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** Status requests that may fail in a row (no answer, 429, 5xx) before the CLI gives up. */
const maxFailuresInARow = 30;
/** Without a terminal, an unchanged job is not printed again, and a changing one at most this often. */
const plainLineIntervalMs = 5_000;
const clearLine = '\r\x1b[2K';

export async function runScrapeCli(argv: readonly string[], io: CliIo): Promise<number> {
  let command: ScrapeCommand | 'help';
  try {
    command = parseScrapeArgs(argv, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`error: ${error.message}\n\n${usage}\n`);
    return exitCodes.usage;
  }
  if (command === 'help') {
    io.stdout(`${usage}\n`);
    return exitCodes.succeeded;
  }
  const key = command.key;
  const api = createScrapeApiClient({ apiUrl: command.apiUrl, key, fetch: io.fetch });
  const display = createDisplay(io);
  try {
    return await scrape(command, api, io, display);
  } catch (error) {
    display.end();
    // No message of ours holds the key; a peer's might echo it.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`error: ${message.split(key).join('***')}\n`);
    return exitCodes.failed;
  }
}

async function scrape(
  command: ScrapeCommand,
  api: ScrapeApiClient,
  io: CliIo,
  display: Display,
): Promise<number> {
  const started = Date.now();
  // Not abortable: a job the gateway created must be known, to be cancelled.
  const { job, statusPath } = await api.createJob(command.request);
  io.stdout(`Scrape job ${job.id} ${job.status}: ${job.spec.seedUrls.join(' ')}\n`);
  let current = job;
  let failures = 0;
  while (!isFinished(current) && !io.interrupt.aborted) {
    display.show(current, Date.now() - started);
    await sleep(io.pollIntervalMs ?? 1000, undefined, { signal: io.interrupt }).catch(() => undefined);
    if (io.interrupt.aborted) break;
    try {
      current = await api.getStatus(statusPath, io.interrupt);
      failures = 0;
    } catch (error) {
      if (io.interrupt.aborted) break;
      if (!(error instanceof ApiError) || !error.transient || ++failures >= maxFailuresInARow) throw error;
      display.note(`retrying: ${error.message}`);
      const wait = (error.retryAfterSeconds ?? 0) * 1000;
      await sleep(wait, undefined, { signal: io.interrupt }).catch(() => undefined);
    }
  }
  display.end();
  const interrupted = io.interrupt.aborted;
  if (interrupted && !isFinished(current)) {
    io.stdout(`Cancelling scrape job ${current.id}…\n`);
    current = await cancelled(api, current, statusPath);
  }
  io.stdout(`${summaryLines(current, command.apiUrl, Date.now() - started).join('\n')}\n`);
  if (interrupted) return exitCodes.interrupted;
  return current.status === 'succeeded' ? exitCodes.succeeded : exitCodes.failed;
}

/** Cancels the job; one that ended meanwhile (409) is shown as it ended. */
async function cancelled(api: ScrapeApiClient, job: ScrapeJobView, statusPath: string) {
  try {
    return await api.cancelJob(job.id);
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) return api.getStatus(statusPath);
    throw error;
  }
}

interface Display {
  show(job: ScrapeJobView, elapsedMs: number): void;
  /** A passing remark (a retried request) shown until the next progress. */
  note(text: string): void;
  /** Leaves the terminal's line clean for what follows. */
  end(): void;
}

function createDisplay(io: CliIo): Display {
  if (io.isTty) {
    let drawn = false;
    const draw = (text: string) => {
      io.stdout(`${clearLine}${text}`);
      drawn = true;
    };
    return {
      show: (job, elapsedMs) => draw(progressLine(job, elapsedMs)),
      note: (text) => draw(text),
      end: () => {
        if (drawn) io.stdout(clearLine);
        drawn = false;
      },
    };
  }
  let lastNews = '';
  let lastStatus = '';
  let lastAt = -Infinity;
  return {
    show: (job, elapsedMs) => {
      // The clock alone moving is not news; a new status is printed at once, other news at most
      // every few seconds (the summary has the last word).
      const line = progressLine(job, elapsedMs, false);
      const news = line.slice(0, line.lastIndexOf(' · '));
      const due = job.status !== lastStatus || Date.now() - lastAt >= plainLineIntervalMs;
      if (news === lastNews || !due) return;
      io.stdout(`${line}\n`);
      [lastNews, lastStatus, lastAt] = [news, job.status, Date.now()];
    },
    note: (text) => io.stdout(`${text}\n`),
    end: () => undefined,
  };
}
