import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { extractPage } from './extract-page';
import type { ExtractAnswer, ExtractTask } from './extract-thread';
import type { PageExtraction } from './page-extraction';

/** Extracts pages off the crawl loop's thread, so fetching, claiming and writing never wait on parsing. */
export interface PageExtractor {
  extract(html: string, pageUrl: string): Promise<PageExtraction>;
  /** Ends the threads; extractions still running are refused. */
  close(): Promise<void>;
}

/** One thread per core beside the crawl loop's own, at most 4; none on a single core. */
export const defaultExtractThreads = (): number => Math.max(0, Math.min(4, availableParallelism() - 1));

interface ExtractThread {
  worker: Worker;
  pending: Map<number, { resolve: (extraction: PageExtraction) => void; reject: (error: Error) => void }>;
}

/**
 * `threads` worker threads (0: in the caller's thread), started with the first page, each page to the
 * least busy one. A thread that dies fails its pages (their URLs are fetched again after their lease)
 * and is started anew.
 */
export function createPageExtractor(options: { threads: number }): PageExtractor {
  if (options.threads <= 0) {
    return { extract: (html, pageUrl) => Promise.resolve(extractPage(html, pageUrl)), close: async () => {} };
  }
  let closed = false;
  let nextId = 0;
  const threads: ExtractThread[] = [];

  function start(slot: number): ExtractThread {
    const worker = new Worker(join(__dirname, 'extract-thread-bootstrap.js'));
    worker.unref();
    const thread: ExtractThread = { worker, pending: new Map() };
    worker.on('message', (answer: ExtractAnswer) => {
      const waiting = thread.pending.get(answer.id);
      thread.pending.delete(answer.id);
      if ('error' in answer) waiting?.reject(new Error(`extracting the page failed: ${answer.error}`));
      else waiting?.resolve(answer.extraction);
      if (thread.pending.size === 0) worker.unref();
    });
    // An 'error' is followed by 'exit', where the thread's pages fail.
    worker.on('error', () => {});
    worker.on('exit', () => {
      for (const waiting of thread.pending.values())
        waiting.reject(new Error('the extraction thread stopped'));
      thread.pending.clear();
      if (!closed && threads[slot] === thread) threads[slot] = start(slot);
    });
    return thread;
  }

  return {
    extract(html, pageUrl) {
      if (closed) return Promise.reject(new Error('the page extractor is closed'));
      // Started with the first page: a process that never crawls (npm start, mostly) never pays a
      // thread's memory and module loading.
      if (threads.length === 0) for (let slot = 0; slot < options.threads; slot++) threads.push(start(slot));
      const thread = threads.reduce((least, candidate) =>
        candidate.pending.size < least.pending.size ? candidate : least,
      );
      const id = nextId++;
      return new Promise((resolve, reject) => {
        thread.pending.set(id, { resolve, reject });
        thread.worker.ref();
        thread.worker.postMessage({ id, html, pageUrl } satisfies ExtractTask);
      });
    },
    async close() {
      closed = true;
      await Promise.all(threads.map((thread) => thread.worker.terminate()));
    },
  };
}
